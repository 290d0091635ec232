# The inspector's browser test (tests/local_dev/test_inspector_browser.py) drives Debian's chromium through
# Playwright. Playwright's own browser download (`playwright install`) is never used: it fetches a build from
# outside the package registries, which this project's machines cannot reach.
.PHONY: browser screenshot
browser: ## Find headless Chromium for the inspector's browser test, or apt-get install it (root or sudo)
	@if command -v chromium >/dev/null 2>&1 || [ -n "$$SENDMUX_CHROMIUM" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null 2>&1; then sudo=sudo; else \
	  echo "browser: no chromium and no root to install it: apt-get install chromium (or set SENDMUX_CHROMIUM=/path)" >&2; exit 1; fi; \
	echo "browser: installing Debian's chromium for the inspector's browser test"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null

screenshot: setup browser ## Regenerate docs/inspector.png, the README's picture of the delivery inspector
	SENDMUX_UPDATE_SCREENSHOT=1 $(BIN)/pytest tests/local_dev/test_inspector_browser.py -q
