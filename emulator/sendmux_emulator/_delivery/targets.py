"""Where deliveries may go, and the short `error_message` for an endpoint that never answered."""

from __future__ import annotations

import errno
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

__all__ = ["describe_failure", "refusal"]


def refusal(url: str, *, deliver_anywhere: bool) -> str | None:
    """None when the emulator may contact ``url``, else the attempt's ``target_not_allowed: …`` message.

    Without ``deliver_anywhere`` only loopback targets are contacted: ``localhost``, 127.0.0.0/8 and ::1.
    Other names are never resolved, so a typo cannot reach a real host.
    """
    if deliver_anywhere:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost":
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        mapped = getattr(address, "ipv4_mapped", None)
        if address.is_loopback or (mapped is not None and mapped.is_loopback):
            return None
    return (
        f"target_not_allowed: {host or 'the URL'} is not a loopback address "
        "(start the emulator with --deliver-anywhere to deliver there)"
    )


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def describe_failure(exc: Exception) -> str:
    """One of ``timeout``, ``tls_error``, ``dns_error``, ``connection_refused``, ``connection_error``."""
    import httpx  # loaded by then: the attempt that failed was built with it

    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return "tls_error"
        if isinstance(cause, socket.gaierror):
            return "dns_error"
        if isinstance(cause, ConnectionRefusedError) or (
            isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED
        ):
            return "connection_refused"
    text = " ".join(str(cause) for cause in _chain(exc)).lower()
    if "certificate" in text or "ssl" in text or "tls" in text:
        return "tls_error"
    if "name or service not known" in text or "nodename nor servname" in text or "name resolution" in text:
        return "dns_error"
    if "connection refused" in text or "connect call failed" in text:
        return "connection_refused"
    return "connection_error"
