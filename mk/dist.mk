.PHONY: dist

DIST ?= dist
dist: setup ## Build the wheel and sdist into DIST=dist, twine-check them, then install the wheel in a fresh venv and run the quickstart on the emulator
	rm -rf '$(DIST)'
	$(UV) build --out-dir '$(DIST)'
	$(BIN)/twine check --strict '$(DIST)'/*
	SENDMUX_DIST='$(abspath $(DIST))' $(BIN)/pytest tests/dist -q -p no:cacheprovider
