.PHONY: contract
# BASE_URL / API_KEY, else SENDMUX_BASE_URL / SENDMUX_API_KEY from the environment. The key travels in the
# environment, not on the command line, so make does not echo it.
contract: setup ## Check a running API against openapi.yaml (schemathesis + recorded requests re-sent): BASE_URL=... API_KEY=...
	@BASE_URL='$(BASE_URL)' API_KEY='$(API_KEY)' $(BIN)/python scripts/contract.py
