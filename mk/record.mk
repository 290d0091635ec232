.PHONY: record
record: setup ## Re-record the cassettes: from a fresh emulator, or from Sendmux when SENDMUX_API_KEY is set
	scripts/record.sh
