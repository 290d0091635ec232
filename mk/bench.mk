.PHONY: bench
bench: setup ## Print import time, CPU per call and verification cost, side by side with httpx and the official SDK
	$(BIN)/python scripts/bench.py
