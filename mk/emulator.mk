.PHONY: emulator
emulator: setup ## Run the local Sendmux emulator on 127.0.0.1:8025 (flags in ARGS, e.g. ARGS="--time-scale 0.001")
	$(BIN)/python -m sendmux_emulator $(ARGS)
