#!/usr/bin/env bash
# Re-record tests/recorded/cassettes.
#   make record   with SENDMUX_API_KEY set: against SENDMUX_BASE_URL (default: Sendmux production);
#                 this creates and deletes real resources on that account
#   make record   without it: against a fresh local emulator (no account needed), or the emulator at
#                 SENDMUX_RECORD_EMULATOR_URL when one is already running with the keys below
# Credentials are scrubbed at record time (tests/recorded/conftest.py).
# Atomic: everything is recorded into a new folder beside tests/recorded/cassettes and checked against
# openapi.yaml there; only then does it replace the cassettes (two renames). A failed run leaves them as they were.
set -euo pipefail
cd "$(dirname "$0")/.."
final=tests/recorded/cassettes
new=$(mktemp -d tests/recorded/.recording.XXXXXX)
export SENDMUX_CASSETTE_DIR="$PWD/$new"
cleanup() { rm -rf "$new" "tests/recorded/.replaced.$$"; }
trap cleanup EXIT
# Recording runs the cases, not the tests about recording (test_record_is_atomic runs this script itself).
pytest_args=(tests/recorded --ignore=tests/recorded/test_contract.py --ignore=tests/recorded/test_record_is_atomic.py --record-mode=rewrite -p no:cacheprovider "$@")

record() {
  .venv/bin/pytest "${pytest_args[@]}"
  echo "checking the new cassettes against openapi.yaml"
  .venv/bin/pytest tests/recorded/test_contract.py -q -p no:cacheprovider
}

if [ -n "${SENDMUX_API_KEY:-}" ]; then
  : "${SENDMUX_READONLY_API_KEY:?recording against Sendmux needs SENDMUX_READONLY_API_KEY (a key with only read permissions)}"
  : "${SENDMUX_NO_WEBHOOK_API_KEY:?recording against Sendmux needs SENDMUX_NO_WEBHOOK_API_KEY (a valid key whose role holds nothing)}"
  export SENDMUX_BASE_URL="${SENDMUX_BASE_URL:-https://app.sendmux.ai/api/v1}"
  echo "SENDMUX_API_KEY is set: recording against $SENDMUX_BASE_URL (unset it to record from the emulator)"
  record
elif [ -n "${SENDMUX_RECORD_EMULATOR_URL:-}" ]; then
  echo "recording against the running emulator at $SENDMUX_RECORD_EMULATOR_URL"
  SENDMUX_BASE_URL="$SENDMUX_RECORD_EMULATOR_URL" SENDMUX_API_KEY=smx_root_dev SENDMUX_READONLY_API_KEY=smx_root_ro \
    SENDMUX_NO_WEBHOOK_API_KEY=smx_root_nowebhook record
else
  log=$(mktemp)
  .venv/bin/python -m sendmux_emulator --port 0 --webhook-limit 50 --readonly-api-key smx_root_ro \
    --no-webhook-api-key smx_root_nowebhook >"$log" 2>&1 &
  emulator=$!
  trap 'kill "$emulator" 2>/dev/null; wait "$emulator" 2>/dev/null; rm -f "$log"; cleanup' EXIT
  for _ in $(seq 100); do
    url=$(sed -n 's/^Sendmux emulator listening on //p' "$log")
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "${url:-}" ] || { echo "emulator did not start:"; cat "$log"; exit 1; }
  echo "recording against the emulator at $url"
  SENDMUX_BASE_URL="$url" SENDMUX_API_KEY=smx_root_dev SENDMUX_READONLY_API_KEY=smx_root_ro \
    SENDMUX_NO_WEBHOOK_API_KEY=smx_root_nowebhook record
fi
# The swap: two renames in one folder, so the cassettes are never half old, half new.
if [ -e "$final" ]; then mv "$final" "tests/recorded/.replaced.$$"; fi
mv "$new" "$final"
echo "cassettes replaced: $(find "$final" -name '*.yaml' | wc -l) files"
