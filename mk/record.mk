.PHONY: record
record: setup ## Re-record the cassettes: from Sendmux if SENDMUX_API_KEY is set, else from a fresh emulator (or the running one at EMULATOR=<base URL>)
	$(if $(EMULATOR),SENDMUX_RECORD_EMULATOR_URL='$(EMULATOR)') scripts/record.sh
