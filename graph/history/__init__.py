"""The change history: one ``(:Change)`` node per write, in the write's own transaction.

A change records who wrote (``author``), when (``at``), the graph ``revision`` it produced,
the request id, an ``action`` and its ``entries``: per record touched, the operation and each
field's old and new value (``graph.history.entries``). Writers note entries in a
``Journal`` while they work (``graph.history.journal``); the transaction runner stores the
journal as one node before it commits (``graph.history.store``), so a rolled-back write
leaves no change behind and a committed one always has its change.

The history is operational data (label ``Change``, like tokens and idempotency keys): it is
never part of a landscape export or a backup's landscape.
"""
