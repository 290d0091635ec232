# Staying in sync with the vendor: what Sendmux's published OpenAPI document says that openapi.yaml does not, on
# what openapi.yaml covers (tools/upstream; deliberate differences in codegen/upstream-deviations.yaml), and
# copying its operations in (tools/upstream/importer.py).
.PHONY: upstream-diff upstream-import upstream-bench

upstream-diff: setup ## What Sendmux's spec says that ours lacks, on our paths and tags: UPSTREAM=<file or https URL, e.g. https://app.sendmux.ai/api/v1/openapi.json>; FORMAT=json|markdown; DELIBERATE=show
	@if [ -z '$(UPSTREAM)' ]; then \
	  echo "upstream-diff: give UPSTREAM=<file or https URL>, e.g. UPSTREAM=https://app.sendmux.ai/api/v1/openapi.json" >&2; exit 2; fi
	@$(BIN)/python -m tools.upstream.upstreamdiff '$(UPSTREAM)' $(if $(FORMAT),--$(FORMAT)) $(if $(DELIBERATE),--show-deliberate)

upstream-bench: setup ## Time upstream-diff on a full-size (~400 KB, ~100 operations) vendor-style document against its 10 s target
	$(BIN)/python scripts/bench_upstream.py

upstream-import: setup ## Copy the vendor's operations into openapi.yaml: UPSTREAM=<file or https URL> TAGS="Domains,Mailboxes" and/or OPS=operationId,...
	@if [ -z '$(UPSTREAM)' ] || [ -z '$(TAGS)$(OPS)' ]; then \
	  echo "upstream-import: give UPSTREAM=<file or https URL> and TAGS=\"Domains,Mailboxes\" or OPS=operationId,..." >&2; exit 2; fi
	@$(BIN)/python -m tools.upstream.importer '$(UPSTREAM)' $(if $(TAGS),--tags '$(TAGS)') $(if $(OPS),--ops '$(OPS)')
