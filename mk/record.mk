.PHONY: record
record: setup ## Re-record the cassettes from a fresh emulator; LIVE=1 records from Sendmux with SENDMUX_API_KEY
	LIVE=$(LIVE) scripts/record.sh
