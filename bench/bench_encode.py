"""Encoding a large response: the standard library's ``json`` vs orjson (``schema.http``).

The API encodes every response body in one call before sending it. This bench asks the real
app (in process, against the benchmark Neo4j holding a synthetic landscape) for three large
answers, then times encoding each one both ways, as ``schema.http._encode`` did before
(``json.dumps`` with compact separators, no ASCII escapes, ``.encode()``) and does now
(``orjson.dumps``): the median of ``--repeat`` runs. Both encodings must decode to the same
value, or the bench fails.

Run: ``python -m bench encode [--nodes 10000] [--repeat 20] [--reuse]`` (``--reuse``: the
landscape already in the benchmark Neo4j).
"""

from __future__ import annotations

import argparse
import json
from functools import partial
from typing import Any

from rich.console import Console
from rich.table import Table
from starlette.testclient import TestClient

from bench.support import bench_settings, load_synthetic, median_ms, save
from graph.db import open_driver
from schema.app import create_app
from schema.http import _encode

ANSWERS = {
    "offerings_500x10": """{ offerings(first: 500) { edges { node {
        id title kind description schedule capacity startDate endDate fundingProgram source
    } } } }""",
    "actors_500_nested": """{ actors(first: 500) { edges { node {
        id name kind description website locatedIn { id name }
        activeIn { id name } offerings { id title kind }
    } } } }""",
    "network_map": """{ gaps { networkMap {
        nodes { id name kind x y community betweenness ties isolated articulationPoint
                topics targetGroups municipalities }
        edges { source target weight bridge }
        communities { index size }
        layout totalEdges revision
    } } }""",
}


def stdlib(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def fetch_answers(client: TestClient) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for name, query in ANSWERS.items():
        response = client.post("/graphql", json={"query": query})
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise SystemExit(f"{name}: HTTP {response.status_code}: {response.text[:500]}")
        answers[name] = body
    return answers


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench encode", description=__doc__)
    parser.add_argument("--nodes", type=int, default=10_000, help="size of the landscape")
    parser.add_argument("--repeat", type=int, default=20, help="encodings per answer and way")
    parser.add_argument("--reuse", action="store_true", help="keep the data already loaded")
    args = parser.parse_args(argv)
    settings = bench_settings()
    if not args.reuse:
        with open_driver(settings) as driver:
            load_synthetic(driver, settings.neo4j_database, args.nodes)
    # The network map of a large landscape is computed on first request: allow it the time.
    patient = settings.model_copy(update={"api_request_timeout": 600.0})
    with TestClient(create_app(patient)) as client:
        answers = fetch_answers(client)
    rows: list[dict[str, Any]] = []
    for name, answer in answers.items():
        if json.loads(stdlib(answer)) != json.loads(_encode(answer)):
            raise SystemExit(f"{name}: the two encodings differ in value")
        before = median_ms(partial(stdlib, answer), args.repeat)
        after = median_ms(partial(_encode, answer), args.repeat)
        rows.append(
            {
                "answer": name,
                "bytes": len(_encode(answer)),
                "json_ms": round(before, 2),
                "orjson_ms": round(after, 2),
                "speedup": round(before / after, 1),
            }
        )
    table = Table(title=f"Encoding a response body (median of {args.repeat}), {args.nodes} nodes")
    for column in ("answer", "bytes", "json ms", "orjson ms", "json/orjson"):
        table.add_column(column, justify="left" if column == "answer" else "right")
    for row in rows:
        table.add_row(
            row["answer"], f"{row['bytes']:,}", f"{row['json_ms']:.2f}",
            f"{row['orjson_ms']:.2f}", f"{row['speedup']:.1f}x",
        )  # fmt: skip
    Console().print(table)
    print(f"saved {save('encode', rows)}")


if __name__ == "__main__":
    main()
