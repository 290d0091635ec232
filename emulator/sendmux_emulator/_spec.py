"""Loading the packaged openapi.yaml, the one description the emulator validates against."""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from typing import Any, cast
from urllib.parse import urlsplit

import yaml
from openapi_core import Config, OpenAPI
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = ["BASE_PATH", "has_credentials", "is_endpoint_url", "openapi", "schema_errors", "spec_dict"]

BASE_PATH = "/api/v1"
_FORBIDDEN_IN_URL = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")


@functools.cache
def spec_dict() -> dict[str, Any]:
    """openapi.yaml, as shipped inside the package (a symlink to the repository's copy)."""
    text = (files("sendmux_emulator") / "openapi.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
    return cast(dict[str, Any], yaml.load(text, Loader=loader))


def is_endpoint_url(value: Any) -> bool:
    """The ``uri`` format (only `HttpsUrl` uses it): an absolute URL with a scheme and a host, no characters a
    URL cannot hold, and no user name or password (see `has_credentials`)."""
    if not isinstance(value, str):
        return True  # the type check reports it
    if _FORBIDDEN_IN_URL.search(value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError:
        return False
    return bool(parts.scheme and parts.hostname) and not has_credentials(value)


def has_credentials(value: str) -> bool:
    """Whether the URL's authority carries ``user:password@`` (or just ``user@``, or an empty one)."""
    try:
        return urlsplit(value).username is not None
    except ValueError:
        return False


@functools.cache
def openapi() -> OpenAPI:
    """The validator for requests and responses, built once per process."""
    return OpenAPI.from_dict(spec_dict(), config=Config(extra_format_validators={"uri": is_endpoint_url}))


_SPEC_URI = "urn:sendmux:openapi"


@functools.cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(spec_dict(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
    return registry


def schema_errors(schema_name: str, instance: Any) -> list[Any]:
    """Every way ``instance`` breaks ``components.schemas.<schema_name>`` (jsonschema ``ValidationError``s)."""
    validator = OAS31Validator(
        {"$ref": f"{_SPEC_URI}#/components/schemas/{schema_name}"},
        registry=_registry(),
        format_checker=OAS31Validator.FORMAT_CHECKER,
    )
    return list(validator.iter_errors(instance))
