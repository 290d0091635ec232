"""Loading the packaged openapi.yaml, the one description the emulator validates against."""

from __future__ import annotations

import functools
import os
from importlib.resources import files
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sendmux_spec import Document, parse

from .urls import is_endpoint_url

__all__ = [
    "BASE_PATH",
    "SPEC_ENV",
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
    return pointer_errors(f"/components/schemas/{schema_name}", instance)


def pointer_errors(pointer: str, instance: Any) -> list[Any]:
    """Every way ``instance`` breaks the schema at JSON pointer ``pointer`` in the spec (its $refs resolved)."""
    validator = OAS31Validator(
        {"$ref": f"{_SPEC_URI}#{pointer}"}, registry=_registry(), format_checker=OAS31Validator.FORMAT_CHECKER
    )
    return list(validator.iter_errors(instance))


def resolve(node: Any) -> Any:
    """``node`` with a chain of local ``$ref``s followed (the node itself when it is not a reference)."""
    return spec_document().deref(node)
