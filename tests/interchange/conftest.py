"""Shared by the interchange tests: the schema files shipped as test data, the CLI env."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import cli_env

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"

__all__ = ["SCHEMAS", "cli_env"]
