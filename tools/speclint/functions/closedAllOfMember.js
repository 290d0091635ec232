// (a) An allOf member that closes itself (additionalProperties or unevaluatedProperties: false) while
// another member, or the schema around the allOf, brings properties that member does not declare: no
// object carrying them validates. unevaluatedProperties: false on the combined schema is the fix.
import { deref, describe, schemaSites } from './lib/openapi.js';

// Property names a schema declares itself, through $ref and allOf as well.
function declared(doc, schema, seen = new Set()) {
  const { schema: target } = deref(doc, schema);
  const names = new Set();
  if (target === null || typeof target !== 'object' || seen.has(target)) return names;
  seen.add(target);
  for (const name of Object.keys(target.properties || {})) names.add(name);
  for (const name of Array.isArray(target.required) ? target.required : []) names.add(name);
  for (const member of Array.isArray(target.allOf) ? target.allOf : []) {
    for (const name of declared(doc, member, seen)) names.add(name);
  }
  return names;
}

function allows(doc, schema, name) {
  const { schema: target } = deref(doc, schema);
  if (Object.prototype.hasOwnProperty.call(target.properties || {}, name)) return true;
  if (Object.keys(target.patternProperties || {}).some((pattern) => new RegExp(pattern, 'u').test(name))) return true;
  return (Array.isArray(target.allOf) ? target.allOf : []).some((member) => allows(doc, member, name));
}

export default function closedAllOfMember(doc) {
  const results = [];
  for (const site of schemaSites(doc)) {
    const members = site.node.allOf;
    if (!Array.isArray(members) || members.length < 2) continue;
    members.forEach((member, index) => {
      const { schema, name } = deref(doc, member);
      if (schema === null || typeof schema !== 'object') return;
      const keyword = ['additionalProperties', 'unevaluatedProperties'].find((k) => schema[k] === false);
      if (!keyword) return;
      const brought = new Set(declared(doc, { properties: site.node.properties, required: site.node.required }));
      members.forEach((other, otherIndex) => {
        if (otherIndex !== index) for (const property of declared(doc, other)) brought.add(property);
      });
      const rejected = [...brought].filter((property) => !allows(doc, member, property)).sort();
      if (rejected.length === 0) return;
      const memberName = name ? `member ${index} (\`${name}\`)` : `member ${index}`;
      results.push({
        message:
          `${describe(site.where)}: allOf ${memberName} says ${keyword}: false, so ` +
          `${rejected.map((p) => `\`${p}\``).join(', ')} from the other members can never be present and ` +
          'no object carrying them validates; drop it from the member and put unevaluatedProperties: false ' +
          'on the combined schema',
        path: [...site.path, 'allOf', index],
      });
    });
  }
  return results;
}
