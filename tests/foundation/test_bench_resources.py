"""The bench's resource meter (bench/resources.py) sees the CPU time and memory of a whole
process tree, like a server with worker processes: here a parent that waits and a child that
holds memory and burns CPU, then ends while the parent lives on (its CPU must not be lost)."""

from __future__ import annotations

import subprocess
import sys
import time

import psutil

from bench.resources import Meter, Spent

CHILD = (
    "import time; block = bytearray(64 * 2**20)\n"
    "while time.process_time() < 0.6: pass"  # 0.6 s of CPU, however busy the machine is
)
PARENT = (
    f"import subprocess, sys, time; subprocess.run([sys.executable, '-c', {CHILD!r}]); "
    "time.sleep(30)"
)


def test_the_meter_counts_the_cpu_and_memory_of_the_whole_tree() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT])
    try:
        tree = psutil.Process(parent.pid)
        deadline = time.monotonic() + 20
        while not tree.children() and time.monotonic() < deadline:
            time.sleep(0.02)
        (child,) = tree.children()
        with Meter(parent.pid) as meter:
            child.wait(timeout=20)
            time.sleep(0.2)  # the parent has reaped it
    finally:
        parent.kill()
        parent.wait(timeout=10)
    spent = Spent()
    spent.add(meter.usage, requests=4)

    assert meter.usage.cpu_seconds > 0.2
    assert meter.usage.peak_rss > 64 * 2**20
    assert meter.usage.after_rss < meter.usage.peak_rss
    assert spent.cpu_ms_per_request == meter.usage.cpu_seconds * 1000 / 4
