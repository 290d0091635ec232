#!/usr/bin/env bash
# Generate the client package into the folder given as $1, from openapi.yaml (or the spec given as $2,
# which the rehearsal tests use for their 1.1/2.0 fixtures).
# One pipeline for `make generate` and `make check-generated`, so both produce the same bytes.
set -euo pipefail
out=${1:?usage: codegen/generate.sh OUTPUT_DIR [SPEC]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
spec=${2:-$root/openapi.yaml}
openapi-python-client generate \
  --path "$spec" \
  --config "$here/config.yaml" \
  --custom-template-path "$here/templates/sendmux_client" \
  --meta none \
  --output-path "$out" \
  --overwrite \
  --fail-on-warning
# --meta none writes no py.typed; the package is typed, so say so.
: > "$out/py.typed"
