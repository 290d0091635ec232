.PHONY: demo
demo: setup ## The whole story on the local emulator: create, list, update, test delivery, verify, rotate, delete
	$(BIN)/python scripts/demo.py
