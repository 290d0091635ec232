// Bridge to the pinned api-smart-diff: reads {"before": doc, "after": doc} (two OpenAPI documents
// as JSON) on stdin and prints {"diffs": [...], "merged": doc} on stdout. The Python side
// (smartdiff.py) owns every decision about what a change means for this client's users.
import { apiCompare } from "api-smart-diff";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { before, after } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

// A symbol meta key keeps api-smart-diff's bookkeeping out of the JSON written below.
const { diffs, merged } = apiCompare(before, after, { metaKey: Symbol("diff") });
const out = diffs.map(({ type, action, path, before, after }) => ({ type, action, path, before, after }));
process.stdout.write(JSON.stringify({ diffs: out, merged }));
