"""The public surface of ``sendmux``, written down so a change can be proven additive.

``describe()`` reads what a user can reach: the names each public module exports, every public method and
property of the clients, their resources (plain, async, ``with_raw_response``) and the public classes, with
each parameter's name, kind, default and resolved type, and each return type (every ``@overload`` too).
Types are resolved and written in one canonical form, so ``A | B`` spelled through an alias, or in another
order, reads the same.

``python -m tests.client.surface`` rewrites ``public_surface.json``; run it only to record a deliberate
addition. ``test_public_surface.py`` fails when anything recorded there was removed or changed.
"""

from __future__ import annotations

import collections.abc
import datetime as _datetime_module
import inspect
import json
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import httpx

import sendmux
import sendmux_client.models
from sendmux_client.types import Unset

SNAPSHOT = Path(__file__).with_name("public_surface.json")
MODULES = ("sendmux", "sendmux.errors", "sendmux.models")


def _namespace() -> dict[str, Any]:
    """Every name an annotation in the package may use, for resolving string annotations."""
    namespace: dict[str, Any] = {
        **vars(typing),
        **vars(collections.abc),
        "httpx": httpx,
        "datetime": _datetime_module,
        "Unset": Unset,
    }
    namespace.update(vars(sendmux_client.models))
    namespace.update({name: getattr(sendmux, name) for name in sendmux.__all__})
    for name, module in list(sys.modules.items()):  # private helpers such as Omit and TimeoutArg
        if name.startswith("sendmux.") and module is not None:
            namespace.update({key: value for key, value in vars(module).items() if not key.startswith("__")})
    namespace["TimeoutArg"] = float | httpx.Timeout | None
    models = sendmux_client.models
    # Spelled by name in signatures recorded before the per-operation layer was generated.
    namespace["FiltersArg"] = models.WebhookFiltersInput | models.WebhookFilters | collections.abc.Mapping[str, Any]
    return namespace


def canon(tp: Any) -> str:
    """One spelling per type: unions sorted and flattened, generics written as ``name[args]``."""
    if tp is type(None) or tp is None:
        return "None"
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(sorted({canon(arg) for arg in typing.get_args(tp)}))
    if origin is typing.Literal:
        return "Literal[" + ", ".join(repr(arg) for arg in typing.get_args(tp)) + "]"
    if origin is not None:
        args = typing.get_args(tp)
        name = getattr(origin, "__qualname__", repr(origin))
        return f"{name}[{', '.join('...' if a is Ellipsis else canon(a) for a in args)}]" if args else name
    if isinstance(tp, typing.TypeVar):
        return tp.__name__
    if isinstance(tp, type):
        return tp.__qualname__
    return repr(tp)


def _signature(func: Callable[..., Any], namespace: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(func, globalns={**getattr(func, "__globals__", {}), **namespace})
    params = []
    for param in inspect.signature(func).parameters.values():
        if param.name == "self":
            continue
        text = f"{param.kind.name} {param.name}: {canon(hints.get(param.name, Any))}"
        if param.default is not inspect.Parameter.empty:
            text += f" = {param.default!r}"
        params.append(text)
    return {"params": params, "returns": canon(hints.get("return", Any))}


def _callable(func: Callable[..., Any], namespace: dict[str, Any]) -> dict[str, Any]:
    overloads = typing.get_overloads(func)
    described = {"signature": _signature(func, namespace)}
    if overloads:
        described["overloads"] = [_signature(o, namespace) for o in overloads]
    return described


def _class(cls: type, namespace: dict[str, Any]) -> dict[str, Any]:
    members: dict[str, Any] = {}
    if attrs.has(cls):
        hints = typing.get_type_hints(cls, globalns=namespace)
        for field in attrs.fields(cls):
            members[field.name] = {"attribute": canon(hints.get(field.name, Any))}
    for name in dir(cls):
        if name.startswith("_") and name not in ("__init__", "__enter__", "__exit__", "__aenter__", "__aexit__"):
            continue
        static = inspect.getattr_static(cls, name)
        if isinstance(static, property):
            hints = typing.get_type_hints(static.fget, globalns={**static.fget.__globals__, **namespace})
            members[name] = {"property": canon(hints.get("return"))}
        elif isinstance(static, types.MemberDescriptorType):  # a slot: typed by its class-level annotation, if any
            annotated = any(name in vars(c).get("__annotations__", {}) for c in cls.__mro__)
            hint = typing.get_type_hints(cls, globalns=namespace)[name] if annotated else None
            members.setdefault(name, {"attribute": "slot" if hint is None else canon(hint)})
        elif isinstance(static, classmethod | staticmethod) or inspect.isfunction(static):
            func = static.__func__ if isinstance(static, classmethod | staticmethod) else static
            if func.__qualname__.split(".")[0] in ("object", "Exception", "BaseException") or (
                name == "__init__" and func is object.__init__
            ):
                continue
            members[name] = _callable(func, namespace)
    return {"members": members}


def _resources(client: Any, namespace: dict[str, Any]) -> dict[str, Any]:
    found = {}
    for attr in ("webhooks",):
        resource = getattr(client, attr)
        raw = resource.with_raw_response
        found[attr] = {
            "class": type(resource).__name__,
            "raw_class": type(raw).__name__,
            # users reach resources through the client and never construct one: __init__ is not theirs
            "methods": {k: v for k, v in _class(type(resource), namespace)["members"].items() if k != "__init__"},
            "raw_methods": {k: v for k, v in _class(type(raw), namespace)["members"].items() if k != "__init__"},
        }
    return found


def describe() -> dict[str, Any]:
    """The public surface of the installed ``sendmux``, as plain JSON data."""
    import importlib

    namespace = _namespace()
    surface: dict[str, Any] = {"modules": {}, "classes": {}, "functions": {}, "clients": {}}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        surface["modules"][module_name] = sorted(module.__all__)
    for name in sendmux.__all__:
        value = getattr(sendmux, name)
        if isinstance(value, type):
            surface["classes"][name] = _class(value, namespace)
        elif inspect.isfunction(value):
            surface["functions"][name] = _callable(value, namespace)
    sync = sendmux.Sendmux(api_key="k")
    asynchronous = sendmux.AsyncSendmux(api_key="k")
    surface["clients"]["Sendmux"] = _resources(sync, namespace)
    surface["clients"]["AsyncSendmux"] = _resources(asynchronous, namespace)
    sync.close()
    return surface


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(describe(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
