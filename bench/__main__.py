"""`python -m bench NAME [options]`: run one benchmark, or all of them in turn."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "load": "bench.bench_load",
    "api": "bench.bench_api",
    "analysis": "bench.bench_analysis",
    "library": "bench.bench_library",
    "web": "bench.bench_web",
    "bombs": "bench.bench_bombs",
    "encode": "bench.bench_encode",
    "polling": "bench.bench_polling",
    "soak": "bench.bench_soak",
    "memory": "bench.bench_memory",
    "feed": "bench.bench_feed",
}


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help") or args[0] not in (*BENCHMARKS, "all"):
        print(f"usage: python -m bench {{{'|'.join(BENCHMARKS)}|all}} [options]")
        raise SystemExit(0 if args and args[0] in ("-h", "--help") else 2)
    everything = [name for name in BENCHMARKS if name != "soak"]  # the soak runs alone
    names = everything if args[0] == "all" else [args[0]]
    for name in names:
        importlib.import_module(BENCHMARKS[name]).main(args[1:] if len(names) == 1 else [])


if __name__ == "__main__":
    main()
