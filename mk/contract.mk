.PHONY: contract
# The key comes from SENDMUX_API_KEY in the environment only: a variable given on make's command line is
# visible to every user of the machine (ps), so API_KEY= and SENDMUX_API_KEY= there are refused.
KEY_ON_COMMAND_LINE := $(findstring command line,$(origin API_KEY) $(origin SENDMUX_API_KEY))

contract: setup ## Check a running API against openapi.yaml, then clean up: SENDMUX_API_KEY=... make contract BASE_URL=... [RECEIVER_URL=https://...]; never API_KEY=... on the command line (ps shows it)
	@if [ -n '$(KEY_ON_COMMAND_LINE)' ]; then \
	  echo "contract: a key on make's command line is visible to every user of this machine (ps) while make runs;" >&2; \
	  echo "          give it in the environment instead: SENDMUX_API_KEY=... make contract BASE_URL=..." >&2; exit 2; fi
	@BASE_URL='$(BASE_URL)' RECEIVER_URL='$(RECEIVER_URL)' $(BIN)/python scripts/contract.py
