"""CPU time and resident memory of a server's processes, measured around a burst of requests.

A server is a process tree: ``integration-graph serve --workers N`` is a supervisor with N
worker processes, the library one Node process. Its CPU time (user + system, summed over the
tree) before and after a burst gives the CPU it spent on those requests; a thread samples the
tree's resident memory (RSS, summed; pages shared between processes count once per process)
while the burst runs, for the peak, and once more at the end ("after").
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import TracebackType

import psutil

SAMPLE_SECONDS = 0.05
"""How often the memory is sampled during a burst: cheap (a few /proc reads), fine enough."""


@dataclass(frozen=True)
class Usage:
    """What a server spent on one burst."""

    cpu_seconds: float
    peak_rss: int
    after_rss: int


def process_tree(pid: int) -> list[psutil.Process]:
    """The process and all its descendants as they are now (workers start after the parent)."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _cpu(processes: list[psutil.Process]) -> float:
    """CPU seconds of the living processes, plus what their ended children had spent.

    A worker that ended (and was waited for by its parent) no longer has CPU times of its
    own: they are in its parent's ``children_*`` times, which this counts, so none is lost.
    """
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def _rss(processes: list[psutil.Process]) -> int:
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


class Meter:
    """``with Meter(pid) as meter: <burst>``; then ``meter.usage``."""

    def __init__(self, pid: int) -> None:
        self._processes = process_tree(pid)
        self._stop = threading.Event()
        self._peak = 0
        self._thread = threading.Thread(target=self._sample, name="rss-sampler", daemon=True)
        self._cpu_before = 0.0
        self.usage = Usage(0.0, 0, 0)

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._peak = max(self._peak, _rss(self._processes))

    def __enter__(self) -> Meter:
        self._peak = _rss(self._processes)
        self._cpu_before = _cpu(self._processes)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        after = _rss(self._processes)
        self.usage = Usage(_cpu(self._processes) - self._cpu_before, max(self._peak, after), after)


@dataclass
class Spent:
    """What one server spent over every burst of a cell (a question at one concurrency)."""

    cpu_seconds: float = 0.0
    requests: int = 0
    peak_rss: int = 0
    after_rss: int = 0

    def add(self, usage: Usage, requests: int) -> None:
        self.cpu_seconds += usage.cpu_seconds
        self.requests += requests
        self.peak_rss = max(self.peak_rss, usage.peak_rss)
        self.after_rss = usage.after_rss

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_seconds * 1000 / self.requests if self.requests else 0.0
