"""`make bench`'s emulator section: the emulator beside Stoplight Prism 5's static mock of the same openapi.yaml.

* GET latency: sequential keep-alive ``GET /webhooks/{id}`` from one ``http.client`` connection, 300 requests a
  round, the emulator and Prism alternating, after 50 requests of warm-up on each; the ratio is the median of
  the per-round ratios of mean latency.
* time to first answer: from starting the process to the first 200 on ``GET /webhooks?limit=1``, each server
  started fresh once per round, alternating.

Prism is the pinned @stoplight/prism-cli in tools/prism (``npm ci``, like the spec differ); Prism serves the
spec's paths without the server's /api/v1 prefix, so each server is called on its own base path. Both run with
their request logs off the terminal. Run by scripts/bench.py, or alone: ``python scripts/bench_emulator.py``.
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_targets import Target, median_ratio

ROOT = Path(__file__).resolve().parents[1]
PRISM = ROOT / "tools" / "prism" / "node_modules" / ".bin" / "prism"
API_KEY = "smx_root_bench"
REQUESTS = 300
STARTUP_LIMIT = 60.0  # seconds: only a server that never starts reaches it


class Server:
    """A server process and where it answers: ``prefix`` is its base path."""

    def __init__(self, name: str, command: list[str], port: int, prefix: str) -> None:
        self.name, self.command, self.port, self.prefix = name, command, port, prefix

    def get(self, conn: http.client.HTTPConnection, path: str) -> bytes:
        conn.request("GET", self.prefix + path, headers={"Authorization": f"Bearer {API_KEY}"})
        answer = conn.getresponse()
        body = answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{self.name}: GET {path} answered {answer.status}: {body[:200]!r}")
        return body


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def servers() -> list[Server]:
    emulator_port, prism_port = free_port(), free_port()
    emulator = [sys.executable, "-m", "sendmux_emulator", "--port", str(emulator_port), "--api-key", API_KEY]
    emulator += ["--rate-limit", "100000000"]
    prism = [str(PRISM), "mock", str(ROOT / "openapi.yaml"), "--host", "127.0.0.1", "--port", str(prism_port)]
    return [Server("emulator", emulator, emulator_port, "/api/v1"), Server("prism", prism, prism_port, "")]


@contextmanager
def running(server: Server) -> Iterator[float]:
    """Start ``server``; yields the seconds from the start to its first 200 answer."""
    started = time.perf_counter()
    proc = subprocess.Popen(server.command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                server.get(conn, "/webhooks?limit=1")
                conn.close()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > STARTUP_LIMIT:
                    raise RuntimeError(f"{server.name} did not start: {' '.join(server.command)}") from None
                time.sleep(0.005)  # polling a port: the only sign of readiness both servers share
        yield time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def webhook_path(server: Server, conn: http.client.HTTPConnection) -> str:
    """``/webhooks/{id}`` of a webhook the server has: one created on the emulator, the example on Prism."""
    if server.name == "prism":
        return "/webhooks/" + json.loads(server.get(conn, "/webhooks?limit=1"))["data"][0]["id"]
    body = json.dumps({"url": "https://127.0.0.1:9/bench", "event_types": ["sendmux.test"], "name": "bench"})
    headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
    conn.request("POST", server.prefix + "/webhooks", body=body, headers=headers)
    answer = conn.getresponse()
    created = json.loads(answer.read())
    if answer.status != 201:
        raise RuntimeError(f"emulator: create answered {answer.status}: {created}")
    return "/webhooks/" + str(created["data"]["id"])


def latency_round(get: Callable[[], bytes]) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS):
        get()
    return (time.perf_counter() - started) / REQUESTS


def measure(rounds: int, starts: int, step: Callable[[str], None]) -> dict[str, dict[str, list[float]]]:
    """Per server: ``latency`` (seconds a request, one figure a round) and ``first answer`` (seconds)."""
    found: dict[str, dict[str, list[float]]] = {}
    pair = servers()
    for number in range(1, starts + 1):
        for server in pair:
            with running(server) as first:
                found.setdefault(server.name, {"latency": [], "first answer": []})["first answer"].append(first)
        step(f"start {number}/{starts}")
    with running(pair[0]), running(pair[1]):
        calls: dict[str, Callable[[], bytes]] = {}
        for server in pair:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            path = webhook_path(server, conn)
            calls[server.name] = lambda server=server, conn=conn, path=path: server.get(conn, path)  # type: ignore[misc]
            for _ in range(50):
                calls[server.name]()
        for number in range(1, rounds + 1):
            for server in pair:
                found[server.name]["latency"].append(latency_round(calls[server.name]))
            step(f"round {number}/{rounds}")
    return found


def emulator_targets(step: Callable[[str], None], rounds: int = 7, starts: int = 5) -> list[Target]:
    print(
        f"\n== the emulator beside Prism 5's static mock (tools/prism): GET /webhooks/{{id}}, {rounds} interleaved "
        f"rounds of {REQUESTS} keep-alive requests; time to first answer, {starts} interleaved starts",
        flush=True,
    )
    if not PRISM.exists() or shutil.which("node") is None:
        step("Prism is not installed (make prism-deps installs it); the emulator's targets cannot be measured")
        return [Target("emulator vs Prism (Prism missing)", float("inf"), 1.0, "Prism 5 static mock")]
    found = measure(rounds, starts, step)
    emulator, prism = found["emulator"], found["prism"]
    for name, figures in found.items():
        latency = statistics.median(figures["latency"]) * 1000
        first = statistics.median(figures["first answer"])
        rounds_ms = " ".join(f"{x * 1000:.3f}" for x in figures["latency"])
        starts_s = " ".join(f"{x:.2f}" for x in figures["first answer"])
        print(f"  {name:10s} GET {latency:6.3f} ms (rounds: {rounds_ms})   first answer {first:5.2f} s ({starts_s})")
    return [
        Target("emulator GET /webhooks/{id} latency", median_ratio(emulator["latency"], prism["latency"]), 1.0,
               "Prism 5 static mock"),
        Target("emulator time to first answer", median_ratio(emulator["first answer"], prism["first answer"]), 1.0,
               "Prism 5 static mock"),
    ]  # fmt: skip


def main() -> None:
    targets = emulator_targets(lambda message: print(f"  {message}", flush=True))
    for target in targets:
        print(f"  {target.line()}")
    sys.exit(0 if all(target.met for target in targets) else 1)


if __name__ == "__main__":
    main()
