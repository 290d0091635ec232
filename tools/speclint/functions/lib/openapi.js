// Walks an OpenAPI 3.x document (unresolved: $refs are followed on demand, never inlined) and
// names what it finds the way the rule messages do: the schema, and the property path inside it.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Subschema keywords whose value is one schema, and how each changes the property path.
const ONE_SCHEMA = {
  items: (p) => `${p}[]`,
  additionalProperties: (p) => `${p}{}`,
  unevaluatedProperties: (p) => `${p}{}`,
  unevaluatedItems: (p) => `${p}[]`,
  contains: (p) => `${p}[]`,
  propertyNames: (p) => p,
  not: (p) => p,
  if: (p) => p,
  then: (p) => p,
  else: (p) => p,
};
// Keywords holding a list of schemas that all describe the same value.
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const decode = (token) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The node a local `#/…` reference points to, or undefined (external or dangling references). */
export function resolveRef(doc, ref) {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let node = doc;
  for (const token of ref.slice(1).split('/').filter(Boolean).map(decode)) {
    if (node === null || typeof node !== 'object' || !(token in node)) return undefined;
    node = node[token];
  }
  return node;
}

/** Follow a chain of $refs; returns the final schema and the component name it came from, if any. */
export function deref(doc, schema) {
  let name;
  const seen = new Set();
  while (isObject(schema) && typeof schema.$ref === 'string' && !seen.has(schema.$ref)) {
    seen.add(schema.$ref);
    name = schema.$ref.split('/').pop();
    schema = resolveRef(doc, schema.$ref);
  }
  return { schema, name };
}

/** How a finding names its place: "schema `X` property `a.b[]`". */
export function describe(where) {
  return `schema \`${where.schema}\`${where.property ? ` property \`${where.property}\`` : ''}`;
}

function operationLabel(operation, method, route) {
  return operation.operationId || `${method.toUpperCase()} ${route}`;
}

/** Every schema written in the document (never the target of a $ref twice), depth first. */
export function* schemaSites(doc) {
  for (const root of rootSchemas(doc)) yield* walkSchema(root.schema, root.path, { schema: root.name, property: '' });
}

function* walkSchema(schema, path, where) {
  if (!isObject(schema)) return;
  yield { node: schema, path, where };
  if (isObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      const property = where.property ? `${where.property}.${key}` : key;
      yield* walkSchema(sub, [...path, 'properties', key], { ...where, property });
    }
  }
  if (isObject(schema.patternProperties)) {
    for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
      yield* walkSchema(sub, [...path, 'patternProperties', pattern], { ...where, property: `${where.property}{${pattern}}` });
    }
  }
  for (const [keyword, next] of Object.entries(ONE_SCHEMA)) {
    if (isObject(schema[keyword])) yield* walkSchema(schema[keyword], [...path, keyword], { ...where, property: next(where.property) });
  }
  if (Array.isArray(schema.prefixItems)) {
    for (const [index, sub] of schema.prefixItems.entries()) {
      yield* walkSchema(sub, [...path, 'prefixItems', index], { ...where, property: `${where.property}[${index}]` });
    }
  }
  for (const keyword of SCHEMA_LISTS) {
    if (!Array.isArray(schema[keyword])) continue;
    for (const [index, sub] of schema[keyword].entries()) yield* walkSchema(sub, [...path, keyword, index], where);
  }
  for (const keyword of ['$defs', 'dependentSchemas']) {
    if (!isObject(schema[keyword])) continue;
    for (const [key, sub] of Object.entries(schema[keyword])) {
      yield* walkSchema(sub, [...path, keyword, key], { schema: `${where.schema}/${keyword}/${key}`, property: '' });
    }
  }
}

/** Where examples live outside schemas: media types, parameters and headers, each with its schema. */
export function* exampleHolders(doc) {
  for (const holder of holders(doc)) {
    if (isObject(holder.node) && !holder.node.$ref) yield holder;
  }
}

function* rootSchemas(doc) {
  const components = isObject(doc.components) ? doc.components : {};
  for (const [name, schema] of entries(components.schemas)) yield { schema, path: ['components', 'schemas', name], name };
  for (const holder of holders(doc)) {
    if (isObject(holder.node) && isObject(holder.node.schema)) {
      yield { schema: holder.node.schema, path: [...holder.path, 'schema'], name: holder.name };
    }
  }
}

// Parameters, headers and media types, wherever the document writes them.
function* holders(doc) {
  const components = isObject(doc.components) ? doc.components : {};
  for (const [name, parameter] of entries(components.parameters)) {
    yield { node: parameter, path: ['components', 'parameters', name], name: `parameter ${name}` };
  }
  for (const [name, header] of entries(components.headers)) {
    yield { node: header, path: ['components', 'headers', name], name: `header ${name}` };
  }
  for (const [name, response] of entries(components.responses)) {
    yield* responseHolders(response, ['components', 'responses', name], `response ${name}`);
  }
  for (const [name, body] of entries(components.requestBodies)) {
    yield* mediaHolders(body, ['components', 'requestBodies', name], `request body ${name}`);
  }
  const pathItemsSeen = new Set();
  for (const op of operations(doc)) {
    const label = operationLabel(op.operation, op.method, op.route);
    if (!pathItemsSeen.has(op.pathItem)) {
      pathItemsSeen.add(op.pathItem);
      for (const [index, parameter] of (Array.isArray(op.pathItem.parameters) ? op.pathItem.parameters : []).entries()) {
        yield { node: parameter, path: [op.section, op.route, 'parameters', index], name: `${op.route} parameter ${parameter.name || index}` };
      }
    }
    for (const [index, parameter] of (Array.isArray(op.operation.parameters) ? op.operation.parameters : []).entries()) {
      yield { node: parameter, path: [...op.path, 'parameters', index], name: `${label} parameter ${parameter.name || index}` };
    }
    yield* mediaHolders(op.operation.requestBody, [...op.path, 'requestBody'], `${label} request body`);
    for (const [status, response] of entries(op.operation.responses)) {
      yield* responseHolders(response, [...op.path, 'responses', status], `${label} response ${status}`);
    }
  }
}

function* responseHolders(response, path, name) {
  if (!isObject(response)) return;
  for (const [header, definition] of entries(response.headers)) {
    yield { node: definition, path: [...path, 'headers', header], name: `${name} header ${header}` };
  }
  yield* mediaHolders(response, path, name);
}

function* mediaHolders(owner, path, name) {
  if (!isObject(owner)) return;
  for (const [mediaType, media] of entries(owner.content)) {
    yield { node: media, path: [...path, 'content', mediaType], name: `${name} (${mediaType})` };
  }
}

/** Every operation under `paths` and `webhooks`, with its effective place in the document. */
export function* operations(doc) {
  for (const section of ['paths', 'webhooks']) {
    for (const [route, pathItem] of entries(doc[section])) {
      if (!isObject(pathItem) || route.startsWith('x-')) continue;
      for (const method of HTTP_METHODS) {
        if (isObject(pathItem[method])) {
          yield { section, route, method, pathItem, operation: pathItem[method], path: [section, route, method] };
        }
      }
    }
  }
}

function entries(map) {
  return isObject(map) ? Object.entries(map).filter(([key]) => !key.startsWith('x-')) : [];
}
