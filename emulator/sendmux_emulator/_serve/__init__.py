"""Putting it together and serving it: the app, uvicorn, the command line, and the handle tests hold."""
