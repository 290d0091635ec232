"""Settings for the whole suite: property tests are judged on what they find, never on how fast they run.

Hypothesis' defaults fail an example that takes over 200 ms (``deadline``) and a run whose data generation is
slow (the ``too_slow`` health check); on a shared, busy machine both happen to correct code.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile("sendmux", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sendmux")
