"""`make bench`: the client's costs measured side by side in one run, printed as numbers and ratios.

* import time: `import sendmux` vs `import httpx` (target <= 1.5x), and the official `sendmux-management`;
* client CPU per call: `client.webhooks.get(id)` vs a raw httpx GET + `json.loads` against the same local
  emulator (target <= 1.3x), and the official SDK's `management_get_webhook` (target: ours <= 0.5x theirs);
* the floors under those figures: httpx.Client with no I/O at all (a MockTransport), httpx's own transport
  without the Client, and the stdlib's http.client, so the run shows what any client built on httpx can reach;
* webhook verification vs a bare hmac (target <= 1.2x), from scripts/bench_verify.py.

The official SDK is not a dependency: it is installed into .bench/official (a scratch virtualenv) on first
use. Each figure is measured in a fresh subprocess; the emulator runs in its own process so its work is not
counted. Nothing here asserts; it prints.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
OFFICIAL_VENV = ROOT / ".bench" / "official"
OFFICIAL_PY = OFFICIAL_VENV / "bin" / "python"
OFFICIAL_SPEC = "sendmux-management==2.0.1"
API_KEY = "smx_root_bench"


def ensure_official() -> bool:
    if OFFICIAL_PY.exists():
        return True
    print(f"installing {OFFICIAL_SPEC} into {OFFICIAL_VENV} (scratch, for comparison only)...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(OFFICIAL_VENV)], check=True)
        subprocess.run(
            [str(OFFICIAL_PY), "-m", "pip", "install", "--quiet", OFFICIAL_SPEC],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError:
        print("  could not install the official SDK; its columns are skipped")
        return False
    return True


def import_seconds(python: Path | str, module: str, runs: int = 21) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    samples = [float(subprocess.check_output([str(python), "-c", code], text=True)) for _ in range(runs)]
    return statistics.median(samples)


CALL_SNIPPETS = {
    "raw httpx + json": """
import httpx, json
c = httpx.Client(base_url=BASE, headers={"Authorization": "Bearer " + KEY})
def call():
    r = c.get("/webhooks/" + WID)
    r.raise_for_status()
    return json.loads(r.content)["data"]
""",
    "sendmux": """
import sendmux
c = sendmux.Sendmux(api_key=KEY, base_url=BASE)
def call():
    return c.webhooks.get(WID)
""",
    "httpx.Client, no I/O": """
import httpx, json
BODY = httpx.get(BASE + "/webhooks/" + WID, headers={"Authorization": "Bearer " + KEY}).content
t = httpx.MockTransport(lambda request: httpx.Response(200, content=BODY, headers={"content-type": "application/json"}))
c = httpx.Client(base_url=BASE, headers={"Authorization": "Bearer " + KEY}, transport=t)
def call():
    r = c.get("/webhooks/" + WID)
    r.raise_for_status()
    return json.loads(r.content)["data"]
""",
    "sendmux, no I/O": """
import httpx, sendmux
BODY = httpx.get(BASE + "/webhooks/" + WID, headers={"Authorization": "Bearer " + KEY}).content
t = httpx.MockTransport(lambda request: httpx.Response(200, content=BODY, headers={"content-type": "application/json"}))
c = sendmux.Sendmux(api_key=KEY, base_url=BASE, http_client=httpx.Client(transport=t))
def call():
    return c.webhooks.get(WID)
""",
    "urllib3 answer + json, no I/O (official)": """
import json, urllib.request, urllib3
AUTH, JSON = {"Authorization": "Bearer " + KEY}, {"content-type": "application/json"}
BODY = urllib.request.urlopen(urllib.request.Request(BASE + "/webhooks/" + WID, headers=AUTH)).read()
def call():
    r = urllib3.HTTPResponse(body=BODY, status=200, headers=JSON, preload_content=True)
    return json.loads(r.data)["data"]
""",
    "sendmux-management, no I/O (official)": """
import urllib.request, urllib3
from sendmux_management import create_management_client
from sendmux_management.api.webhooks_api import WebhooksApi
AUTH, JSON = {"Authorization": "Bearer " + KEY}, {"content-type": "application/json"}
BODY = urllib.request.urlopen(urllib.request.Request(BASE + "/webhooks/" + WID, headers=AUTH)).read()
class CannedPool:  # stands in for urllib3's PoolManager: every request gets the recorded answer
    def request(self, method, url, **options):
        return urllib3.HTTPResponse(body=BODY, status=200, headers=JSON, preload_content=True)
api = WebhooksApi(create_management_client(api_key=KEY, base_url=BASE))
rest = api.api_client.rest_client
getattr(rest, "_inner", rest).pool_manager = CannedPool()  # sendmux_core wraps the REST client for retries
def call():
    return api.management_get_webhook(WID)
""",
    "httpx transport alone": """
import httpx, json
t = httpx.HTTPTransport()
request = httpx.Request("GET", BASE + "/webhooks/" + WID, headers={"Authorization": "Bearer " + KEY})
def call():
    r = t.handle_request(request)
    r.read()
    return json.loads(r.content)["data"]
""",
    "stdlib http.client": """
import http.client, json, urllib.parse
u = urllib.parse.urlsplit(BASE)
conn = http.client.HTTPConnection(u.hostname, u.port)
path, headers = u.path + "/webhooks/" + WID, {"Authorization": "Bearer " + KEY}
def call():
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    if r.status != 200:
        raise RuntimeError(r.status)
    return json.loads(r.read())["data"]
""",
    "sendmux-management (official)": """
from sendmux_management import create_management_client
from sendmux_management.api.webhooks_api import WebhooksApi
api = WebhooksApi(create_management_client(api_key=KEY, base_url=BASE))
def call():
    return api.management_get_webhook(WID)
""",
}

CALL_HARNESS = """
import sys, time
BASE, KEY, WID, N = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
{snippet}
for _ in range(50):
    call()
_best = None
for _ in range(3):
    _start = time.process_time()
    for _ in range(N):
        call()
    _per = (time.process_time() - _start) / N
    _best = _per if _best is None else min(_best, _per)
print(_best)
"""


ROUNDS = 3


def cpu_per_call(python: Path | str, name: str, base: str, webhook_id: str, n: int = 400) -> float:
    code = CALL_HARNESS.format(snippet=CALL_SNIPPETS[name])
    out = subprocess.check_output([str(python), "-c", code, base, API_KEY, webhook_id, str(n)], text=True)
    return float(out.strip().splitlines()[-1])


def cpu_per_call_all(base: str, webhook_id: str, have_official: bool) -> dict[str, float]:
    """Each snippet once per round, the rounds interleaved, so a busy spell on the machine hits all of them alike."""
    names = [name for name in CALL_SNIPPETS if have_official or "official" not in name]
    best: dict[str, float] = {}
    for _ in range(ROUNDS):
        for name in names:
            python = OFFICIAL_PY if "official" in name else PY
            seconds = cpu_per_call(python, name, base, webhook_id)
            best[name] = min(seconds, best.get(name, seconds))
    return best


def print_floors(cpu: dict[str, float], off: float | None) -> None:
    """What the figures above are made of: the HTTP stacks' own costs, and each SDK's layer on top."""
    us = {name: seconds * 1e6 for name, seconds in cpu.items()}
    print("\n  the floors under these figures:")
    print(f"  httpx.Client, no I/O        {us['httpx.Client, no I/O']:7.0f} us   (MockTransport: the Client by itself)")
    print(f"  httpx transport alone       {us['httpx transport alone']:7.0f} us   (HTTPTransport.handle_request)")
    print(f"  stdlib http.client          {us['stdlib http.client']:7.0f} us   (one kept-alive connection, json.loads)")
    if off is None:
        return
    best_case = us["httpx.Client, no I/O"] + us["stdlib http.client"]
    print(
        f"  a client on httpx.Client, even with a transport as lean as http.client, would cost about "
        f"{best_case:.0f} us\n  (the Client with no I/O plus the stdlib's I/O): {best_case / (off * 1e6):.2f}x "
        f"the official SDK, whose half is {off / 2 * 1e6:.0f} us"
    )
    ours = us["sendmux, no I/O"] - us["httpx.Client, no I/O"]
    theirs = us["sendmux-management, no I/O (official)"] - us["urllib3 answer + json, no I/O (official)"]
    print("\n  each SDK's own layer, on a canned answer (no I/O), over its HTTP library's answer handling:")
    print(f"  sendmux                     {ours:7.1f} us   (sendmux over MockTransport - httpx.Client over it)")
    print(f"  sendmux-management          {theirs:7.1f} us   (with a canned urllib3 answer - that answer + json)")
    print(f"  ours is {ours / theirs:.2f}x theirs; the rest of each call is the HTTP stack")


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [PY, "-m", "sendmux_emulator", "--port", "0", "--api-key", API_KEY, "--rate-limit", "100000000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    prefix = "Sendmux emulator listening on "
    if not line.startswith(prefix):
        proc.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    return proc, line[len(prefix) :]


def main() -> None:
    have_official = ensure_official()
    print("\n== import time (median of 21 fresh interpreters)")
    t_httpx = import_seconds(PY, "httpx")
    t_ours = import_seconds(PY, "sendmux")
    print(f"  import httpx                {t_httpx * 1000:7.1f} ms")
    print(f"  import sendmux              {t_ours * 1000:7.1f} ms   {t_ours / t_httpx:.2f}x httpx (target <= 1.50x)")
    if have_official:
        t_off = import_seconds(OFFICIAL_PY, "sendmux_management")
        print(f"  import sendmux_management   {t_off * 1000:7.1f} ms   {t_off / t_httpx:.2f}x httpx")

    proc, base = start_emulator()
    try:
        created = httpx.post(
            base + "/webhooks",
            headers={"Authorization": "Bearer " + API_KEY},
            json={"url": "https://127.0.0.1:9/bench", "event_types": ["sendmux.test"], "name": "bench"},
        )
        created.raise_for_status()
        webhook_id = created.json()["data"]["id"]
        print(f"\n== client CPU per call: GET /webhooks/{{id}} on the local emulator (best of {ROUNDS} rounds)")
        cpu = cpu_per_call_all(base, webhook_id, have_official)
        raw, ours = cpu["raw httpx + json"], cpu["sendmux"]
        print(f"  raw httpx + json            {raw * 1e6:7.0f} us")
        print(f"  sendmux                     {ours * 1e6:7.0f} us   {ours / raw:.2f}x raw (target <= 1.30x)")
        off = cpu.get("sendmux-management (official)")
        if off is not None:
            print(
                f"  sendmux-management          {off * 1e6:7.0f} us   {off / raw:.2f}x raw; "
                f"ours is {ours / off:.2f}x theirs (target <= 0.50x)"
            )
        print_floors(cpu, off)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    verify = ROOT / "scripts" / "bench_verify.py"
    if verify.exists():
        print("\n== webhook verification")
        sys.stdout.flush()
        subprocess.run([PY, str(verify)], check=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


if __name__ == "__main__":
    main()
