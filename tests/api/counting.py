"""Counting the statements the app sends to Neo4j, by wrapping its real drivers.

The database is never mocked: every call goes on to the real driver, and the text of each
statement is recorded on the way, whether it goes out through ``execute_query``, a session's
``run`` or a managed transaction (``execute_read``/``execute_write``). The app opens its
drivers through ``schema.app.open_async_driver`` (requests) and ``schema.app.open_driver``
(the analyses, in worker threads); ``count_statements`` puts wrappers behind both names, so
a test can say "this request sent no statement at all" and mean every driver of the app.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import neo4j
import pytest

from graph.db import open_async_driver, open_driver
from graph.settings import Settings


def data_statements(statements: Iterable[str]) -> list[str]:
    """Every statement a request sent, the revision read included: a plain query labels its
    answer for HTTP caching with the revision its worker knows (``schema.caching``), so it
    costs no extra read, and a test that sees one has found a real cost."""
    return list(statements)


def _text(query: Any) -> str:
    return str(getattr(query, "text", query))


class CountingDriver:
    """The real async driver, recording the text of every statement sent through it."""

    def __init__(self, driver: neo4j.AsyncDriver, statements: list[str] | None = None) -> None:
        self._driver = driver
        self.statements: list[str] = [] if statements is None else statements

    async def __aenter__(self) -> CountingDriver:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._driver.close()

    async def execute_query(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self.statements.append(_text(query))
        return await self._driver.execute_query(query, *args, **kwargs)

    def session(self, *args: Any, **kwargs: Any) -> CountingSession:
        return CountingSession(self._driver.session(*args, **kwargs), self.statements)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


class CountingSession:
    """An async session whose runs and transactions record each statement."""

    def __init__(self, session: Any, statements: list[str]) -> None:
        self._session = session
        self._statements = statements

    async def __aenter__(self) -> CountingSession:
        await self._session.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._session.__aexit__(*exc)

    async def run(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._statements.append(_text(query))
        return await self._session.run(query, *args, **kwargs)

    async def execute_read(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return await self._session.execute_read(self._counted(work), *args, **kwargs)

    async def execute_write(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return await self._session.execute_write(self._counted(work), *args, **kwargs)

    def _counted(self, work: Any) -> Any:
        @functools.wraps(work)  # keeps unit_of_work's timeout and metadata
        async def counted(tx: Any, *a: Any, **k: Any) -> Any:
            return await work(CountingTransaction(tx, self._statements), *a, **k)

        return counted

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


class CountingTransaction:
    """A transaction (async or sync) that records each statement it runs."""

    def __init__(self, tx: Any, statements: list[str]) -> None:
        self._tx = tx
        self._statements = statements

    def run(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._statements.append(_text(query))
        return self._tx.run(query, *args, **kwargs)  # awaitable on an async transaction

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tx, name)


class CountingSyncDriver:
    """The real synchronous driver (the app's analyses), recording every statement."""

    def __init__(self, driver: neo4j.Driver, statements: list[str]) -> None:
        self._driver = driver
        self._statements = statements

    def __enter__(self) -> CountingSyncDriver:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._driver.close()

    def execute_query(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._statements.append(_text(query))
        return self._driver.execute_query(query, *args, **kwargs)

    def session(self, *args: Any, **kwargs: Any) -> CountingSyncSession:
        return CountingSyncSession(self._driver.session(*args, **kwargs), self._statements)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


class CountingSyncSession:
    def __init__(self, session: Any, statements: list[str]) -> None:
        self._session = session
        self._statements = statements

    def __enter__(self) -> CountingSyncSession:
        self._session.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._session.__exit__(*exc)

    def run(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._statements.append(_text(query))
        return self._session.run(query, *args, **kwargs)

    def execute_read(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return self._session.execute_read(self._counted(work), *args, **kwargs)

    def execute_write(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return self._session.execute_write(self._counted(work), *args, **kwargs)

    def _counted(self, work: Any) -> Any:
        @functools.wraps(work)
        def counted(tx: Any, *a: Any, **k: Any) -> Any:
            return work(CountingTransaction(tx, self._statements), *a, **k)

        return counted

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


@dataclass
class StatementCount:
    """Every statement any driver of the app sent, in order (shared by all its drivers)."""

    statements: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.statements.clear()


def count_statements(monkeypatch: pytest.MonkeyPatch) -> StatementCount:
    """Make every app created from now on send its statements through counting drivers."""
    count = StatementCount()

    def counting_async(chosen: Settings) -> Any:
        return CountingDriver(open_async_driver(chosen), count.statements)

    def counting_sync(chosen: Settings, max_retry_time: float = 30.0) -> Any:
        return CountingSyncDriver(open_driver(chosen, max_retry_time), count.statements)

    # The app opens its drivers through these names when it starts (schema/app.py).
    monkeypatch.setattr("schema.app.open_async_driver", counting_async)
    monkeypatch.setattr("schema.app.open_driver", counting_sync)
    return count
