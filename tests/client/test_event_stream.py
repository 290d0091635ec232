"""Server-sent events: the parsing rules of the HTML standard (sendmux._event_stream), and Stream's closing."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sendmux
from sendmux import ServerSentEvent, Stream
from sendmux._event_stream import parse_events


def parse(text: str, size: int = 3) -> list[ServerSentEvent]:
    """Parsed from chunks of ``size`` characters, so line ends fall across chunks too."""
    return list(parse_events(text[i : i + size] for i in range(0, len(text), size)))


def test_fields_comments_and_multi_line_data() -> None:
    text = ": keep-alive\nevent: progress\nid: 1\nretry: 2500\ndata: first\ndata:second\ndata\n\n"
    assert parse(text) == [ServerSentEvent("first\nsecond\n", "progress", "1", 2500)]


def test_blank_lines_without_data_dispatch_nothing_and_the_last_id_carries_over() -> None:
    text = "id: 9\n\n\nevent: ignored without data\n\ndata: a\n\ndata: b\nid: 10\n\n"
    assert parse(text) == [ServerSentEvent("a", "message", "9"), ServerSentEvent("b", "message", "10")]


def test_every_line_end_and_a_leading_bom() -> None:
    assert parse("\ufeffdata: crlf\r\n\r\ndata: cr\r\rdata: lf\n\n") == [
        ServerSentEvent("crlf"), ServerSentEvent("cr"), ServerSentEvent("lf")]  # fmt: skip


def test_an_event_cut_off_by_the_end_is_dropped_and_odd_fields_are_ignored() -> None:
    text = "data: kept\nfoo: bar\nretry: soon\nid: a\0b\n\ndata: cut off"
    assert parse(text) == [ServerSentEvent("kept")]  # a bad retry is ignored, an id with NUL too


def test_only_one_space_after_the_colon_is_dropped() -> None:
    assert parse("data:  two spaces\n\n") == [ServerSentEvent(" two spaces")]


# Any character but CR and LF may be in a line: U+2028 and NEL (\x85), which JSON strings may hold raw, too.
lines = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]), max_size=20)


@given(
    st.lists(st.tuples(st.lists(lines, min_size=1, max_size=3), st.sampled_from(["message", "tick"])), max_size=5),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.integers(min_value=1, max_value=7),
)
def test_what_a_server_writes_is_what_is_read(events: list[tuple[list[str], str]], end: str, size: int) -> None:
    text = "".join("".join(f"data: {line}{end}" for line in data) + f"event: {name}{end}{end}" for data, name in events)
    assert parse(text, size) == [ServerSentEvent("\n".join(data), name) for data, name in events]


def transport(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, content=body))


def test_a_stream_parses_items_closes_on_break_and_tells_the_last_id() -> None:
    with httpx.Client(transport=transport(b"id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n")) as http:
        stream = Stream(http.get("https://x.test", follow_redirects=False), lambda event: int(event.data))
        for item in stream:
            assert item == 1
            break
        assert stream.response.is_closed and stream.last_event_id == "1"


def test_an_item_that_does_not_fit_is_a_validation_error_naming_the_event() -> None:
    with httpx.Client(transport=transport(b"event: tick\nid: 4\ndata: not json\n\n")) as http:
        stream = Stream(http.get("https://x.test"), lambda event: event.json())
        with pytest.raises(sendmux.APIResponseValidationError, match=r"the event 'tick' \(id '4'\) does not match"):
            list(stream)
        assert stream.response.is_closed


def test_an_async_stream_closes_when_its_block_ends() -> None:
    async def run() -> tuple[list[str], bool]:
        async with httpx.AsyncClient(transport=transport(b"data: a\n\ndata: b\n\n")) as http:
            request = http.build_request("GET", "https://x.test")
            async with Stream(await http.send(request, stream=True), lambda event: event.data) as stream:
                items = [item async for item in stream]
            return items, stream.response.is_closed

    assert asyncio.run(run()) == (["a", "b"], True)
