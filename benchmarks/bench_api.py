"""Benchmark the HTTP API through a real server: `/v1/analyze` latency for 32 short texts
(p50/p95), and optionally the map endpoint on a synthetic project.

    .venv/bin/python -m benchmarks.bench_api [--repeats 30] [--texts 32] [--map-units 100000]

Starts uvicorn (the app `miner serve` runs) on a free local port in this process, over a fresh
SQLite database in a temp folder, waits for /readyz (model loaded), sends `--repeats` calls
after 3 warm-up calls, and prints a table. `--map-units N` also builds the map benchmark's
synthetic project (benchmarks.bench_map) of about N units and times
`GET /v1/projects/{id}/map` over HTTP (warm: the map cache's default). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import uvicorn

from api.app import create_app
from api.settings import ApiSettings
from miner.settings import MinerSettings
from miner.store import open_database
from miner.store.api_keys import create_api_key

SHORT_TEXTS = [
    "המשלוח איחר בשבוע",
    "השירות היה מעולה, תודה!",
    "The app keeps crashing at checkout",
    "Support never answered my email",
    "האפליקציה super slow",
    "מחיר טוב אבל האיכות גרועה",
    "Great price, fast delivery 👍",
    "הטכנאי לא הגיע בזמן 😡",
    "I love the loyalty program",
    "לא הצלחתי לשלם באתר",
    "Refund took three weeks",
    "ממליץ בחום לחברים",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """uvicorn serving the API in a background thread."""

    def __init__(self, settings: ApiSettings) -> None:
        self.port = _free_port()
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    return url
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the API did not become ready within 300 s")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _timed(call, repeats: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _row(name: str, times: list[float]) -> dict:
    return {
        "endpoint": name,
        "calls": len(times),
        "p50_ms": round(float(np.percentile(times, 50)), 1),
        "p95_ms": round(float(np.percentile(times, 95)), 1),
        "max_ms": round(max(times), 1),
    }


def run(repeats: int, n_texts: int, map_units: int | None) -> dict:
    texts = [SHORT_TEXTS[i % len(SHORT_TEXTS)] + f" #{i}" for i in range(n_texts)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = ApiSettings(
            miner=MinerSettings(data_dir=Path(tmp), database_url=url),
            rate_per_minute=10**9,
            rate_burst=10**9,
            run_worker=False,
        )
        sessions = open_database(url)
        with sessions.begin() as session:
            key = create_api_key(session, "default").key
        headers = {"Authorization": f"Bearer {key}"}
        project_id = None
        if map_units:
            from benchmarks.bench_map import synthetic_project

            project_id = synthetic_project(sessions, map_units)
        with Server(settings) as base, httpx.Client(base_url=base, timeout=120) as client:

            def analyze() -> None:
                answer = client.post("/v1/analyze", json={"texts": texts}, headers=headers)
                answer.raise_for_status()

            rows.append(_row(f"POST /v1/analyze ({n_texts} texts)", _timed(analyze, repeats)))
            if project_id is not None:

                def journey_map() -> None:
                    answer = client.get(f"/v1/projects/{project_id}/map", headers=headers)
                    answer.raise_for_status()

                rows.append(_row(f"GET map ({map_units} units)", _timed(journey_map, repeats)))
    return {
        "rows": rows,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def print_table(result: dict) -> None:
    print(f"Python {result['python']}, {result['cpus']} CPUs, load {result['load_avg']}")
    print(f"{'endpoint':<34} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for row in result["rows"]:
        print(
            f"{row['endpoint']:<34} {row['calls']:>5} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['max_ms']:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--texts", type=int, default=32)
    parser.add_argument("--map-units", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args()
    result = run(args.repeats, args.texts, args.map_units)
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
