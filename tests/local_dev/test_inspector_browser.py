"""The delivery inspector at ``/_emulator/`` in real headless Chromium (Debian's ``chromium``, driven by Playwright):
it lists webhooks with only their secrets' last four characters, updates while open, and its buttons trigger an
event and resend an attempt.

``make browser`` (a prerequisite of ``make test``) installs Chromium when it is missing. With
``SENDMUX_UPDATE_SCREENSHOT=1`` the test rewrites ``docs/inspector.png``, the README's screenshot.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sendmux_emulator import EmulatorFactory, RunningEmulator

from ._http_receiver import SAFETY_TIMEOUT, http_receiver

CHROMIUM = os.environ.get("SENDMUX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "inspector.png"
SECRET = "whsec_inspector_demo_secret_9f3a"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make browser` (apt-get install chromium) or set SENDMUX_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.set_default_timeout(SAFETY_TIMEOUT * 1000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert errors == [], f"the page raised: {errors}"


def test_the_inspector_shows_deliveries_and_its_buttons_work(sendmux_emulator: RunningEmulator, page: Page) -> None:
    with http_receiver(SECRET) as receiver:
        failing = sendmux_emulator.subscribe(
            "http://127.0.0.1:9/gone", ["message.bounced"], secret="whsec_unreachable_7e1d"
        )
        hook = sendmux_emulator.subscribe(receiver.url, ["message.bounced", "message.received"], secret=SECRET)
        page.goto(sendmux_emulator.root_url + "/_emulator/")

        webhooks = page.locator("#webhooks")
        expect(webhooks).to_contain_text(hook["id"])
        expect(webhooks).to_contain_text("…9f3a")  # the last four characters, never the secret
        assert SECRET not in page.content() and "whsec_unreachable" not in page.content()

        # Updates while open: an event emitted elsewhere shows up without a reload.
        received = sendmux_emulator.emit("message.received")["event"]
        expect(page.locator("#events")).to_contain_text(received["id"])
        expect(page.locator(f"#attempts tr:has-text('{received['id']}')")).to_contain_text("success")

        # The trigger button emits message.bounced (preselected) to both subscriptions.
        page.get_by_role("button", name="Trigger event").click()
        expect(page.locator("#events tr:has-text('message.bounced')")).to_have_count(1)
        expect(page.locator("#attempts tr:has-text('message.bounced')")).to_have_count(2)
        expect(page.locator(f"#attempts tr:has-text('{failing['id']}')")).to_contain_text("connection_refused")
        expect(page.locator("#pending")).to_contain_text(failing["id"])  # its retry is still to come
        receiver.wait_for(2)

        # Each attempt opens onto the request it sent and the answer.
        row = page.locator(f"#attempts tr:has-text('{received['id']}')")
        row.locator("summary").click()
        expect(row.locator("pre").first).to_contain_text("X-Sendmux-Signature-V2: v1=")
        expect(row).to_contain_text('"type":"message.received"')

        expect(row.locator(".answer")).to_have_text("ok")  # the answer's first line, on the row itself

        # Resend delivers that attempt's event again, as a new delivery, marked as a resend.
        row.get_by_role("button", name="Resend").click()
        expect(page.locator(f"#attempts tr:has-text('{received['id']}')")).to_have_count(2)
        expect(page.locator(f"#attempts tr:has-text('{received['id']}'):has(.resend)")).to_have_count(1)
        bodies = receiver.wait_for(3)
        assert bodies[-1][0] == bodies[0][0]  # the same event body, signed again

        if os.environ.get("SENDMUX_UPDATE_SCREENSHOT") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_a_retry_leaves_pending_once_it_has_run_and_when_its_webhook_is_deleted(
    sendmux_emulator_factory: EmulatorFactory, page: Page
) -> None:
    """Retries at a thousandth of the real schedule (30 ms, 120 ms, 600 ms, 1.8 s, 3.6 s, ...): once a retry has
    run, only the next one is listed, and none once the webhook is deleted."""
    emulator = sendmux_emulator_factory(time_scale=0.001)
    failing = emulator.subscribe("http://127.0.0.1:9/gone", ["message.bounced"], secret="whsec_unreachable_7e1d")
    page.goto(emulator.root_url + "/_emulator/")
    emulator.emit("message.bounced")
    emulator.wait_for_deliveries(3, timeout=SAFETY_TIMEOUT)  # two retries have run
    pending = page.locator(f"#pending tr:has-text('{failing['id']}')")
    expect(pending).to_have_count(1)  # only the retry still to come: not those that ran
    assert int(pending.locator("td").nth(1).inner_text()) >= 4
    with httpx.Client(base_url=emulator.root_url) as control:
        assert control.delete(f"/_emulator/webhooks/{failing['id']}").status_code == 200
    expect(page.locator("#pending")).to_contain_text("Nothing pending.")


@contextmanager
def page_server(html: str) -> Iterator[str]:
    """Serve ``html`` at / from another local origin (a free port on 127.0.0.1), as any web page could be."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_of_another_origin_cannot_drive_the_emulator(sendmux_emulator: RunningEmulator, page: Page) -> None:
    """The CSRF hop: a page that makes the emulator subscribe a local port would have it POST JSON there. Tried as
    a no-cors text/plain POST (sent, but refused) and as a JSON POST (the browser asks first; nobody says yes)."""
    control = sendmux_emulator.root_url + "/_emulator/webhooks"
    body = json.dumps({"url": "http://127.0.0.1:9/victim"})
    script = f"""
      const body = {json.dumps(body)}, control = {json.dumps(control)};
      Promise.allSettled([
        fetch(control, {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}}, body}}),
        fetch(control, {{method: "POST", headers: {{"Content-Type": "application/json"}}, body}}),
      ]).then(results => {{ document.title = results.map(r => r.status).join(" "); }});
    """
    with page_server(f"<!doctype html><title>waiting</title><script>{script}</script>") as url:
        page.goto(url)
        expect(page).to_have_title("fulfilled rejected")  # both settled: the first sent, the second blocked
    with httpx.Client(base_url=sendmux_emulator.root_url, trust_env=False) as http:
        assert http.get("/_emulator/webhooks").json()["data"] == []
