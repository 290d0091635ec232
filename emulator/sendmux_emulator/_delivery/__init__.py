"""Sending events: their bodies, where they may go, the worker that signs, sends and retries, and its attempts."""
