"""Where `make contract` lets the API subscribe webhooks: a host of its own under `.invalid` (reserved by
RFC 2606, never resolves), or the maintainer's RECEIVER_URL. Every URL a request would subscribe is
redirected there before it is sent."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
LEADING_JUNK = "".join(chr(code) for code in range(33))  # C0 controls and space, which URL parsers strip


class ReceiverError(ValueError):
    """RECEIVER_URL is not an https URL with a host."""


class SubscriptionTargets:
    def __init__(self, receiver_url: str | None = None) -> None:
        self.run = secrets.token_hex(4)
        self.host = f"run-{self.run}.sendmux-contract.invalid"
        self.receiver_url = receiver_url or None
        if self.receiver_url is not None:
            parts = urlsplit(self.receiver_url)
            if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
                raise ReceiverError("RECEIVER_URL must be an https URL with a host and no credentials")

    @property
    def description(self) -> str:
        return self.receiver_url or f"https://{self.host}/…"

    def url(self, path: str = "hook") -> str:
        """A URL that is safe to subscribe."""
        return self.receiver_url or f"https://{self.host}/{path}"

    def redirect(self, value: object) -> object:
        """`value` as it may be subscribed. A string that names a scheme, the way a lenient URL parser
        would read it (tabs and newlines dropped, leading spaces and controls too), is pointed at our host
        (or the receiver), keeping its scheme and path so that an invalid URL stays invalid; anything else
        passes unchanged, since no server can reach a destination it does not name."""
        if not isinstance(value, str):
            return value
        cleaned = re.sub(r"[\t\n\r]", "", value).lstrip(LEADING_JUNK)
        match = SCHEME.match(cleaned)
        if match is None:
            return value
        if self.receiver_url is not None:
            return self.receiver_url
        rest = cleaned[match.end() :].lstrip("/\\")
        cut = re.search(r"[/?#\\]", rest)
        path = (
            "/" + rest[cut.start() + 1 :] if cut and rest[cut.start()] == "\\" else rest[cut.start() :] if cut else ""
        )
        return f"{match.group(1)}://{self.host}{path}"

    def is_ours(self, url: object) -> bool:
        """Whether the API may send to `url`: our host, or exactly the maintainer's receiver."""
        if not isinstance(url, str):
            return False
        if self.receiver_url is not None:
            return url == self.receiver_url
        parts = urlsplit(url)
        return parts.hostname == self.host and not parts.username and not parts.password
