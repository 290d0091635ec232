// (e) An operation that requires credentials (its own `security`, else the document's) but documents
// no 401: generated clients then have no typed answer for a rejected key.
import { operations } from './lib/openapi.js';

function requiresCredentials(requirements) {
  return Array.isArray(requirements) && requirements.length > 0 && requirements.every((r) => Object.keys(r || {}).length > 0);
}

export default function securedWithout401(doc) {
  const results = [];
  for (const op of operations(doc)) {
    if (op.section !== 'paths') continue; // a webhook is a request Sendmux sends; its security is the receiver's
    const requirements = op.operation.security !== undefined ? op.operation.security : doc.security;
    if (!requiresCredentials(requirements)) continue;
    const statuses = Object.keys(op.operation.responses || {}).map((s) => s.toUpperCase());
    if (statuses.includes('401') || statuses.includes('4XX')) continue;
    const schemes = [...new Set(requirements.flatMap((r) => Object.keys(r)))].join(' or ');
    results.push({
      message:
        `operation \`${op.operation.operationId || op.method.toUpperCase()}\` (${op.method.toUpperCase()} ${op.route}) ` +
        `requires ${schemes} but documents no 401 response`,
      path: [...op.path, 'responses'],
    });
  }
  return results;
}
