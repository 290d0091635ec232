"""The emulator's state in one place: configuration, clock, stores, limiter, faults and deliveries."""

from __future__ import annotations

from ._attempts import AttemptLog
from ._clock import Clock
from ._config import EmulatorConfig
from ._delivery import DeliveryWorker
from ._faults import FaultInjector
from ._idempotency import IdempotencyStore
from ._pagination import CursorCodec
from ._ratelimit import RateLimiter
from ._records import RecordStore
from ._store import WebhookStore

__all__ = ["Emulator"]


class Emulator:
    """Everything a request handler may read or change. `reset` starts over from the configuration."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self._build()

    def _build(self) -> None:
        self.clock = Clock()
        self.store = WebhookStore(self.clock)
        self.records = RecordStore()  # every other resource of the spec (_state)
        self.attempts = AttemptLog()
        self.idempotency = IdempotencyStore(self.clock)
        self.rate_limiter = RateLimiter(self.config.rate_limit, self.clock)
        self.faults = FaultInjector(self.config.fault_rate, self.config.fault_kinds, self.config.fault_seed)
        self.cursors = CursorCodec()
        self.deliveries = DeliveryWorker(self.config, self.store, self.attempts, self.clock)

    async def reset(self) -> None:
        """Forget every subscription, attempt, key and counter; pending deliveries are cancelled."""
        await self.deliveries.aclose()
        self._build()

    async def aclose(self) -> None:
        await self.deliveries.aclose()
