"""Yes-or-no checks of a value against a schema of the spec, with plain jsonschema: no openapi-core.

openapi-core (with openapi-schema-validator, jsonschema-path and the settings they load) takes most of a second to
import, more than the rest of the emulator; the request checks compiled at start-up (`_api.compiled_requests`) use
these instead, so the server answers its first request before openapi-core is ever loaded. They judge a value as
openapi-core's OpenAPI 3.1 request validator does: JSON Schema draft 2020-12 with the formats openapi-schema-validator
adds (int32, int64, float, double, binary, byte, password, regex, on top of every format jsonschema checks), its
``pattern`` (ECMA-262 when ``regress`` is installed) and the emulator's own ``uri`` rule. The composition keywords
(where openapi-schema-validator reads ``discriminator``) are not judged here: the compiler leaves schemas using them
to openapi-core. tests/emulator/test_compiled_requests.py holds the two to the same results.
"""

from __future__ import annotations

import binascii
import importlib
import importlib.util
import re
from base64 import b64decode
from collections.abc import Callable, Iterator, Mapping
from numbers import Number
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator, FormatChecker, ValidationError  # type: ignore[import-untyped]
from jsonschema.validators import extend  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = ["SchemaChecks"]

# openapi-schema-validator reads patterns as ECMA-262 regular expressions when regress is installed (it is optional)
_regress: Any = importlib.import_module("regress") if importlib.util.find_spec("regress") else None
_EcmaRegex: Any = _regress.Regex if _regress is not None else None
_EcmaError: type[Exception] = _regress.RegressError if _regress is not None else ValueError

_URI = "urn:sendmux:openapi:checks"


def _search(pattern: str, text: str) -> bool:
    if _EcmaRegex is None:
        return re.search(pattern, text) is not None
    return _EcmaRegex(pattern).find(text) is not None


def _pattern(validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# openapi-schema-validator's OAS format checks (its _format module), which openapi-core adds for OpenAPI 3.1.
def _is_int32(instance: object) -> bool:
    return isinstance(instance, bool) or not isinstance(instance, int) or ~(1 << 31) < instance < 1 << 31


def _is_int64(instance: object) -> bool:
    return isinstance(instance, bool) or not isinstance(instance, int) or ~(1 << 63) < instance < 1 << 63


def _is_float(instance: object) -> bool:  # float and double alike: a Python float is a double
    return isinstance(instance, int) or not isinstance(instance, Number) or isinstance(instance, float)


def _is_byte(instance: object) -> bool:
    if not isinstance(instance, str | bytes):
        return True
    data = instance.encode("ascii", errors="strict") if isinstance(instance, str) else instance
    try:
        b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _is_regex(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    try:
        if _EcmaRegex is None:
            re.compile(instance)
        else:
            _EcmaRegex(instance)
    except (re.error, _EcmaError):
        return False
    return True


def _format_checker(extra: Mapping[str, Callable[[Any], bool]]) -> FormatChecker:
    checker = FormatChecker()  # every format jsonschema knows, as openapi-schema-validator's own checker starts
    checker.checks("int32")(_is_int32)
    checker.checks("int64")(_is_int64)
    checker.checks("float")(_is_float)
    checker.checks("double")(_is_float)
    checker.checks("binary")(lambda instance: True)
    checker.checks("byte", (binascii.Error, TypeError))(_is_byte)
    checker.checks("password")(lambda instance: True)
    checker.checks("regex")(_is_regex)
    for name, check in extra.items():
        checker.checks(name)(check)
    return checker


_OAS31 = extend(Draft202012Validator, {"pattern": _pattern})


def _never(value: Any) -> bool:
    return False


class SchemaChecks:
    """Checks against the schemas of one OpenAPI 3.1 document; ``formats`` adds or replaces format checks."""

    def __init__(self, spec: Mapping[str, Any], formats: Mapping[str, Callable[[Any], bool]]) -> None:
        resource: Resource[Any] = Resource.from_contents(spec, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_URI, resource)
        self._formats = _format_checker(formats)

    def is_valid(self, pointer: str) -> Callable[[Any], bool]:
        """Whether a value is valid against the schema at JSON pointer ``pointer`` (its ``$ref``s followed). The
        check says no, rather than raising, where the schema itself cannot be read (a pointer or a reference that
        leads nowhere, a pattern that does not compile): such values are left to openapi-core."""
        # Looked up once, here, and handed over with the resolver of where it sits (as openapi-core builds its
        # validators): a {"$ref": ...} wrapper would be looked up again on every value.
        try:
            resolved = self._registry.resolver(_URI).lookup(f"#{quote(pointer, safe='/~')}")
            for _ in range(100):  # a schema that is only a reference is the schema it names
                ref = resolved.contents.get("$ref") if isinstance(resolved.contents, dict) else None
                if not isinstance(ref, str) or len(resolved.contents) != 1:
                    break
                resolved = resolved.resolver.lookup(ref)
        except Exception:  # referencing's Unresolvable, or a pointer into something that is not an object
            return _never
        validator = _OAS31(resolved.contents, _resolver=resolved.resolver, format_checker=self._formats)

        def is_valid(value: Any) -> bool:
            try:
                return bool(validator.is_valid(value))
            except Exception:  # the schema, not the value, is at fault: openapi-core will say how
                return False

        return is_valid
