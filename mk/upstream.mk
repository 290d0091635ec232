# Staying in sync with the vendor: what Sendmux's published OpenAPI document says about webhooks that
# openapi.yaml does not (tools/upstream; deliberate differences in codegen/upstream-deviations.yaml).
.PHONY: upstream-diff upstream-bench

upstream-diff: setup ## What Sendmux's spec says about webhooks that ours lacks: UPSTREAM=<file or https URL, e.g. https://app.sendmux.ai/api/v1/openapi.json>; FORMAT=json|markdown; DELIBERATE=show
	@if [ -z '$(UPSTREAM)' ]; then \
	  echo "upstream-diff: give UPSTREAM=<file or https URL>, e.g. UPSTREAM=https://app.sendmux.ai/api/v1/openapi.json" >&2; exit 2; fi
	@$(BIN)/python -m tools.upstream.upstreamdiff '$(UPSTREAM)' $(if $(FORMAT),--$(FORMAT)) $(if $(DELIBERATE),--show-deliberate)

upstream-bench: setup ## Time upstream-diff on a full-size (~400 KB, ~100 operations) vendor-style document against its 10 s target
	$(BIN)/python scripts/bench_upstream.py
