"""Names of people in free text: found once, replaced wherever a file must not carry them.

Coordinators and people are personal data (``NodeSection.personal``). Leaving their nodes
out of a file is not enough: an actor's description may name its staff ("Leiterin Audrey
Grothe, ..."). Exports that leave personal data out replace those names in every text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def redact(value: Any, names: Mapping[str, str]) -> Any:
    """``value`` with every name replaced by its stand-in (non-text values unchanged).

    Longer names first, so that "Dr. Andreas Ebel" is not left as "Dr. <stand-in>" by a
    shorter name that is part of it being replaced first."""
    if not isinstance(value, str) or not names:
        return value
    for name in sorted(names, key=len, reverse=True):
        value = value.replace(name, names[name])
    return value
