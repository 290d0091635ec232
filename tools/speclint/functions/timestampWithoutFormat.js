// (d) A string described as an ISO 8601 / RFC 3339 timestamp without `format: date-time` (or date,
// time, duration): generators then type it as a plain string.
import { describe, schemaSites } from './lib/openapi.js';

const TIMESTAMP_WORDS = /\b(ISO[ -]?8601|RFC[ -]?3339)\b/i;
const TIME_FORMATS = new Set(['date-time', 'date', 'time', 'duration']);

export default function timestampWithoutFormat(doc) {
  const results = [];
  for (const site of schemaSites(doc)) {
    const schema = site.node;
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.includes('string') || TIME_FORMATS.has(schema.format)) continue;
    const text = [schema.title, schema.description].filter((t) => typeof t === 'string').join(' ');
    const match = TIMESTAMP_WORDS.exec(text);
    if (!match) continue;
    results.push({
      message:
        `${describe(site.where)} is described as a timestamp ("${match[1]}") but has ` +
        `${schema.format ? `format: ${schema.format}` : 'no format'}; add format: date-time so generators parse it as one`,
      path: site.path,
    });
  }
  return results;
}
