"""`make soak`: the fault storm of tests/reliability/storm.py at full size, with the client's real backoff.

Phases, each against its own emulator:

* 1,000 creates, each with its own idempotency key, from 50 threads (sync client), 30 % faults
  (500, 503, 429 and dropped answers);
* the same with the async client, 50 at a time;
* 100 concurrent async creates sharing one key, 30 % faults;
* conditional updates (``update(..., if_match=etag)``) of 100 webhooks, 5 rounds, 50 at a time, with 30 % of
  the answers dropped after the change was made;
* secret rotations of 100 webhooks, 5 rounds, 50 at a time, with 30 % of the answers dropped.

Prints one line per phase and the totals: calls, requests, faults, retries, and what went wrong: duplicates
(a second webhook for one key), lost (an outcome the caller was told of that the server does not hold: a
webhook, a rename, a secret it does not sign with) and wrong conflicts (an update the server applied
although the caller got ConflictError). Exits 1 if any of
those three is not 0. Not part of ``make test``: it takes minutes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping

from tests.reliability import storm  # the storm lives with the tests that run it small

COLUMNS = ("calls", "requests", "faults", "retries", "duplicates", "lost", "wrong_conflicts")


def phases(seed: int) -> list[Callable[[], storm.Figures]]:
    return [
        lambda: storm.sync_creates(count=1000, concurrency=50, seed=seed),
        lambda: storm.async_creates(count=1000, concurrency=50, seed=seed + 1),
        lambda: storm.shared_key_creates(count=100, seed=seed + 2),
        lambda: storm.conditional_updates(webhooks=100, rounds=5, concurrency=50, seed=seed + 3),
        lambda: storm.rotations(webhooks=100, rounds=5, concurrency=50, seed=seed + 4),
    ]


def row(label: str, values: Mapping[str, object], seconds: str) -> str:
    return f"{label:<26}" + "".join(f"{values[name]:>{len(name) + 2}}" for name in COLUMNS) + f"{seconds:>9}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1, help="first fault seed; each phase uses the next one")
    seed = parser.parse_args().seed

    print(row(f"soak, seed {seed}", {name: name for name in COLUMNS}, "seconds"))
    totals = dict.fromkeys(COLUMNS, 0)
    for phase in phases(seed):
        started = time.monotonic()
        figures = phase()
        values = {name: getattr(figures, name) for name in COLUMNS}
        print(row(figures.phase, values, f"{time.monotonic() - started:.1f}"), flush=True)
        for name in COLUMNS:
            totals[name] += values[name]
    print(row("total", totals, ""))
    wrong = {name: totals[name] for name in ("duplicates", "lost", "wrong_conflicts") if totals[name]}
    if wrong:
        print("soak: FAIL - " + ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in wrong.items()))
        return 1
    print("soak: ok - no duplicate, nothing lost, no wrong conflict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
