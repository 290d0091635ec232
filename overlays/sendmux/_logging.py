"""The ``sendmux`` logger (``SENDMUX_LOG=debug`` or ``info`` sends it to stderr). It logs methods, URLs, statuses,
request ids, error codes and waits; never headers (so never the key) or bodies (so never a signing secret)."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger("sendmux")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


def configure_from_env() -> None:
    """Honour ``SENDMUX_LOG``; leaves the logger alone when it is unset or not a known level."""
    level = _LEVELS.get(os.environ.get("SENDMUX_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
