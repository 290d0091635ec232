# make lint-spec's Spectral half: the pinned @stoplight/spectral-cli and the project ruleset in tools/speclint.
# --ignore-scripts: no package here needs an install script (one would only send install analytics).
SPECLINT := tools/speclint
SPECLINT_NODE := $(SPECLINT)/node_modules/.package-lock.json

.PHONY: speclint-deps

$(SPECLINT_NODE): $(SPECLINT)/package.json $(SPECLINT)/package-lock.json
	npm ci --prefix $(SPECLINT) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

speclint-deps: $(SPECLINT_NODE) ## Install Spectral for lint-spec (pinned in tools/speclint/package-lock.json)
