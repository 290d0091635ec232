"""What the racing receiver processes of tests/receiving/test_process_once.py run, in a module that imports little:
a spawned process imports only this, and a fork copies a small process rather than a pytest worker that has
imported the whole suite (about 20 ms a fork there).

    python -m tests.receiving.racing_processes FOLDER TRIALS WORKERS   # prints {"trials": N, "failed": [...]}

runs `race_fresh_files`: worker processes opening one fresh SQLite file at the same moment, trial after trial, as
`uvicorn --workers 8` does on a first boot.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

from sendmux.receiving import RedisStore, SQLiteStore, process_once

SAFETY_TIMEOUT = 60.0  # seconds; only a hung process waits this long


def process_event(where: str, start: object, runs: str, results: object) -> None:
    """One receiver process: its own store on the shared SQLite file, or its own client of the shared Redis."""
    kind, _, place = where.partition(":")
    if kind == "sqlite":
        store: SQLiteStore | RedisStore = SQLiteStore(place)
    else:
        import redis

        store = RedisStore(redis.Redis(host="127.0.0.1", port=int(place)))
    start.wait(SAFETY_TIMEOUT)  # type: ignore[attr-defined]

    def handle() -> None:
        with open(runs, "a", encoding="utf-8") as log:
            log.write("ran\n")

    results.put(process_once(store, "evt_race", handle))  # type: ignore[attr-defined]


def _open_fresh(path: str, start: object, results: object) -> None:
    """One worker process booting: it opens the store on a file nobody has opened yet, and claims once."""
    start.wait(SAFETY_TIMEOUT)  # type: ignore[attr-defined]
    try:
        SQLiteStore(path).claim("evt_boot")
        results.put("ok")  # type: ignore[attr-defined]
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]


def race_fresh_files(folder: Path, trials: int, workers: int) -> dict[str, object]:
    """Run ``trials`` races of ``workers`` processes, each on a new file in ``folder``; what each failure said."""
    context = multiprocessing.get_context("fork")
    failed: list[tuple[int, list[str]]] = []
    for trial in range(trials):
        start, results = context.Barrier(workers), context.Queue()
        path = str(folder / f"boot-{trial}.sqlite3")
        processes = [context.Process(target=_open_fresh, args=(path, start, results)) for _ in range(workers)]
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=SAFETY_TIMEOUT) for _ in processes]
        for process in processes:
            process.join(SAFETY_TIMEOUT)
        if outcomes != ["ok"] * workers:
            failed.append((trial, [o for o in outcomes if o != "ok"]))
    return {"trials": trials, "failed": failed}


if __name__ == "__main__":
    print(json.dumps(race_fresh_files(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))))
