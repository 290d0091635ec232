// (c) An example (or default) that does not validate against its own schema. Checks what Spectral's
// built-in example rules miss in OpenAPI 3.1: a schema's `examples` list; also `example`, `default`, and
// the examples of media types, parameters and headers. Formats are asserted (ajv-formats).
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, exampleHolders, resolveRef, schemaSites } from './lib/openapi.js';

const pointer = (path) => `#/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

function validatorFor(doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi-document');
  const compiled = new Map();
  return (schemaPath) => {
    const ref = `openapi-document${pointer(schemaPath)}`;
    if (!compiled.has(ref)) {
      let validate;
      try {
        validate = ajv.compile({ $ref: ref });
      } catch (error) {
        validate = { compileError: String(error.message || error) };
      }
      compiled.set(ref, validate);
    }
    return compiled.get(ref);
  };
}

// "/data/event_types/0" -> "property `data.event_types[0]`"
function propertyPath(instancePath) {
  const tokens = instancePath.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (tokens.length === 0) return 'the example';
  return `property \`${tokens.map((t, i) => (/^\d+$/.test(t) ? `[${t}]` : i ? `.${t}` : t)).join('')}\``;
}

// What is wrong with `value`, and the JSON path (inside it) of the first problem.
function problems(validate, value) {
  if (validate.compileError) return { found: [`its schema cannot be compiled (${validate.compileError})`], at: [] };
  if (validate(value)) return { found: [], at: [] };
  const [first] = validate.errors;
  const at = first.instancePath.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { found: validate.errors.map((e) => `${propertyPath(e.instancePath)} ${e.message}`), at };
}

// Every (label, value, where the value is, where its schema is) the document holds.
function* examples(doc) {
  for (const site of schemaSites(doc)) {
    const schema = site.node;
    if (Array.isArray(schema.examples)) {
      for (const [index, value] of schema.examples.entries()) {
        yield { owner: describe(site.where), label: `examples[${index}]`, value, path: [...site.path, 'examples', index], schemaPath: site.path };
      }
    }
    for (const keyword of ['example', 'default']) {
      if (keyword in schema) {
        yield { owner: describe(site.where), label: keyword, value: schema[keyword], path: [...site.path, keyword], schemaPath: site.path };
      }
    }
  }
  for (const holder of exampleHolders(doc)) {
    if (!holder.node.schema) continue;
    const schemaPath = [...holder.path, 'schema'];
    if ('example' in holder.node) {
      yield { owner: holder.name, label: 'example', value: holder.node.example, path: [...holder.path, 'example'], schemaPath };
    }
    for (const [name, example] of Object.entries(holder.node.examples || {})) {
      const resolved = example && example.$ref ? resolveRef(doc, example.$ref) : example;
      if (resolved && typeof resolved === 'object' && 'value' in resolved) {
        yield { owner: holder.name, label: `examples.${name}`, value: resolved.value, path: [...holder.path, 'examples', name], schemaPath };
      }
    }
  }
}

export default function exampleValid(doc) {
  const validatorAt = validatorFor(doc);
  const results = [];
  for (const example of examples(doc)) {
    const { found, at } = problems(validatorAt(example.schemaPath), example.value);
    if (found.length === 0) continue;
    const more = found.length > 3 ? ` (and ${found.length - 3} more)` : '';
    results.push({
      message: `${example.owner}: ${example.label} does not validate against its schema: ${found.slice(0, 3).join('; ')}${more}`,
      path: [...example.path, ...at],
    });
  }
  return results;
}
