"""Count the handwritten lines of the ``sendmux`` package (non-blank, non-comment) and hold the core's budget.

The core is what a client call imports, measured, not listed: a fresh interpreter runs ``from sendmux import
Sendmux`` and a get, a list and a create on ``Sendmux`` and on ``AsyncSendmux`` (against an in-memory transport),
and every file of ``overlays/sendmux`` it loaded is counted, wherever in the folder it lives. The toolkits a call
never imports (``receiving/``, ``testing/``, ``_cli/``) are reported apart, each on its own line, and so is every
other overlay file a call leaves unloaded.

Usage: ``python scripts/loc.py`` prints the counts (the core per file) and exits 1 when the core is over budget.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlays" / "sendmux"
BUDGET = 1500
TOOLKITS = ("receiving", "testing", "_cli")
_CODE = re.compile(r"^\s*(?!#)\S")

# Run in a fresh interpreter: the calls a user makes first, then the overlay files Python loaded for them.
_CALLS = """
import asyncio, json, sys
import httpx
from sendmux import AsyncSendmux, Sendmux

WEBHOOK = {"id": "whk_1", "name": None, "url": "https://a.example/h", "event_types": ["message.bounced"],
           "filters": {"mailbox_ids": []}, "enabled": True, "failing": False,
           "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}

def answer(request):
    data = {**WEBHOOK, "secret": "whsec_x"} if request.method == "POST" else WEBHOOK
    body = {"ok": True, "data": data, "meta": {"request_id": "req_1"}}
    if request.url.path.endswith("/webhooks") and request.method == "GET":
        body |= {"data": [WEBHOOK], "pagination": {"has_more": False}}
    return httpx.Response(201 if request.method == "POST" else 200, json=body)

def calls(client):
    client.webhooks.get("whk_1")
    list(client.webhooks.list())
    client.webhooks.create(url="https://a.example/h", event_types=["message.bounced"])

async def async_calls(client):
    await client.webhooks.get("whk_1")
    [item async for item in client.webhooks.list()]
    await client.webhooks.create(url="https://a.example/h", event_types=["message.bounced"])

transport, url = httpx.MockTransport(answer), "https://api.test"
calls(Sendmux("k", base_url=url, http_client=httpx.Client(transport=transport)))
asyncio.run(async_calls(AsyncSendmux("k", base_url=url, http_client=httpx.AsyncClient(transport=transport))))
Sendmux("k", base_url="https://api.test").close()  # a client with the pool the SDK makes itself
json.dump(sorted(getattr(m, "__file__", None) or "" for m in list(sys.modules.values())), sys.stdout)
"""


def lines(path: Path) -> int:
    """Non-blank lines that are not only a comment."""
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if _CODE.match(line))


def loaded_by_a_call() -> list[Path]:
    """The overlay files a fresh interpreter loads to make the calls of ``_CALLS``."""
    done = subprocess.run(
        [sys.executable, "-c", _CALLS], capture_output=True, text=True, check=True, cwd=ROOT, timeout=120
    )
    files = [Path(name).resolve() for name in json.loads(done.stdout) if name]
    return sorted(path for path in files if path.is_relative_to(OVERLAY))


def counts() -> dict[str, dict[str, int]]:
    """``core``: each overlay file a call loads; then each toolkit; then ``other``: the overlay files left."""
    core = loaded_by_a_call()
    found: dict[str, dict[str, int]] = {"core": {}, **{name: {} for name in TOOLKITS}, "other": {}}
    for path in sorted(OVERLAY.rglob("*.py")):
        relative = path.relative_to(OVERLAY)
        toolkit = "_cli" if relative.name == "__main__.py" else relative.parts[0]  # python -m sendmux: the CLI
        group = "core" if path in core else toolkit if toolkit in TOOLKITS else "other"
        found[group][relative.as_posix()] = lines(path)
    return found


def main() -> int:
    found = counts()
    for path, count in found["core"].items():
        print(f"  {path:<28} {count:>5}")
    total = sum(found["core"].values())
    print(f"{'core (what a call imports)':<30} {total:>5} (budget {BUDGET})")
    for group in (*TOOLKITS, "other"):
        files = ", ".join(found[group]) if group == "other" else f"{len(found[group])} files"
        print(f"{group:<30} {sum(found[group].values()):>5} ({files})")
    if total > BUDGET:
        print(f"the core is over its budget by {total - BUDGET} lines", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
