"""`make bench`: the package's costs measured side by side in one run, with one PASS/MISS line per target.

Targets (each ratio is against something measured in the same run, on the same machine):

* cold start: the receiving import `from sendmux import verify_webhook, ...` <= 0.3x `import httpx`, and
  `import sendmux` and `from sendmux import Sendmux` <= 1.3x;
* management call: `client.webhooks.get(id)` <= 1.15x a raw httpx GET + `json.loads` against the same local
  emulator (client CPU time; the emulator runs in its own process);
* signature checks <= 1.3x a bare hmac, and `verify_webhook` with its typed event <= 1.0x the Standard
  Webhooks reference library's `Webhook.verify`, both on a 1 KB event, for a delivery with the plain signature
  only and for the real delivery with all three signature headers (scripts/bench_verify.py).
* the emulator: its GET /webhooks/{id} latency and its time to first answer <= 1.0x Stoplight Prism 5's static
  mock of the same openapi.yaml (scripts/bench_emulator.py; Prism pinned in tools/prism).

Everything sendmux-side runs in .bench/clean, a virtualenv holding only what `pip install .` brings (the dev
venv's tools make even `import httpx` heavier); the package is reinstalled there on every run. The official
SDK (`sendmux-management`, context only) lives in .bench/official, and `standardwebhooks` in
.bench/reference, a directory the verification benchmark adds to its path. Each figure is the median of
interleaved rounds and each ratio the median of per-round ratios; no figure is a difference of two others.
Exits 1 if any target is missed; `make test` does not run this.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import httpx
from bench_emulator import emulator_targets
from bench_targets import Target, median_ratio

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".bench"
CLEAN_PY = BENCH / "clean" / "bin" / "python"
OFFICIAL_PY = BENCH / "official" / "bin" / "python"
REFERENCE = BENCH / "reference"
OFFICIAL_SPEC = "sendmux-management==2.0.1"
REFERENCE_SPEC = "standardwebhooks==1.1.0"
API_KEY = "smx_root_bench"
RECEIVING = "from sendmux import verify_webhook, sign_webhook, WebhookEvent, WebhookVerificationError"
EVENT = {
    "id": "evt_1",
    "type": "message.bounced",
    "team_public_id": "team_1",
    "occurred_at": "2026-04-23T10:15:30Z",
    "data": {
        **dict.fromkeys(["message_id", "message_id_kind", "sendmux_message_id", "sender", "mailbox_id"]),
        **dict.fromkeys(["bounce_type", "bounce_subtype", "complaint_type", "complaint_subtype", "reject_reason"]),
        **dict.fromkeys(["delay_type", "delay_expires_at", "is_spam", "webhook_id"]),
        "recipients": ["gone@example.com"],
    },
}
FIRST_EVENT = (
    f"{RECEIVING}; b = {json.dumps(EVENT).encode()!r}; verify_webhook(b, sign_webhook(b, 'whsec_x'), 'whsec_x')"
)


def step(message: str) -> None:
    print(f"  {message}", flush=True)


def run_pip(python: Path, *args: str) -> bool:
    """pip with its progress lines passed through, indented; False if it failed."""
    command = [str(python), "-m", "pip", "install", "--progress-bar", "off", "--disable-pip-version-check", *args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as pip:
        assert pip.stdout is not None
        for line in pip.stdout:
            if line.startswith(("Collecting", "Building", "Installing", "Successfully", "ERROR")):
                step("  " + line.rstrip())
    return pip.returncode == 0


def make_venv(path: Path) -> bool:
    """Create the virtualenv unless it exists; whether it was created."""
    if (path / "bin" / "python").exists():
        return False
    step(f"creating {path.relative_to(ROOT)}")
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return True


def prepare() -> tuple[bool, bool]:
    """The scratch environments; whether the official SDK and standardwebhooks are there."""
    print("== scratch environments (.bench/)", flush=True)
    fresh = make_venv(BENCH / "clean")
    step("installing this checkout into .bench/clean (pip install .)")
    if not run_pip(CLEAN_PY, str(ROOT), *(() if fresh else ("--force-reinstall", "--no-deps"))):
        raise SystemExit("pip install . failed in .bench/clean")
    have_reference = (REFERENCE / "standardwebhooks").exists()
    if not have_reference:
        step(f"installing {REFERENCE_SPEC} into .bench/reference")
        have_reference = run_pip(CLEAN_PY, "--target", str(REFERENCE), REFERENCE_SPEC)
    have_official = OFFICIAL_PY.exists() and _imports(OFFICIAL_PY, "sendmux_management")
    if not have_official:
        make_venv(BENCH / "official")
        step(f"installing {OFFICIAL_SPEC} into .bench/official (about a minute the first time)")
        have_official = run_pip(OFFICIAL_PY, OFFICIAL_SPEC)
    if not have_official:
        step("could not install the official SDK; its figures are left out")
    return have_official, have_reference


def _imports(python: Path, module: str) -> bool:
    return subprocess.run([str(python), "-c", f"import {module}"], capture_output=True).returncode == 0


IMPORT_TIMER = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def import_times(statements: dict[str, tuple[Path, str]], rounds: int) -> dict[str, list[float]]:
    """Seconds for each statement in a fresh interpreter, every statement once per round."""
    samples: dict[str, list[float]] = {name: [] for name in statements}
    for number in range(1, rounds + 1):
        for name, (python, statement) in statements.items():
            code = IMPORT_TIMER.format(statement=statement)
            samples[name].append(float(subprocess.check_output([str(python), "-c", code], text=True)))
        if number % 5 == 0:
            step(f"round {number}/{rounds}")
    return samples


def cold_start(have_official: bool) -> list[Target]:
    rounds = 25
    print(f"\n== import time: a fresh interpreter per import, {rounds} interleaved rounds", flush=True)
    statements = {
        "import httpx": (CLEAN_PY, "import httpx"),
        "cold start, receiving import": (CLEAN_PY, RECEIVING),  # the cold start of a webhook receiver
        "import sendmux": (CLEAN_PY, "import sendmux"),
        "from sendmux import Sendmux": (CLEAN_PY, "from sendmux import Sendmux"),
        "cold start, receiving import + first event": (CLEAN_PY, FIRST_EVENT),
    }
    if have_official:
        statements["import sendmux_management"] = (OFFICIAL_PY, "import sendmux_management")
    samples = import_times(statements, rounds)
    httpx_s = samples["import httpx"]
    labels = {
        "cold start, receiving import": RECEIVING,
        "cold start, receiving import + first event": "the same, then verifying one event (the models load)",
    }
    for name, values in samples.items():
        ratio = "" if name == "import httpx" else f"   {median_ratio(values, httpx_s):5.2f}x import httpx"
        print(f"  {labels.get(name, name):88s} {statistics.median(values) * 1000:6.1f} ms{ratio}")
    limits = {"cold start, receiving import": 0.3, "import sendmux": 1.3, "from sendmux import Sendmux": 1.3}
    return [Target(name, median_ratio(samples[name], httpx_s), limit, "import httpx") for name, limit in limits.items()]


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
    "sendmux-management (official)": """
from sendmux_management import create_management_client
from sendmux_management.api.webhooks_api import WebhooksApi
api = WebhooksApi(create_management_client(api_key=KEY, base_url=BASE))
def call():
    return api.management_get_webhook(WID)
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
}

CALL_HARNESS = """
import sys, time
BASE, KEY, WID, N = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
{snippet}
for _ in range(50):
    call()
_start = time.process_time()
for _ in range(N):
    call()
print((time.process_time() - _start) / N)
"""


def cpu_per_call(names: Sequence[str], base: str, webhook_id: str, rounds: int) -> dict[str, list[float]]:
    """Client CPU seconds per call, each snippet in a fresh process once per round, the snippets interleaved."""
    samples: dict[str, list[float]] = {name: [] for name in names}
    for number in range(1, rounds + 1):
        for name in names:
            python = OFFICIAL_PY if "official" in name else CLEAN_PY
            code = CALL_HARNESS.format(snippet=CALL_SNIPPETS[name])
            out = subprocess.check_output([str(python), "-c", code, base, API_KEY, webhook_id, "400"], text=True)
            samples[name].append(float(out.strip().splitlines()[-1]))
        step(f"round {number}/{rounds}")
    return samples


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "sendmux_emulator", "--port", "0", "--api-key", API_KEY]
    proc = subprocess.Popen([*command, "--rate-limit", "100000000"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    prefix = "Sendmux emulator listening on "
    if not line.startswith(prefix):
        proc.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    return proc, line[len(prefix) :]


def management_call(have_official: bool) -> list[Target]:
    rounds = 7
    names = [name for name in CALL_SNIPPETS if have_official or "official" not in name]
    print(
        f"\n== client CPU per call: GET /webhooks/{{id}} on the local emulator, {rounds} interleaved rounds", flush=True
    )
    proc, base = start_emulator()
    try:
        headers = {"Authorization": "Bearer " + API_KEY}
        body = {"url": "https://127.0.0.1:9/bench", "event_types": ["sendmux.test"], "name": "bench"}
        created = httpx.post(base + "/webhooks", headers=headers, json=body)
        created.raise_for_status()
        samples = cpu_per_call(names, base, created.json()["data"]["id"], rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    raw = samples["raw httpx + json"]
    notes = {
        "httpx.Client, no I/O": "a MockTransport: httpx.Client by itself",
        "sendmux, no I/O": "the same MockTransport under sendmux",
        "httpx transport alone": "HTTPTransport.handle_request, no Client",
        "stdlib http.client": "one kept-alive connection, json.loads",
    }
    for name, values in samples.items():
        note = f"   ({notes[name]})" if name in notes else ""
        ratio = "" if name == "raw httpx + json" else f"   {median_ratio(values, raw):5.2f}x raw"
        print(f"  {name:32s} {statistics.median(values) * 1e6:6.0f} us{ratio}{note}")
    return [
        Target("management call, client.webhooks.get", median_ratio(samples["sendmux"], raw), 1.15, "raw httpx + json")
    ]


def verification(have_reference: bool) -> list[Target]:
    print("\n== webhook verification (scripts/bench_verify.py, in .bench/clean)", flush=True)
    if not have_reference:
        step(f"{REFERENCE_SPEC} is not installed; the verification targets cannot be measured")
        return [Target("verification (standardwebhooks missing)", float("inf"), 1.0, "standardwebhooks")]
    with tempfile.TemporaryDirectory() as scratch:
        results = Path(scratch) / "targets.json"
        script = ROOT / "scripts" / "bench_verify.py"
        subprocess.run([str(CLEAN_PY), str(script), str(REFERENCE), str(results)], check=True)
        return [Target(**item) for item in json.loads(results.read_text())]


def main() -> None:
    have_official, have_reference = prepare()
    targets = [*cold_start(have_official), *management_call(have_official), *verification(have_reference)]
    targets += emulator_targets(step)
    print("\n== targets")
    for target in targets:
        print(f"  {target.line()}")
    missed = [target for target in targets if not target.met]
    print(
        f"\n{len(targets) - len(missed)} of {len(targets)} targets met" + (f", {len(missed)} missed" if missed else "")
    )
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
