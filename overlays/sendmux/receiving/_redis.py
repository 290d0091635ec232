"""The Redis processing store: for a fleet of receivers behind a load balancer, sharing one Redis."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._once import LEASE, RETENTION, Claim, StoreTimes

if TYPE_CHECKING:
    import redis

__all__ = ["RedisStore"]

# A key holds "<token> <expires at>" while claimed and "done <expires at>" once completed; each script runs
# atomically in Redis. Expiry is compared with the caller's clock (receivers need synced clocks anyway: the
# timestamped signature allows them 300 s), and the key's own expiry, the retention, makes Redis forget it.
_CLAIM = """
local value = redis.call('GET', KEYS[1])
if value then
  local state, expires = string.match(value, '^(%S+) (%S+)$')
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


class RedisStore:
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
        if not callable(getattr(client, "register_script", None)):
            raise TypeError(f"client must be a redis.Redis, not {type(client).__name__}")
        if not isinstance(prefix, str):
            raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
        self.prefix = prefix
        self.times = StoreTimes(lease, retention, clock)
        self._retention_ms = str(round(self.times.retention * 1000))
        self._claim, self._complete, self._release = map(client.register_script, (_CLAIM, _COMPLETE, _RELEASE))

    def claim(self, event_id: str) -> Claim:
        now, token = self.times.clock(), secrets.token_hex(16)
        args: list[Any] = [token, repr(now), repr(now + self.times.lease), self._retention_ms]
        status = self._claim(keys=[self.prefix + event_id], args=args)
        status = status.decode() if isinstance(status, bytes) else status
        return Claim("claimed", token) if status == "claimed" else Claim("done" if status == "done" else "busy")

    def complete(self, event_id: str, token: str) -> None:
        expires = repr(self.times.clock() + self.times.retention)
        self._complete(keys=[self.prefix + event_id], args=[token, expires, self._retention_ms])

    def release(self, event_id: str, token: str) -> None:
        self._release(keys=[self.prefix + event_id], args=[token])
