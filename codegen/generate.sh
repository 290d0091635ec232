#!/usr/bin/env bash
# Generate the client package from openapi.yaml into the folder given as $1.
# One pipeline for `make generate` and `make check-generated`, so both produce the same bytes.
set -euo pipefail
out=${1:?usage: codegen/generate.sh OUTPUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
openapi-python-client generate \
  --path "$root/openapi.yaml" \
  --config "$here/config.yaml" \
  --meta none \
  --output-path "$out" \
  --overwrite \
  --fail-on-warning
# --meta none writes no py.typed; the package is typed, so say so.
: > "$out/py.typed"
