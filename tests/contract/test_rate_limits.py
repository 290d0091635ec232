"""`make contract`'s own requests wait out a rate limit: a server that answers 429 (or 503) with Retry-After while
the run lists, re-sends or cleans up gets asked again after that wait, so the run neither fails nor leaves its
records behind for it; a wait longer than one rate window in all is not waited out, and says so."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tools.contract.ledger import Ledger
from tools.contract.targets import SubscriptionTargets
from tools.contract.team import MAX_RESENDS, MAX_WAIT, Team, WaitsOutRateLimits

BASE_URL = "http://api.test/api/v1"


class LimitedServer:
    """Webhooks the run created; each request is first refused with 429 ``retry_after`` times in a row."""

    def __init__(self, webhooks: dict[str, str], retry_after: str, refusals: int = 1) -> None:
        self.webhooks = dict(webhooks)
        self.retry_after = retry_after
        self.refusals = refusals
        self.seen: dict[tuple[str, str], int] = {}
        self.answers: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        self.seen[key] = self.seen.get(key, 0) + 1
        if self.seen[key] <= self.refusals:
            answer = httpx.Response(429, headers={"Retry-After": self.retry_after}, json={"ok": False})
        elif request.method == "GET":
            hooks = [{"id": hook_id, "url": url} for hook_id, url in self.webhooks.items()]
            answer = httpx.Response(200, json={"ok": True, "data": hooks, "pagination": {"has_more": False}})
        else:
            self.webhooks.pop(request.url.path.rsplit("/", 1)[-1], None)
            answer = httpx.Response(200, json={"ok": True, "data": {"deleted": True}})
        self.answers.append(answer.status_code)
        return answer


def team_on(server: LimitedServer, targets: SubscriptionTargets, sleeps: list[float]) -> Team:
    """The run's Team on ``server``, having created its webhooks; its waits recorded in ``sleeps``, not slept."""
    ledger = Ledger(targets)
    for hook_id in server.webhooks:
        ledger.created[hook_id] = server.webhooks[hook_id]
    return Team(BASE_URL, "smx_test_key", ledger, transport=httpx.MockTransport(server), sleep=sleeps.append)


def test_the_cleanup_waits_out_429s_and_leaves_nothing_behind() -> None:
    targets = SubscriptionTargets()
    server = LimitedServer({f"whk_{n}": targets.url(f"hook-{n}") for n in range(3)}, retry_after="2")
    sleeps: list[float] = []
    team = team_on(server, targets, sleeps)
    report = team.clean_up()
    assert report.left_behind == [] and server.webhooks == {}
    assert 429 in server.answers and sleeps and set(sleeps) == {2.0}


def test_a_wait_beyond_one_rate_window_is_not_waited_and_the_record_is_named() -> None:
    targets = SubscriptionTargets()
    server = LimitedServer({"whk_1": targets.url("hook")}, retry_after="40", refusals=10**6)
    sleeps: list[float] = []
    team = team_on(server, targets, sleeps)
    report = team.clean_up()
    assert report.left_behind == ["whk_1"]
    # each request waited 40 s once: a second wait would take it past MAX_WAIT, so it was sent twice at most
    assert 40.0 <= MAX_WAIT < 80.0 and sleeps and set(sleeps) == {40.0}
    assert sum(server.seen.values()) == 2 * len(sleeps)  # every request: refused, waited once, refused, given up


def _http_date(retry_after: str | None) -> str | None:
    """``"in N s"`` as the HTTP date N seconds from now (made when the test runs, not when it is collected)."""
    if retry_after is None or not retry_after.startswith("in "):
        return retry_after
    seconds = int(retry_after.split()[1])
    return email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=seconds), usegmt=True)


@pytest.mark.parametrize(
    ("status", "retry_after", "waits"),
    [
        (429, "3", [3.0]),
        (503, "1", [1.0]),
        (429, "0", [1.0]),
        (429, "in 30 s", [30.0]),
        (429, "in -30 s", [1.0]),
        (429, None, []),
        (429, "soon", []),
        (500, "1", []),
        (429, "66", []),
    ],
)
def test_only_a_429_or_503_that_says_how_long_is_sent_again(
    status: int, retry_after: str | None, waits: list[float]
) -> None:
    header = _http_date(retry_after)
    refusal = httpx.Response(status, headers={"Retry-After": header} if header else {})
    answers = iter([refusal, httpx.Response(200)])
    bodies: list[bytes] = []

    def server(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        return next(answers)

    sleeps: list[float] = []
    with httpx.Client(transport=WaitsOutRateLimits(httpx.MockTransport(server), sleep=sleeps.append)) as http:
        final = http.post("http://api.test/webhooks", json={"url": "https://x.invalid/"})
    if header != retry_after:  # an HTTP date: read to the second, some moments (on a slow machine, seconds) later
        assert len(sleeps) == len(waits)
        assert all(wait - 10 <= pause <= wait for pause, wait in zip(sleeps, waits, strict=True))
    else:
        assert sleeps == waits
    assert final.status_code == (200 if waits else status)
    assert bodies == [b'{"url":"https://x.invalid/"}'] * (2 if waits else 1)  # the same body, sent again


def test_a_server_that_always_says_retry_at_once_is_not_asked_forever() -> None:
    sent: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(429, headers={"Retry-After": "0"})

    sleeps: list[float] = []
    with httpx.Client(transport=WaitsOutRateLimits(httpx.MockTransport(server), sleep=sleeps.append)) as http:
        assert http.get("http://api.test/webhooks").status_code == 429
    assert sleeps == [1.0] * MAX_RESENDS and len(sent) == MAX_RESENDS + 1
