"""The API under /api/v1: what every request passes through, and the handler that answers each operation."""
