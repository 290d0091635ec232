.PHONY: record
record: setup ## Re-record the cassettes: from Sendmux if SENDMUX_API_KEY is set, else from a fresh emulator
	scripts/record.sh
