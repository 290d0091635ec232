.PHONY: release
release: setup diff-deps ## Prepare a release from openapi.yaml vs release/openapi.yaml: next version into pyproject.toml, sendmux, uv.lock; a CHANGELOG.md section; no commit, no tag
	$(BIN)/python scripts/release.py $(if $(DRY_RUN),--dry-run)
