.PHONY: bench
bench: setup ## Cold start, CPU per call and webhook verification vs httpx, standardwebhooks, the official SDK: PASS/MISS per target, exit 1 on a miss
	$(BIN)/python scripts/bench.py
