"""The README's production receivers, run as they are: its router, then its FastAPI and its Flask app, and its
FastAPI app with an async handler, each sent signed deliveries the way Sendmux sends them."""

from __future__ import annotations

import contextlib
import io
import re
import time
import warnings
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from sendmux import sign_webhook

from ..webhooks.deliveries import OLD_SECRET, SECRET, event_body

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # as in tests/webhooks/test_receiver.py
    from starlette.testclient import TestClient

README = Path(__file__).resolve().parents[2] / "README.md"


def snippet(tag: str) -> str:
    found = re.findall(rf"^```python {tag}\n(.*?)^```$", README.read_text(encoding="utf-8"), flags=re.M | re.S)
    assert len(found) == 1, f"the README should have one ```python {tag} snippet"
    return str(found[0])


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {"Content-Type": "application/json", **sign_webhook(body, secret, timestamp=int(time.time()))}


def test_the_readme_fastapi_and_flask_receivers_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where the snippet's SQLite file goes
    monkeypatch.delenv("SENDMUX_WEBHOOK_SECRETS", raising=False)
    monkeypatch.setenv("SENDMUX_WEBHOOK_SECRET", f"{SECRET},{OLD_SECRET}")
    namespace: dict[str, object] = {"__name__": "app"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for tag in ("receiver", "fastapi", "flask", "async"):
            exec(compile(snippet(tag), f"README.md ```python {tag}", "exec"), namespace)
        bounce, complaint = event_body(id="evt_bounce"), event_body("message.complained", id="evt_complaint")
        newer = event_body("message.opened", id="evt_newer")
        with TestClient(namespace["app"]) as fastapi:
            answers = [
                (r.status_code, r.text)
                for r in (
                    fastapi.post("/sendmux", content=bounce, headers=signed(bounce)),
                    fastapi.post("/sendmux", content=bounce, headers=signed(bounce)),
                    fastapi.post("/sendmux", content=newer, headers=signed(newer, OLD_SECRET)),
                    fastapi.post("/sendmux", content=newer, headers=signed(bounce)),
                )
            ]
        flask = namespace["flask_app"].test_client()  # type: ignore[attr-defined]
        for body, headers in ((complaint, signed(complaint)), (bounce, signed(bounce))):
            response = flask.post("/sendmux", data=body, headers=headers)
            answers.append((response.status_code, response.get_data(as_text=True)))
        inbound = event_body("message.received", id="evt_inbound", data_mailbox_id="mbx_1", data_is_spam=False)
        with TestClient(namespace["inbound_app"]) as inbound_app:
            for _ in range(2):
                response = inbound_app.post("/sendmux/inbound", content=inbound, headers=signed(inbound))
                answers.append((response.status_code, response.text))
    assert answers[:3] == [(200, "processed"), (200, "duplicate"), (200, "processed")]
    assert answers[3][0] == 400 and answers[3][1].startswith("no matching signature")
    assert answers[4:6] == [(200, "processed"), (200, "duplicate")]  # the same store, so Flask knows evt_bounce
    assert answers[6:] == [(200, "processed"), (200, "duplicate")]  # the async handler, once
    assert printed.getvalue().splitlines() == [
        "suppress ['user@example.com']",
        "not handled yet: message.opened evt_newer",
        "suppress ['user@example.com']",
        "inbound for mbx_1 spam: False",
    ]
    assert (tmp_path / "sendmux-events.sqlite3").is_file()
