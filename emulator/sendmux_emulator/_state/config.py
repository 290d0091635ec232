"""The emulator's settings: one frozen value shared by the app, the command line and the pytest plugin."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

__all__ = ["DEVELOPMENT_KEY", "FAULT_KINDS", "EmulatorConfig", "EmulatorOptions", "parse_key_spec"]

FAULT_KINDS: tuple[str, ...] = ("500", "503", "429", "drop")
ROOT_KEY_PREFIX = "smx_root_"
DEVELOPMENT_KEY = "smx_root_dev"
"""The built-in key every README shows: refused on the API when the emulator is bound beyond loopback."""


class EmulatorOptions(TypedDict, total=False):
    """Keyword options of `create_app` and `run_in_thread`: the fields of `EmulatorConfig`."""

    api_keys: Sequence[str]
    readonly_api_keys: Sequence[str]
    no_webhook_api_keys: Sequence[str]
    webhook_limit: int
    rate_limit: int
    time_scale: float
    signature_v2: bool
    ca_file: str | None
    deliver_anywhere: bool
    fault_rate: float
    fault_kinds: Sequence[str]
    fault_seed: int
    control_token: str | None


def parse_key_spec(spec: str) -> tuple[str, str]:
    """Split ``KEY[=TEAM]`` into (key, team); a key without a team is its own team."""
    key, sep, team = spec.partition("=")
    key, team = key.strip(), team.strip()
    if not key.startswith(ROOT_KEY_PREFIX) or len(key) == len(ROOT_KEY_PREFIX):
        raise ValueError(f"API key {key!r} must start with {ROOT_KEY_PREFIX!r} and have something after it")
    if sep and not team:
        raise ValueError(f"API key spec {spec!r} has '=' but no team name")
    return key, team or key


@dataclass(frozen=True, kw_only=True)
class EmulatorConfig:
    """Everything that changes how the emulator behaves. Invalid values raise `ValueError`."""

    api_keys: tuple[str, ...] = (DEVELOPMENT_KEY,)
    """``KEY[=TEAM]`` specs of keys holding every webhook permission."""
    readonly_api_keys: tuple[str, ...] = ()
    """``KEY[=TEAM]`` specs of keys holding only ``webhook.read``."""
    no_webhook_api_keys: tuple[str, ...] = ()
    """``KEY[=TEAM]`` specs of valid keys whose role holds no webhook permission: every route answers 403."""
    webhook_limit: int = 10
    """Webhooks per team; one more is 409 ``limit_exceeded``."""
    rate_limit: int = 600
    """Requests per fixed 60-second window per presented key."""
    time_scale: float = 1.0
    """Multiplies every delivery delay and the receiver timeout."""
    signature_v2: bool = True
    """Also send ``X-Sendmux-Timestamp`` and ``X-Sendmux-Signature-V2``."""
    ca_file: str | None = None
    """Extra CA bundle (PEM) trusted when delivering over HTTPS."""
    deliver_anywhere: bool = False
    """Contact non-loopback targets too."""
    fault_rate: float = 0.0
    """Share of authenticated API requests that get an injected fault."""
    fault_kinds: tuple[str, ...] = FAULT_KINDS
    """Which faults to inject: any of ``500``, ``503``, ``429``, ``drop``."""
    fault_seed: int = 0
    """Seed of the fault generator; the same seed and request order give the same faults."""
    control_token: str | None = None
    """When set, the control routes and the inspector page need it (``X-Emulator-Token`` or ``?token=``): the
    command line and `run_in_thread` set one when binding beyond loopback."""

    teams: Mapping[str, str] = field(init=False, repr=False, compare=False)
    """Every configured key mapped to its team name."""
    readonly_keys: frozenset[str] = field(init=False, repr=False, compare=False)
    no_webhook_keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for name in ("api_keys", "readonly_api_keys", "no_webhook_api_keys", "fault_kinds"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise ValueError(f"{name} must be a sequence of strings, not one string")
            set_(self, name, tuple(value))
        if not self.api_keys and not self.readonly_api_keys:
            raise ValueError("configure at least one API key that can read webhooks (api_keys or readonly_api_keys)")
        teams: dict[str, str] = {}
        for spec in (*self.api_keys, *self.readonly_api_keys, *self.no_webhook_api_keys):
            key, team = parse_key_spec(spec)
            if key in teams:
                raise ValueError(f"API key {key!r} is configured twice")
            teams[key] = team
        set_(self, "teams", teams)
        set_(self, "readonly_keys", frozenset(parse_key_spec(s)[0] for s in self.readonly_api_keys))
        set_(self, "no_webhook_keys", frozenset(parse_key_spec(s)[0] for s in self.no_webhook_api_keys))
        _check_int("webhook_limit", self.webhook_limit, minimum=0)
        _check_int("rate_limit", self.rate_limit, minimum=1)
        _check_int("fault_seed", self.fault_seed, minimum=None)
        if not _is_real(self.time_scale) or not self.time_scale > 0:
            raise ValueError(f"time_scale must be a finite number above 0, not {self.time_scale!r}")
        if not _is_real(self.fault_rate) or not 0.0 <= self.fault_rate <= 1.0:
            raise ValueError(f"fault_rate must be between 0 and 1, not {self.fault_rate!r}")
        unknown = sorted(set(self.fault_kinds) - set(FAULT_KINDS))
        if unknown or not self.fault_kinds:
            raise ValueError(f"fault_kinds must be a non-empty subset of {', '.join(FAULT_KINDS)}; got {unknown}")
        if self.control_token is not None and (
            not isinstance(self.control_token, str) or len(self.control_token) < 16 or not self.control_token.isascii()
        ):
            raise ValueError("control_token must be an ASCII string of at least 16 characters")
        if self.ca_file is not None and not Path(self.ca_file).is_file():
            raise ValueError(f"ca_file {self.ca_file!r} is not a readable file")

    @property
    def default_api_key(self) -> str:
        """The first full-permission key (or the first read-only one when there is none)."""
        return parse_key_spec((*self.api_keys, *self.readonly_api_keys)[0])[0]

    def replace(self, **options: Any) -> EmulatorConfig:
        """A copy with some options changed."""
        return dataclasses.replace(self, **options)


def _is_real(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_int(name: str, value: object, *, minimum: int | None) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or (minimum is not None and value < minimum):
        bound = f" of at least {minimum}" if minimum is not None else ""
        raise ValueError(f"{name} must be an integer{bound}, not {value!r}")
