// (b) A schema whose type allows null but whose enum (its own, or one it takes through $ref or allOf)
// lacks null: every null the server sends fails validation.
import { deref, describe, schemaSites } from './lib/openapi.js';

function allowsNull(schema) {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('null') || schema.nullable === true;
}

function enumWithoutNull(schema) {
  return Array.isArray(schema.enum) && !schema.enum.includes(null);
}

const shown = (values) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;

export default function nullableEnumWithoutNull(doc) {
  const results = [];
  for (const site of schemaSites(doc)) {
    const schema = site.node;
    if (!allowsNull(schema)) continue;
    const fix = 'add null to the enum, or move the null into an anyOf beside it';
    if (enumWithoutNull(schema)) {
      results.push({
        message: `${describe(site.where)}: type allows null but enum ${shown(schema.enum)} lacks null, so every null fails; ${fix}`,
        path: [...site.path, 'enum'],
      });
      continue;
    }
    const inherited = [
      ['$ref', schema.$ref ? { $ref: schema.$ref } : undefined],
      ...(Array.isArray(schema.allOf) ? schema.allOf.map((member, index) => [`allOf/${index}`, member]) : []),
    ];
    for (const [where, member] of inherited) {
      if (!member) continue;
      const { schema: target, name } = deref(doc, member);
      if (target && typeof target === 'object' && enumWithoutNull(target)) {
        results.push({
          message:
            `${describe(site.where)}: type allows null but the enum it takes from ${name ? `\`${name}\`` : where} ` +
            `${shown(target.enum)} lacks null, so every null fails; ${fix}`,
          path: [...site.path, ...where.split('/').map((part) => (/^\d+$/.test(part) ? Number(part) : part))],
        });
      }
    }
  }
  return results;
}
