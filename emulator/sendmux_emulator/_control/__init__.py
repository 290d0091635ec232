"""The emulator's own routes under /_emulator/, and the delivery inspector page among them."""
