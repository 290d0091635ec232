.PHONY: soak
soak: setup ## The fault storm at full size (minutes; not in make test): 2,000 keyed creates, 100 on one key, updates, rotations; fails on a duplicate, loss or wrong conflict
	$(BIN)/python scripts/soak.py $(ARGS)
