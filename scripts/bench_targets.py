"""What `make bench` holds the package to: each target's ratio, its limit, and a one-line PASS or MISS.

A ratio is the median of per-round ratios: both sides are measured in every round, one after the other, so
a busy spell on a shared machine slows both sides of the same round rather than one side of the figure.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Target:
    name: str  # what is measured
    ratio: float
    limit: float
    against: str  # what the ratio is relative to

    @property
    def met(self) -> bool:
        return self.ratio <= self.limit

    def line(self) -> str:
        verdict = "PASS" if self.met else "MISS"
        return f"{verdict}  {self.name}: {self.ratio:.2f}x {self.against} (target <= {self.limit:.2f}x)"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def median_ratio(samples: list[float], baseline: list[float]) -> float:
    """The median over rounds of ``samples[i] / baseline[i]``."""
    return statistics.median(a / b for a, b in zip(samples, baseline, strict=True))
