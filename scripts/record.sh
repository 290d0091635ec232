#!/usr/bin/env bash
# Re-record tests/recorded/cassettes.
#   make record   with SENDMUX_API_KEY set: against SENDMUX_BASE_URL (default: Sendmux production);
#                 this creates and deletes real webhooks on that account
#   make record   without it: against a fresh local emulator (no account needed)
#   make record EMULATOR=http://127.0.0.1:PORT/api/v1
#                 against an emulator already running (reset first), started with the flags used below
# Credentials are scrubbed at record time (tests/recorded/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
pytest_args=(tests/recorded --ignore=tests/recorded/test_contract.py --record-mode=rewrite -p no:cacheprovider "$@")
# Start from no cassettes, so none is left over from a test that no longer exists (git has the old ones).
rm -rf tests/recorded/cassettes

if [ -n "${SENDMUX_API_KEY:-}" ]; then
  : "${SENDMUX_READONLY_API_KEY:?recording against Sendmux needs SENDMUX_READONLY_API_KEY (a key with only webhook.read)}"
  : "${SENDMUX_NO_WEBHOOK_API_KEY:?recording against Sendmux needs SENDMUX_NO_WEBHOOK_API_KEY (a key with no webhook permission)}"
  export SENDMUX_BASE_URL="${SENDMUX_BASE_URL:-https://app.sendmux.ai/api/v1}"
  echo "SENDMUX_API_KEY is set: recording against $SENDMUX_BASE_URL (unset it to record from the emulator)"
  .venv/bin/pytest "${pytest_args[@]}"
  .venv/bin/pytest tests/recorded/test_contract.py -q -p no:cacheprovider
  exit
fi

EMULATOR_FLAGS=(--webhook-limit 50 --readonly-api-key smx_root_ro --no-webhook-api-key smx_root_nowebhook)
if [ -n "${SENDMUX_RECORD_EMULATOR:-}" ]; then
  # A running emulator (the new-version loop's): reset to no webhooks, as a fresh one starts.
  url=$SENDMUX_RECORD_EMULATOR
  .venv/bin/python -c 'import sys, httpx; httpx.post(sys.argv[1] + "/_emulator/reset").raise_for_status()' \
    "${url%/api/v1}" || { echo "no emulator answers at $url (started with: ${EMULATOR_FLAGS[*]})"; exit 1; }
else
  log=$(mktemp)
  .venv/bin/python -m sendmux_emulator --port 0 "${EMULATOR_FLAGS[@]}" >"$log" 2>&1 &
  emulator=$!
  trap 'kill "$emulator" 2>/dev/null; wait "$emulator" 2>/dev/null; rm -f "$log"' EXIT
  for _ in $(seq 100); do
    url=$(sed -n 's/^Sendmux emulator listening on //p' "$log")
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "${url:-}" ] || { echo "emulator did not start:"; cat "$log"; exit 1; }
fi
echo "recording against the emulator at $url"
SENDMUX_BASE_URL="$url" SENDMUX_API_KEY=smx_root_dev SENDMUX_READONLY_API_KEY=smx_root_ro \
  SENDMUX_NO_WEBHOOK_API_KEY=smx_root_nowebhook \
  SENDMUX_RECORD_RECEIVER_URL=https://127.0.0.1:9/sendmux-cassettes .venv/bin/pytest "${pytest_args[@]}"
echo "checking the new cassettes against openapi.yaml"
.venv/bin/pytest tests/recorded/test_contract.py -q -p no:cacheprovider
