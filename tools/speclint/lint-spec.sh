#!/usr/bin/env bash
# make lint-spec: structural validation (openapi-spec-validator), then Spectral with the project ruleset
# (tools/speclint/sendmux.spectral.yaml). Both always run; the exit status is 1 if either found a problem.
#   tools/speclint/lint-spec.sh [SPEC] [spectral options, e.g. --format json]
set -uo pipefail
spec=${1:-openapi.yaml}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
spectral=$here/node_modules/.bin/spectral
if [ ! -x "$spectral" ]; then
  echo "lint-spec: Spectral is not installed in $here/node_modules; run \`make speclint-deps\`" >&2
  exit 2
fi
if [ ! -f "$spec" ]; then
  echo "lint-spec: no such file: $spec" >&2
  exit 2
fi
status=0
openapi-spec-validator "$spec" || status=1
"$spectral" lint --ruleset "$here/sendmux.spectral.yaml" --fail-severity=warn "$@" "$spec" || status=1
exit "$status"
