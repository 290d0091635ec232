# What changed in openapi.yaml, classified for the client's users on the wire (tools/specdiff: schemas by what
# they say with tools/upstream/shapes.py, the rest with the pinned api-smart-diff, behind our rules), then what
# changed for Python users (griffe and return types, python_breaks.py). See codegen/MAINTAINING.md.
SPECDIFF := tools/specdiff
SPECDIFF_NODE := $(SPECDIFF)/node_modules/.package-lock.json
RELEASE_TAG = $(shell git describe --tags --abbrev=0 --match 'v*' 2>/dev/null)
BASE ?= $(or $(RELEASE_TAG),HEAD~1)
# The spec of the last release, written by `make release`: the gate needs no git tag, so it holds in any clone.
RELEASED_SPEC := release/openapi.yaml

.PHONY: diff diff-deps diff-check

$(SPECDIFF_NODE): $(SPECDIFF)/package.json $(SPECDIFF)/package-lock.json
	npm ci --prefix $(SPECDIFF) --no-audit --no-fund --loglevel=error
	@touch $@

diff-deps: $(SPECDIFF_NODE) ## Install the spec differ (api-smart-diff, pinned in tools/specdiff/package-lock.json)

diff: setup diff-deps ## Classify spec changes since BASE=<git ref> (latest v* tag, else HEAD~1), then griffe's Python breaks; FORMAT=json|markdown
	@$(SPECDIFF)/diff-against.sh '$(BASE)' $(if $(FORMAT),--$(FORMAT))

diff-check: setup diff-deps ## Fail on a breaking change since the last release (release/openapi.yaml) without a major info.version bump
	@test -f $(RELEASED_SPEC) || { echo "diff-check: $(RELEASED_SPEC) is missing: it holds the last release's spec (make release writes it)" >&2; exit 2; }
	@$(BIN)/python -m tools.specdiff.specdiff $(RELEASED_SPEC) openapi.yaml --base-label '$(RELEASED_SPEC)' --new-label 'working tree'
