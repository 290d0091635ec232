#!/usr/bin/env bash
# Generate everything under generated/ into the folder given as $1, from openapi.yaml (or the spec given as $2,
# which the rehearsal tests use for their fixtures):
#   codegen/hoist.py   the spec with every schema the generator needs by name moved into components
#   $1/sendmux_client  openapi-python-client: the attrs models (codegen/config.yaml, templates/sendmux_client)
#   $1/sendmux         codegen/resource_layer.py: the per-operation layer of the sendmux package, and
#                      codegen/event_decoders.py: the decoders verify_webhook runs on each delivery and the
#                        class of the event, sendmux.WebhookEvent, and
#                      codegen/event_examples.py: one example event per type (sendmux.testing.make_event)
# One pipeline for `make generate` and `make check-generated`, so both produce the same bytes.
# Atomic: everything is written into a new folder beside $1, which replaces $1 only once every step succeeded;
# a failed run leaves $1 as it was.
set -euo pipefail
final=${1:?usage: codegen/generate.sh OUTPUT_DIR [SPEC]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
spec=${2:-$root/openapi.yaml}
mkdir -p "$(dirname "$final")"
parent=$(cd "$(dirname "$final")" && pwd)
out=$(mktemp -d "$parent/.generating.XXXXXX")
work=$(mktemp -d)
trap 'rm -rf "$out" "$work" "$parent/.replaced.$$"' EXIT
python -m codegen.hoist "$spec" "$work"
# A schema it cannot take fails the run (--fail-on-warning); codegen/explain.py names the operations behind it.
if ! openapi-python-client generate \
  --path "$work/models.json" \
  --config "$here/config.yaml" \
  --custom-template-path "$here/templates/sendmux_client" \
  --meta none \
  --output-path "$out/sendmux_client" \
  --overwrite \
  --fail-on-warning >"$work/generator.log" 2>&1; then
  python -m codegen.explain "$work/spec.json" "$spec" <"$work/generator.log"
  exit 1
fi
grep -v '^$' "$work/generator.log" || true
# --meta none writes no py.typed; the package is typed, so say so.
: > "$out/sendmux_client/py.typed"
# sendmux sends requests and reads answers itself (codegen/README.md): openapi-python-client's HTTP client,
# its per-operation request functions and their errors would be code that nothing uses.
rm -rf "$out/sendmux_client/api" "$out/sendmux_client/client.py" "$out/sendmux_client/errors.py"
python -m codegen.resource_layer "$work/spec.json" "$out" "$spec"
python -m codegen.event_decoders "$work/spec.json" "$out"
python -m codegen.event_examples "$work/spec.json" "$out"
# Formatted as openapi-python-client's post-hooks format sendmux_client (codegen/config.yaml), for the same
# reason: --isolated and --no-cache, so a run into /tmp (check-generated) gives the same bytes as generated/.
(
  cd "$out/sendmux"
  ruff check . --isolated --no-cache --line-length 120 --fix-only --extend-select=I,F401 >/dev/null
  ruff format . --isolated --no-cache --line-length 120 >/dev/null
)
chmod 755 "$out"  # mktemp's 700 would otherwise become generated/'s mode
# The swap: two renames in one folder.
if [ -e "$final" ]; then mv "$final" "$parent/.replaced.$$"; fi
mv "$out" "$final"
