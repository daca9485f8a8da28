"""Bomb replay: each query bomb of issue 13 against the real server, with a cheap query beside.

Loads the Gifhorn dataset into the benchmark Neo4j, starts the app under uvicorn in its own
process (as ``bench api`` does) and replays every bomb of ``bench.bombs``. For each it
reports: the time to answer and the code answered, the server's peak resident memory while
the bomb ran (sampled every 10 ms from ``/proc``), how long a cheap query sent 10 ms after
the bomb waited for its answer, and the server's memory afterwards against the baseline
measured before the first bomb.

Goal (issue 13): every bomb refused in under 1 s, cheap queries never wait more than 1 s,
memory back to baseline.

Run: ``python -m bench bombs [--repeat N]`` (results in bench/results/bombs.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench.bench_api import free_port, load_dataset, start_server
from bench.bombs import BOMBS, Bomb
from bench.support import bench_settings, save
from graph.db import open_driver

CHEAP = json.dumps({"query": '{ actor(id: "stabsstelle-integration") { name } }'}).encode()
JSON = {"content-type": "application/json"}


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class PeakSampler:
    """The highest RSS of a process while the ``with`` block runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.01)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib(self.pid))


async def _post(client: httpx.AsyncClient, body: bytes) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = await client.post("/graphql", content=body, headers=JSON)
    return time.perf_counter() - started, response


async def replay(url: str, bomb: Bomb) -> dict[str, Any]:
    """The bomb and, 10 ms later, a cheap query on another connection."""
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        await _post(client, CHEAP)
        await _post(client, CHEAP)  # two warm connections
        bombing = asyncio.create_task(_post(client, bomb.body))
        await asyncio.sleep(0.01)
        cheap_seconds, cheap = await _post(client, CHEAP)
        bomb_seconds, answer = await bombing
    try:
        code = answer.json()["errors"][0]["extensions"]["code"]
    except (ValueError, KeyError, IndexError, TypeError):
        code = f"HTTP {answer.status_code}"
    return {
        "bomb": bomb.name,
        "bytes": len(bomb.body),
        "status": answer.status_code,
        "code": code,
        "expected": bomb.code,
        "answer_s": round(bomb_seconds, 4),
        "cheap_wait_s": round(cheap_seconds, 4),
        "cheap_ok": cheap.status_code == 200 and "errors" not in cheap.json(),
    }


def run_bombs(url: str, pid: int, repeat: int) -> list[dict[str, Any]]:
    time.sleep(1.0)
    baseline = rss_mib(pid)
    rows = []
    for bomb in BOMBS:
        for _ in range(repeat):
            with PeakSampler(pid) as sampler:
                row = asyncio.run(replay(url, bomb))
            time.sleep(0.5)
            row.update(
                baseline_mib=round(baseline, 1),
                peak_mib=round(sampler.peak, 1),
                after_mib=round(rss_mib(pid), 1),
            )
            rows.append(row)
    return rows


def report(rows: list[dict[str, Any]], console: Console) -> None:
    table = Table(title="Bomb replay (issue 13): refused fast, cheap query unaffected")
    for column in (
        "bomb", "bytes", "code", "answer (s)", "cheap wait (s)",
        "peak RSS (MiB)", "after (MiB)", "baseline (MiB)",
    ):  # fmt: skip
        table.add_column(column)
    for row in rows:
        ok = row["code"] == row["expected"] and row["answer_s"] < 1 and row["cheap_wait_s"] < 1
        table.add_row(
            row["bomb"],
            str(row["bytes"]),
            row["code"] if ok else f"[red]{row['code']}[/red]",
            f"{row['answer_s']:.3f}",
            f"{row['cheap_wait_s']:.3f}",
            f"{row['peak_mib']:.1f}",
            f"{row['after_mib']:.1f}",
            f"{row['baseline_mib']:.1f}",
        )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench bombs", description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="replays of each bomb")
    args = parser.parse_args(argv)
    console = Console()
    settings = bench_settings()
    with open_driver(settings) as driver:
        console.print(load_dataset(driver, settings.neo4j_database, "gifhorn", 0))
    port = free_port()
    server: subprocess.Popen[bytes] = start_server(settings, port)
    try:
        rows = run_bombs(f"http://127.0.0.1:{port}", server.pid, args.repeat)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(rows, console)
    console.print(f"saved {save('bombs', rows)}")


if __name__ == "__main__":
    main()
