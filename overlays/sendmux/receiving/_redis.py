"""The Redis processing store: for a fleet of receivers behind a load balancer, sharing one Redis."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._once import LEASE, RETENTION, Claim, StoreTimes

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = ["AsyncRedisStore", "RedisStore"]

# A key holds "<token> <expires at>" while claimed and "done <expires at>" once completed; each script runs
# atomically in Redis. Expiry is compared with the caller's clock (receivers need synced clocks anyway: the
# timestamped signature allows them 300 s), and the key's own expiry, the retention, makes Redis forget it. A claim
# that finds its own token is redis-py sending it again after a lost reply: it is still the caller's.
_CLAIM = """
local value = redis.call('GET', KEYS[1])
if value then
  local state, expires = string.match(value, '^(%S+) (%S+)$')
  if state == ARGV[1] then return 'claimed' end
  if tonumber(expires) > tonumber(ARGV[2]) then return state == 'done' and 'done' or 'busy' end
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[3], 'PX', ARGV[4])
return 'claimed'
"""
_COMPLETE = """
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then
  redis.call('SET', KEYS[1], 'done ' .. ARGV[2], 'PX', ARGV[3])
end
"""
_RELEASE = """
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then redis.call('DEL', KEYS[1]) end
"""


class _Keys:
    """What both Redis stores share: checking the arguments, and each script's keys, arguments and answer."""

    def __init__(
        self, client: Any, prefix: str, lease: float, retention: float, clock: Callable[[], float], kind: str
    ) -> None:
        if not callable(getattr(client, "register_script", None)):
            raise TypeError(f"client must be a {kind}, not {type(client).__name__}")
        if not isinstance(prefix, str):
            raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
        self.prefix = prefix
        self._client = client
        self.times = StoreTimes(lease, retention, clock)
        self._retention_ms = str(round(self.times.retention * 1000))
        self._claim, self._complete, self._release = map(client.register_script, (_CLAIM, _COMPLETE, _RELEASE))

    def _claim_call(self, event_id: str) -> tuple[str, dict[str, list[Any]]]:
        now, token = self.times.clock(), secrets.token_hex(16)
        args: list[Any] = [token, repr(now), repr(now + self.times.lease), self._retention_ms]
        return token, {"keys": [self.prefix + event_id], "args": args}

    def _complete_call(self, event_id: str, token: str) -> dict[str, list[Any]]:
        expires = repr(self.times.clock() + self.times.retention)
        return {"keys": [self.prefix + event_id], "args": [token, expires, self._retention_ms]}

    def _release_call(self, event_id: str, token: str) -> dict[str, list[Any]]:
        return {"keys": [self.prefix + event_id], "args": [token]}

    def _fact(self, name: str) -> str:
        return f"{self.prefix}fact:{name}"  # never an event's key: event ids start with evt_


def _claimed(status: object, token: str) -> Claim:
    status = status.decode() if isinstance(status, bytes) else status
    return Claim("claimed", token) if status == "claimed" else Claim("done" if status == "done" else "busy")


class RedisStore(_Keys):
    """Claims as keys ``<prefix><event id>`` in the Redis that ``client`` (a ``redis.Redis``, from redis-py: the
    ``redis`` extra) talks to; each claim, completion or release is one atomic script there."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "sendmux:event:",
        lease: float = LEASE,
        retention: float = RETENTION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(client, prefix, lease, retention, clock, "redis.Redis")

    def claim(self, event_id: str) -> Claim:
        token, call = self._claim_call(event_id)
        return _claimed(self._claim(**call), token)

    def complete(self, event_id: str, token: str) -> None:
        self._complete(**self._complete_call(event_id, token))

    def release(self, event_id: str, token: str) -> None:
        self._release(**self._release_call(event_id, token))

    def remember(self, name: str) -> None:
        self._client.set(self._fact(name), "1")

    def remembers(self, name: str) -> bool:
        return bool(self._client.exists(self._fact(name)))


class AsyncRedisStore(_Keys):
    """``RedisStore`` for an event loop: the same keys and scripts, sent through a ``redis.asyncio.Redis``, so
    ``aprocess_once`` and the Starlette/FastAPI adapter await it instead of using a thread. It shares its claims
    with a ``RedisStore`` of the same prefix."""

    def __init__(
        self,
        client: redis.asyncio.Redis,
        *,
        prefix: str = "sendmux:event:",
        lease: float = LEASE,
        retention: float = RETENTION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(client, prefix, lease, retention, clock, "redis.asyncio.Redis")

    async def claim(self, event_id: str) -> Claim:
        token, call = self._claim_call(event_id)
        return _claimed(await self._claim(**call), token)

    async def complete(self, event_id: str, token: str) -> None:
        await self._complete(**self._complete_call(event_id, token))

    async def release(self, event_id: str, token: str) -> None:
        await self._release(**self._release_call(event_id, token))

    async def remember(self, name: str) -> None:
        await self._client.set(self._fact(name), "1")

    async def remembers(self, name: str) -> bool:
        return bool(await self._client.exists(self._fact(name)))
