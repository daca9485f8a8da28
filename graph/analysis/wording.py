"""German wording for the human-readable reasons of the analyses."""

from __future__ import annotations

from collections.abc import Sequence

EXAMPLE_MARK = "Beispieldaten, nicht amtlich"
"""Said beside every figure that rests on illustrative (``example``/``synthetic``) records."""
EXAMPLE_RESIDENTS = (
    "Beispieldaten: die Einwohnerzahlen sind illustrativ, nicht amtlich; sie zeigen, wie die "
    "Auswertung funktioniert, nicht, wie viele Menschen tatsächlich betroffen sind."
)


def number(n: float) -> str:
    """Format ``n`` the German way: ``1234`` -> ``"1.234"``, ``2.5`` -> ``"2,5"``."""
    if float(n).is_integer():
        return f"{int(n):,}".replace(",", ".")
    return f"{n:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


def decimal(n: float, digits: int) -> str:
    """``n`` with a fixed number of decimals, German style: ``0.414, 2`` -> ``"0,41"``."""
    return f"{n:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def counted(n: int, singular: str, plural: str) -> str:
    """``"1 Angebot"``, ``"3 Angebote"``."""
    return f"{number(n)} {singular if n == 1 else plural}"


def people(n: float) -> str:
    """``"1.234 Einwohner:innen"`` (rounded to whole people)."""
    return f"{number(round(n))} Einwohner:innen"


def enumerate_de(items: Sequence[str], limit: int = 3) -> str:
    """Join ``items`` as German prose: ``"A, B und C"``; more than ``limit`` end in "u. a."."""
    shown = list(items[:limit])
    if len(items) > limit:
        return ", ".join(shown) + " u. a."
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " und " + shown[-1]
