"""The emulator's state in one place: configuration, clock, stores, limiter, faults and deliveries."""

from __future__ import annotations

from .._delivery.attempt_log import AttemptLog
from .._delivery.worker import DeliveryWorker
from .._state.clock import Clock
from .._state.config import EmulatorConfig
from .._state.records import RecordStore
from .._state.webhook_store import WebhookStore
from .faults import FaultInjector
from .idempotency import IdempotencyStore
from .pagination import CursorCodec
from .ratelimit import RateLimiter

__all__ = ["Emulator"]


class Emulator:
    """Everything a request handler may read or change. `reset` starts over from the configuration."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self._build()

    def _build(self) -> None:
        self.clock = Clock()
        self.store = WebhookStore(self.clock)
        self.records = RecordStore()  # every other resource of the spec (`rest`)
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
