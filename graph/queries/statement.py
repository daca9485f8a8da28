"""A Cypher statement with its parameters, and the allocator of parameter names.

Builders compose statements from fragments; each fragment that needs a value asks
:class:`Params` for a fresh name, so fragments never collide and no value is ever spliced
into the text.

A fragment may also need something computed once per statement rather than once per row
(the municipalities a place filter accepts): it registers a *prelude*, a ``CALL () {...}``
clause that binds a variable at the start of the statement. Builders put the preludes
first and pass their variables into their own subqueries (:meth:`Params.scope`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Statement:
    """The text (built only from whitelisted names) and the values it refers to."""

    text: str
    params: dict[str, Any]


@dataclass
class Params:
    """Hands out parameter names ``$p0``, ``$p1`` ... and remembers their values."""

    values: dict[str, Any] = field(default_factory=dict)
    preludes: list[str] = field(default_factory=list)
    prelude_vars: list[str] = field(default_factory=list)
    variables: int = 0

    def variable(self, prefix: str) -> str:
        """A fresh variable name (``prefix0``, ``prefix1`` ...) for a nested subquery, so
        that no subquery captures a variable of the statement or of a subquery around it."""
        name = f"{prefix}{self.variables}"
        self.variables += 1
        return name

    def add(self, value: Any, prefix: str = "p") -> str:
        """Store ``value``; return the placeholder (with ``$``) to put into the text."""
        name = f"{prefix}{len(self.values)}"
        self.values[name] = value
        return f"${name}"

    def named(self, name: str, value: Any) -> str:
        """Store a value under a fixed name (``$ids``, ``$first``); return the placeholder."""
        if name in self.values and self.values[name] != value:
            raise ValueError(f"parameter {name!r} is already bound to another value")
        self.values[name] = value
        return f"${name}"

    def prelude(self, body: str, name: str = "pre") -> str:
        """Register ``CALL () { body RETURN ... AS <var> }``; return the variable's name.

        ``body`` must end in ``RETURN <expression> AS {var}``; the marker ``{var}`` is
        replaced by the variable, e.g. ``"MATCH (m:Municipality) RETURN collect(m) AS {var}"``.
        """
        var = f"{name}{len(self.prelude_vars)}"
        self.prelude_vars.append(var)
        self.preludes.append(f"CALL () {{ {body.replace('{var}', var)} }} ")
        return var

    def head(self) -> str:
        """The preludes, to open the statement with."""
        return "".join(self.preludes)

    def scope(self, *names: str) -> str:
        """The import list of a subquery: ``names`` plus every prelude variable."""
        return "(" + ", ".join([*names, *self.prelude_vars]) + ")"
