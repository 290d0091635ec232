"""A running emulator as tests see it: its address, its key, and its control routes as methods."""

from __future__ import annotations

import functools
import ssl
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Unpack

from .._spec.document import BASE_PATH
from .._state.config import EmulatorConfig, EmulatorOptions

if TYPE_CHECKING:
    import httpx

__all__ = ["EmulatorFactory", "RunningEmulator"]


class RunningEmulator:
    """Handle on an emulator served at ``base_url`` (which ends in ``/api/v1``)."""

    def __init__(self, base_url: str, config: EmulatorConfig) -> None:
        self.base_url = base_url
        self.config = config
        self.api_key = config.default_api_key
        self.root_url = base_url.removesuffix(BASE_PATH)
        import httpx  # here, not with the module: `python -m sendmux_emulator` never needs it to serve

        token = {"X-Emulator-Token": config.control_token} if config.control_token else {}
        self._control = httpx.Client(
            base_url=self.root_url + "/_emulator", timeout=30.0, trust_env=False, headers=token, verify=_tls()
        )

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._control.close()

    def __repr__(self) -> str:
        return f"<RunningEmulator {self.base_url}>"

    def client(self, *, api_key: str | None = None, **kwargs: Any) -> httpx.Client:
        """A plain httpx client for the API, authenticated with ``api_key`` (default: `api_key`)."""
        import httpx

        headers = {"Authorization": f"Bearer {api_key or self.api_key}", **kwargs.pop("headers", {})}
        return httpx.Client(base_url=self.base_url, headers=headers, trust_env=False, **{"verify": _tls(), **kwargs})

    def reset(self) -> None:
        """Forget every webhook, delivery, idempotency key and rate-limit count; restart the fault sequence."""
        self._call("POST", "/reset", json={})

    def emit(
        self, event_type: str, *, team: str | None = None, occurred_at: str | None = None, **data: Any
    ) -> dict[str, Any]:
        """Publish an event as Sendmux would; ``data`` replaces keys of its ``data`` object.

        Returns ``{"event": <the body subscribers receive>, "webhook_ids": [<who gets it>]}``.
        """
        body: dict[str, Any] = {"type": event_type, "data": data}
        if team is not None:
            body["team"] = team
        if occurred_at is not None:
            body["occurred_at"] = occurred_at
        result: dict[str, Any] = self._call("POST", "/events", json=body)
        return result

    def deliveries(
        self, *, webhook_id: str | None = None, event_id: str | None = None, team: str | None = None
    ) -> list[dict[str, Any]]:
        """Every delivery attempt so far, oldest first, with the exact headers and body sent."""
        params = {k: v for k, v in {"webhook_id": webhook_id, "event_id": event_id, "team": team}.items() if v}
        rows: list[dict[str, Any]] = self._call("GET", "/deliveries", params=params)
        return rows

    def wait_for_deliveries(
        self,
        count: int,
        *,
        timeout: float = 10.0,
        webhook_id: str | None = None,
        event_id: str | None = None,
        team: str | None = None,
    ) -> list[dict[str, Any]]:
        """Poll until at least ``count`` attempts match; raises TimeoutError with what was seen."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.deliveries(webhook_id=webhook_id, event_id=event_id, team=team)
            if len(rows) >= count:
                return rows
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {count} delivery attempt(s) within {timeout} s, saw {len(rows)}")
            time.sleep(0.02)

    def subscribe(
        self, url: str, event_types: list[str] | None = None, *, secret: str | None = None, team: str | None = None
    ) -> dict[str, Any]:
        """Subscribe ``url`` through the control route, which also takes plain ``http://`` on a loopback host (an
        emulator-only allowance; the API requires https). ``secret`` pins the signing secret. Returns the created
        webhook with its ``secret``."""
        body: dict[str, Any] = {"url": url}
        if event_types is not None:
            body["event_types"] = event_types
        if secret is not None:
            body["secret"] = secret
        if team is not None:
            body["team"] = team
        result: dict[str, Any] = self._call("POST", "/webhooks", json=body)
        return result

    def pin_secret(self, webhook_id: str, secret: str) -> None:
        """Set a webhook's signing secret to a known value (any webhook, however created)."""
        self._call("PUT", f"/webhooks/{webhook_id}/secret", json={"secret": secret})

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator's clock forward (expires idempotency keys after 24 h, payloads after 7 days)."""
        self._call("POST", "/clock", json={"advance_seconds": seconds})

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._control.request(method, path, **kwargs)
        body = response.json()
        if not body.get("ok"):
            problem = body.get("error", {})
            raise ValueError(f"{problem.get('code')}: {problem.get('message')} ({problem.get('errors', [])})")
        return body["data"]


class EmulatorFactory(Protocol):
    """The type of the ``sendmux_emulator_factory`` fixture: ``start(**options) -> RunningEmulator``."""

    def __call__(self, **options: Unpack[EmulatorOptions]) -> RunningEmulator: ...


@functools.cache
def _tls() -> ssl.SSLContext:
    """httpx's default context, read once a process: loading its CA file costs ~20 ms a client."""
    import httpx

    return httpx.create_ssl_context(trust_env=False)
