"""What Neo4j means when it stops a transaction: its timeout, or something else.

Neo4j does not always name a timeout plainly (``TransactionTimedOut``): a transaction the
timeout stops may end as ``Terminated``, or, stopped while it waits for a lock, as
``LockClientStopped``, whose message names a shutdown of the database as the likely cause.
A mutation waiting for a large load's locks met the last one in every try here, a load
once in a CI run; their users should hear "out of time, nothing written", not "internal
error".
"""

from __future__ import annotations

STOPPED = ("Terminated", "LockClientStopped")
"""Codes of a stopped transaction that do not say why."""


def stopped_by_timeout(code: str, timeout: float | None, elapsed: float) -> bool:
    """Whether Neo4j's error ``code`` means the transaction ran out of its time.

    A stop that does not say why (``STOPPED``) is the timeout only if the transaction had
    run that long (``elapsed`` seconds against its ``timeout``); otherwise it keeps Neo4j's
    own words. With no ``timeout`` of ours the server's applies, unknown here, so a stop
    counts as one.

    Examples
    --------
    >>> stopped_by_timeout("Neo.ClientError.Transaction.TransactionTimedOut", 5.0, 0.1)
    True
    >>> stopped_by_timeout("Neo.ClientError.Transaction.LockClientStopped", 0.5, 2.1)
    True
    >>> stopped_by_timeout("Neo.ClientError.Transaction.LockClientStopped", 60.0, 2.1)
    False
    >>> stopped_by_timeout("Neo.ClientError.Statement.SyntaxError", None, 99.0)
    False
    """
    if "TimedOut" in code:
        return True
    stopped = any(name in code for name in STOPPED)
    return stopped and (timeout is None or elapsed >= timeout)
