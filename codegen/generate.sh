#!/usr/bin/env bash
# Generate everything under generated/ into the folder given as $1, from openapi.yaml (or the spec given as $2,
# which the rehearsal tests use for their fixtures):
#   $1/sendmux_client  openapi-python-client: the attrs models (codegen/config.yaml, templates/sendmux_client)
#   $1/sendmux         codegen/resource_layer.py: the per-operation layer of the sendmux package, and
#                      codegen/event_decoders.py: the decoders verify_webhook runs on each delivery, and
#                      codegen/event_examples.py: one example event per type (sendmux.testing.make_event)
# One pipeline for `make generate` and `make check-generated`, so both produce the same bytes.
set -euo pipefail
out=${1:?usage: codegen/generate.sh OUTPUT_DIR [SPEC]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
spec=${2:-$root/openapi.yaml}
mkdir -p "$out"
openapi-python-client generate \
  --path "$spec" \
  --config "$here/config.yaml" \
  --custom-template-path "$here/templates/sendmux_client" \
  --meta none \
  --output-path "$out/sendmux_client" \
  --overwrite \
  --fail-on-warning
# --meta none writes no py.typed; the package is typed, so say so.
: > "$out/sendmux_client/py.typed"
# sendmux sends requests and reads answers itself (codegen/README.md): openapi-python-client's HTTP client,
# its per-operation request functions and their errors would be code that nothing uses.
rm -r "$out/sendmux_client/api" "$out/sendmux_client/client.py" "$out/sendmux_client/errors.py"
python "$here/resource_layer.py" "$spec" "$out"
python "$here/event_decoders.py" "$spec" "$out"
python "$here/event_examples.py" "$spec" "$out"
# Formatted as openapi-python-client's post-hooks format sendmux_client (codegen/config.yaml), for the same
# reason: --isolated and --no-cache, so a run into /tmp (check-generated) gives the same bytes as generated/.
cd "$out/sendmux"
ruff check . --isolated --no-cache --line-length 120 --fix-only --extend-select=I,F401 >/dev/null
ruff format . --isolated --no-cache --line-length 120 >/dev/null
