"""Settings for the whole suite: property tests are judged on what they find, never on how fast they run.

Hypothesis' defaults fail an example that takes over 200 ms (``deadline``) and a run whose data generation is
slow (the ``too_slow`` health check); on a shared, busy machine both happen to correct code.

Tests marked ``slow`` (seconds to a minute each: make, mypy, a scratch repository) run first. `make test` hands
tests to its xdist workers one at a time (``--maxschedchunk 1``), so each worker starts on a slow test and the
quick ones fill in beside them, instead of one long test ending the run alone on one core. Tests on both workers
that need the same costly result (a regenerated tree, Spectral's findings) build it once a run (tests/once.py).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("sendmux", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sendmux")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first, the longest (``slow(minutes=N)``) before the rest; otherwise the order is kept."""

    def rank(item: pytest.Item) -> tuple[bool, float]:
        slow = item.get_closest_marker("slow")
        return slow is None, -float(slow.kwargs.get("minutes", 0)) if slow is not None else 0.0

    items.sort(key=rank)
