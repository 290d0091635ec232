// Bridge to the pinned api-smart-diff. Reads requests on stdin, one JSON line each,
// {"before": doc, "after": doc} (two OpenAPI documents), and answers each with one JSON line,
// {"diffs": [...], "merged": doc}, or {"error": "..."} when api-smart-diff throws. It serves until
// stdin closes, so one Node process (whose start costs more than most comparisons) serves every
// comparison of the Python process that started it. The Python side (smartdiff.py) owns every
// decision about what a change means for this client's users.
import { createInterface } from "node:readline";
import { apiCompare } from "api-smart-diff";

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  let answer;
  try {
    const { before, after } = JSON.parse(line);
    // A symbol meta key keeps api-smart-diff's bookkeeping out of the JSON written below.
    const { diffs, merged } = apiCompare(before, after, { metaKey: Symbol("diff") });
    const out = diffs.map(({ type, action, path, before, after }) => ({ type, action, path, before, after }));
    answer = { diffs: out, merged };
  } catch (error) {
    answer = { error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
