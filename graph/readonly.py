"""Read-only dicts: one value held once and shared by many edges of a large graph.

networkx keeps a dict per edge (and a multigraph one more per pair, keyed by edge key). In
the graphs of this project most of them are equal (``{"type": "OFFERS"}``, a tie counted
once), so one read-only value stands for all of its edges: at 100,000 nodes that is
hundreds of megabytes. A shared value must refuse changes, or one change would reach every
edge that shares it.
"""

from __future__ import annotations

from typing import Any, NoReturn


class ReadOnlyDict(dict[str, Any]):
    """A dict that refuses every change (networkx needs a real dict as edge data).

    ``dict(data)`` or ``data.copy()`` give a plain, writable copy, which is what networkx's
    own algorithms change (``graph.copy()`` copies every edge's data).

    >>> data = ReadOnlyDict(type="OFFERS")
    >>> data["type"], data.copy() == data, type(data.copy()).__name__
    ('OFFERS', True, 'dict')
    >>> data["type"] = "FUNDS"
    Traceback (most recent call last):
    ...
    TypeError: shared edge data is read-only; copy it first (dict(data))

    Pickled (a graph sent to another process), it stays read-only:

    >>> import pickle
    >>> pickle.loads(pickle.dumps(data)) == data, type(pickle.loads(pickle.dumps(data))).__name__
    (True, 'ReadOnlyDict')
    """

    def _refuse(self, *_: object, **__: object) -> NoReturn:
        raise TypeError("shared edge data is read-only; copy it first (dict(data))")

    __setitem__ = __delitem__ = _refuse
    update = setdefault = pop = popitem = clear = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[type[ReadOnlyDict], tuple[dict[str, Any]]]:
        # Pickle's default for a dict subclass fills the new object item by item.
        return ReadOnlyDict, (dict(self),)
