# Prism 5, the stateless mock the emulator is measured beside: pinned in tools/prism/package-lock.json, installed
# like the spec differ. --ignore-scripts: its only install script (@scarf/scarf) sends install analytics.
PRISM := tools/prism
PRISM_NODE := $(PRISM)/node_modules/.package-lock.json

.PHONY: bench prism-deps

$(PRISM_NODE): $(PRISM)/package.json $(PRISM)/package-lock.json
	npm ci --prefix $(PRISM) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

prism-deps: $(PRISM_NODE) ## Install Stoplight Prism 5 for make bench and the contract test on a server we did not write (pinned in tools/prism/package-lock.json)

bench: setup prism-deps ## Cold start, CPU per call, webhook verification vs httpx, standardwebhooks, the official SDK; the emulator's GET and first answer vs Prism: PASS/MISS per target, exit 1 on a miss
	$(BIN)/python scripts/bench.py
