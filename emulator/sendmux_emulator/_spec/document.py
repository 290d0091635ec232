"""Loading the packaged openapi.yaml, the one description the emulator validates against.

openapi-core and openapi-schema-validator are imported on first use, not with this module: loading them takes most
of a second, and the emulator answers requests the checks compiled at start-up accept (`schema_checks`) without
them. The first request those checks leave to openapi-core, or the first event checked against its schema, loads
them (`load_openapi`, off the event loop).
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sendmux_spec import Document, parse

from .urls import is_endpoint_url

if TYPE_CHECKING:
    from openapi_core import OpenAPI

__all__ = [
    "BASE_PATH",
    "FORMATS",
    "SPEC_ENV",
    "check_spec",
    "load_openapi",
    "load_schema_validator",
    "openapi",
    "pointer_errors",
    "resolve",
    "schema_errors",
    "spec_dict",
    "spec_document",
]

BASE_PATH = "/api/v1"
SPEC_ENV = "SENDMUX_EMULATOR_SPEC"
"""An environment variable naming another OpenAPI document to serve (a rehearsal's spec, say)."""
FORMATS: dict[str, Callable[[Any], bool]] = {"uri": is_endpoint_url}
"""The format checks the emulator adds to (or puts in place of) openapi-core's: its own rule of an endpoint URL."""


@functools.cache
def spec_dict() -> dict[str, Any]:
    """openapi.yaml, as shipped inside the package (a symlink to the repository's copy), or the document
    ``SENDMUX_EMULATOR_SPEC`` names."""
    override = os.environ.get(SPEC_ENV)
    if override:
        text = Path(override).read_text(encoding="utf-8")
    else:
        text = (files("sendmux_emulator") / "openapi.yaml").read_text(encoding="utf-8")
    return parse(text, override or "openapi.yaml")


@functools.cache
def spec_document() -> Document:
    """The served document, read through the model codegen and the tests share (`sendmux_spec`)."""
    return Document(spec_dict())


_BUILDING = threading.Lock()


def openapi() -> OpenAPI:
    """The validator for requests and responses, built once per process, on first use (it checks the document).
    On the server, `load_openapi` builds it first, off the event loop."""
    with _BUILDING:  # one build, whichever thread asks first
        return _openapi()


@functools.cache
def _openapi() -> OpenAPI:
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_dict(spec_dict(), config=Config(extra_format_validators=FORMATS))


async def load_openapi() -> None:
    """Build `openapi` (importing openapi-core and openapi-schema-validator) in a worker thread, if not done yet:
    the event loop goes on serving the other requests and the deliveries in flight meanwhile, where importing
    them on it would stop everything for most of a second (a receiver's answer could even time out)."""
    if _openapi.cache_info().currsize == 0:
        await asyncio.to_thread(openapi)


async def load_schema_validator() -> None:
    """Import openapi-schema-validator (what `pointer_errors` judges with) in a worker thread, if not done yet."""
    if _schema_validator.cache_info().currsize == 0:
        await asyncio.to_thread(_schema_validator)


@functools.cache
def _schema_validator() -> Any:
    from openapi_schema_validator import OAS31Validator

    return OAS31Validator


def check_spec() -> None:
    """Check a document ``SENDMUX_EMULATOR_SPEC`` names now, so a broken one stops the start rather than the first
    request that needs openapi-core. The packaged openapi.yaml is checked before every release (make lint-spec)
    and not again here: its check would cost the start most of a second."""
    if os.environ.get(SPEC_ENV):
        openapi()


_SPEC_URI = "urn:sendmux:openapi"


@functools.cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(spec_dict(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
    return registry


def schema_errors(schema_name: str, instance: Any) -> list[Any]:
    """Every way ``instance`` breaks ``components.schemas.<schema_name>`` (jsonschema ``ValidationError``s)."""
    return pointer_errors(f"/components/schemas/{schema_name}", instance)


def pointer_errors(pointer: str, instance: Any) -> list[Any]:
    """Every way ``instance`` breaks the schema at JSON pointer ``pointer`` in the spec (its $refs resolved)."""
    validator_class = _schema_validator()
    validator = validator_class(
        {"$ref": f"{_SPEC_URI}#{pointer}"}, registry=_registry(), format_checker=validator_class.FORMAT_CHECKER
    )
    return list(validator.iter_errors(instance))


def resolve(node: Any) -> Any:
    """``node`` with a chain of local ``$ref``s followed (the node itself when it is not a reference)."""
    return spec_document().deref(node)
