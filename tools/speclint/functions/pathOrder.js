// (f) Two paths that match the same URL where only their order in the document says which one serves it.
// OpenAPI gives a literal segment precedence over a templated one (`/webhooks/event-types` over
// `/webhooks/{public_id}`), but a server or mock that routes in declaration order sends the literal path's
// requests to the templated one when the literal path comes second. Two cases are reported, at the later path:
// - the more literal path is declared after the templated one: declare it first;
// - neither is more literal than the other (`/a/{x}/c` and `/a/b/{y}` both match `/a/b/c`): only the order
//   decides, so rename one of them.
const isParam = (segment) => /^\{[^}]+\}$/.test(segment);
const segments = (route) => route.replace(/^\/+|\/+$/g, '').split('/');

/** The URL both match, or undefined when a literal segment of one differs from the other's. */
function overlap(a, b) {
  if (a.length !== b.length) return undefined;
  const url = [];
  for (let i = 0; i < a.length; i++) {
    if (isParam(a[i]) && isParam(b[i])) url.push('x');
    else if (isParam(a[i])) url.push(b[i]);
    else if (isParam(b[i]) || a[i] === b[i]) url.push(a[i]);
    else return undefined;
  }
  return `/${url.join('/')}`;
}

export default function pathOrder(doc) {
  const routes = Object.keys((doc && doc.paths) || {});
  const results = [];
  for (let j = 1; j < routes.length; j++) {
    for (let i = 0; i < j; i++) {
      const earlier = segments(routes[i]);
      const later = segments(routes[j]);
      const url = overlap(earlier, later);
      if (url === undefined) continue;
      const laterMoreLiteral = later.some((s, k) => !isParam(s) && isParam(earlier[k]));
      const earlierMoreLiteral = earlier.some((s, k) => !isParam(s) && isParam(later[k]));
      const pair = `\`${routes[j]}\` and \`${routes[i]}\` both match \`${url}\``;
      if (laterMoreLiteral && earlierMoreLiteral) {
        results.push({
          message: `${pair}, and neither is more literal than the other: only their order in the document decides; rename one`,
          path: ['paths', routes[j]],
        });
      } else if (laterMoreLiteral) {
        results.push({
          message:
            `${pair}; \`${routes[j]}\` is more literal but declared after \`${routes[i]}\`, so a server that routes ` +
            `in declaration order serves it with \`${routes[i]}\`: declare \`${routes[j]}\` first`,
          path: ['paths', routes[j]],
        });
      }
    }
  }
  return results;
}
