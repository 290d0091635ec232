"""What every generated resource shares. A resource's methods build a :class:`~sendmux._core.Call` and return
what ``_send``, ``_page`` or ``_items`` make of it; its :class:`Form` decides what that is. The
``with_raw_response`` and ``with_streaming_response`` classes are typed wrappers over those same methods, the way
openai-python's ``to_raw_response_wrapper(files.create)`` is: each runs the plain method on a resource of its form,
and a ``ParamSpec`` keeps the method's signature (``Callable[P, T]`` -> ``Callable[P, APIResponse[T]]``)."""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable, Coroutine
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

from ._envelope import Reads
from ._pagination import AsyncListIterator, AsyncPage, ListEnvelope, ListIterator, Page, read_page
from ._response import APIResponse

if TYPE_CHECKING:
    from ._binary import StreamedResponse
    from ._core import AsyncRequester, Call, SyncRequester

T = TypeVar("T")
P = ParamSpec("P")


class Form(Enum):
    """What a resource's methods return."""

    DATA = "data"  # the answer's data: the plain resource
    RAW = "raw"  # the whole answer, an APIResponse: with_raw_response
    STREAMING = "streaming"  # the answer as it arrives, a StreamedResponse: with_streaming_response


def _prepared(call: Call[T], form: Form) -> Call[T]:
    if form is not Form.STREAMING:
        return call
    from ._binary import StreamedResponse  # only operations with a text or binary answer have this form

    return replace(call, reads=Reads.STREAM, parse=cast("Callable[[Any], T]", StreamedResponse))


def _whole(answer: APIResponse[Any], data: Any, form: Form) -> Any:
    """What a method of a resource of ``form`` returns: ``data``, or for ``with_raw_response`` the whole answer
    around it. The forms' wrappers below say its type."""
    return APIResponse(data, answer.http_response, answer.retries_taken) if form is Form.RAW else data


class SyncResource:
    """The base of each resource of ``Sendmux`` (``client.webhooks``)."""

    def __init__(self, client: SyncRequester, form: Form = Form.DATA) -> None:
        self._client, self._form = client, form

    def _send(self, call: Call[T]) -> T:
        answer = self._client._request(_prepared(call, self._form))
        return cast(T, _whole(answer, answer.data, self._form))

    def _page(self, call: Call[ListEnvelope[T]]) -> Page[T]:
        answer = self._client._request(call)
        return cast("Page[T]", _whole(answer, read_page(Page, answer, self._client._request, call), self._form))

    def _items(self, call: Call[ListEnvelope[T]]) -> ListIterator[T]:
        return ListIterator(self._client._request, call, items=self._form is Form.DATA)


class AsyncResource:
    """The base of each resource of ``AsyncSendmux``."""

    def __init__(self, client: AsyncRequester, form: Form = Form.DATA) -> None:
        self._client, self._form = client, form

    async def _send(self, call: Call[T]) -> T:
        answer = await self._client._request(_prepared(call, self._form))
        return cast(T, _whole(answer, answer.data, self._form))

    async def _page(self, call: Call[ListEnvelope[T]]) -> AsyncPage[T]:
        answer = await self._client._request(call)
        page = read_page(AsyncPage, answer, self._client._request, call)
        return cast("AsyncPage[T]", _whole(answer, page, self._form))

    def _items(self, call: Call[ListEnvelope[T]]) -> AsyncListIterator[T]:
        return AsyncListIterator(self._client._request, call, items=self._form is Form.DATA)


class ResourceForm:
    """The base of the generated ``with_raw_response`` and ``with_streaming_response`` classes, whose methods are
    the wrappers below: each runs the plain method on ``resource``, a resource of this form's :class:`Form`."""

    def __init__(self, resource: SyncResource | AsyncResource) -> None:
        self._resource = resource

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, method in vars(cls).items():
            if callable(returns := getattr(method, "_returns", None)):
                _describe(method, f"{cls.__qualname__}.{name}", returns)


def _describe(method: Any, qualname: str, returns: Callable[[str], str]) -> None:
    """Give a wrapper what ``help()``, ``inspect.signature`` and ``typing.get_overloads`` show of a method: the
    plain method's parameters and documentation, with the result the wrapper returns (``returns`` rewrites the
    plain method's, a string under ``from __future__ import annotations``), for each ``@overload`` too."""
    plain = method.__wrapped__
    method.__qualname__ = qualname
    method.__annotations__ = {**plain.__annotations__, "return": returns(plain.__annotations__["return"])}
    method.__signature__ = inspect.signature(plain).replace(return_annotation=method.__annotations__["return"])
    for variant in typing.get_overloads(plain):
        code, defaults = variant.__code__, variant.__defaults__
        stub = types.FunctionType(code, variant.__globals__, variant.__name__, defaults, variant.__closure__)
        stub.__kwdefaults__, stub.__qualname__ = variant.__kwdefaults__, qualname
        stub.__annotations__ = {**variant.__annotations__, "return": returns(variant.__annotations__["return"])}
        typing.overload(stub)


def _wrapper(plain: Callable[..., Any], returns: Callable[[str], str]) -> Callable[..., Any]:
    """A method running ``plain`` on the form's resource; :class:`ResourceForm` describes it once named. It is
    made in ``plain``'s module, as if written there, so that its annotations resolve where ``plain``'s do."""

    def method(self: ResourceForm, /, *args: Any, **kwargs: Any) -> Any:
        return plain(self._resource, *args, **kwargs)

    async def async_method(self: ResourceForm, /, *args: Any, **kwargs: Any) -> Any:
        return await plain(self._resource, *args, **kwargs)

    code = async_method if inspect.iscoroutinefunction(plain) else method
    made = types.FunctionType(code.__code__, plain.__globals__, plain.__name__, None, code.__closure__)
    functools.update_wrapper(made, plain)
    made._returns = returns  # type: ignore[attr-defined]
    return made


def _item(iterator: str) -> str:
    return iterator.partition("[")[2].removesuffix("]")  # "ListIterator[X]" -> "X"


def raw_response(plain: Callable[Concatenate[Any, P], T]) -> Callable[Concatenate[Any, P], APIResponse[T]]:
    """``plain`` returning the whole answer: ``with_raw_response``."""
    return _wrapper(plain, lambda result: f"APIResponse[{result}]")


def async_raw_response(
    plain: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, APIResponse[T]]]:
    """The ``AsyncSendmux`` form of :func:`raw_response`."""
    return _wrapper(plain, lambda result: f"APIResponse[{result}]")


def raw_pages(
    plain: Callable[Concatenate[Any, P], ListIterator[T]],
) -> Callable[Concatenate[Any, P], ListIterator[APIResponse[Page[T]]]]:
    """A list method, iterating each page's whole answer instead of the items."""
    return _wrapper(plain, lambda result: f"ListIterator[APIResponse[Page[{_item(result)}]]]")


def async_raw_pages(
    plain: Callable[Concatenate[Any, P], AsyncListIterator[T]],
) -> Callable[Concatenate[Any, P], AsyncListIterator[APIResponse[AsyncPage[T]]]]:
    """The ``AsyncSendmux`` form of :func:`raw_pages`."""
    return _wrapper(plain, lambda result: f"AsyncListIterator[APIResponse[AsyncPage[{_item(result)}]]]")


def streaming_response(plain: Callable[Concatenate[Any, P], object]) -> Callable[Concatenate[Any, P], StreamedResponse]:
    """``plain`` returning the answer as it arrives: ``with_streaming_response``."""
    return _wrapper(plain, lambda result: "StreamedResponse")


def async_streaming_response(
    plain: Callable[Concatenate[Any, P], Coroutine[Any, Any, object]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, StreamedResponse]]:
    """The ``AsyncSendmux`` form of :func:`streaming_response`."""
    return _wrapper(plain, lambda result: "StreamedResponse")
