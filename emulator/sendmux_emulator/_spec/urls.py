"""What the emulator takes for a URL: the rules of the ``uri`` format, and of a URL that carries credentials."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["has_credentials", "is_endpoint_url"]

_FORBIDDEN_IN_URL = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")


def is_endpoint_url(value: Any) -> bool:
    """The ``uri`` format (only `HttpsUrl` uses it): an absolute URL with a scheme and a host, no characters a
    URL cannot hold, and no user name or password (see `has_credentials`)."""
    if not isinstance(value, str):
        return True  # the type check reports it
    if _FORBIDDEN_IN_URL.search(value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError:
        return False
    return bool(parts.scheme and parts.hostname) and not has_credentials(value)


def has_credentials(value: str) -> bool:
    """Whether the URL's authority carries ``user:password@`` (or just ``user@``, or an empty one)."""
    try:
        return urlsplit(value).username is not None
    except ValueError:
        return False
