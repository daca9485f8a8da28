"""The Examples in the docstrings run, so they cannot drift from the code they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

from graph.settings import PROJECT_ROOT

PACKAGES = ("domain", "graph", "reports", "schema", "loaders", "cli")


def modules_with_examples() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            if ">>>" in path.read_text(encoding="utf-8"):
                found.append(".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts))
    return found


def test_there_are_examples_to_run() -> None:
    assert "schema.naming" in modules_with_examples()


@pytest.mark.parametrize("name", modules_with_examples())
def test_the_examples_in_a_module_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)

    assert result.attempted > 0, f"{name} has '>>>' but no example doctest finds"
    assert result.failed == 0
