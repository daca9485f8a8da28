"""Which node kinds HSDS carries, and why the others stay behind: one line per kind.

HSDS 3 describes organizations, their services and where and in which language these are
offered; most of our landscape has no place there. The writer and the reader map the kinds
listed as carried (the field-by-field mapping is in the docstring of :mod:`loaders.hsds`);
an export leaves the others out. So that a new kind is never dropped without a decision,
every kind of the data contract must be named here (``tests/interchange/test_hsds_kinds.py``
fails for a kind that is not): either with the HSDS table that carries it, or with the
reason it is not carried.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.contract import CONTRACT, Contract


@dataclass(frozen=True)
class Carried:
    """The kind travels as rows of an HSDS table."""

    table: str


@dataclass(frozen=True)
class NotCarried:
    """The kind is left out of an export and never read, for this reason."""

    reason: str


KINDS: dict[str, Carried | NotCarried] = {
    "Actor": Carried("organization"),
    "Offering": Carried("service"),
    "Topic": Carried("taxonomy_term (taxonomy topics)"),
    "TargetGroup": Carried("taxonomy_term (taxonomy target-groups)"),
    "Language": Carried("language"),
    "Coordinator": Carried("contact (personal data: only with --include-personal-data)"),
    "Municipality": NotCarried(
        "HSDS names a service area, not a municipality with its kind, population and "
        "hierarchy; a service area is matched to a municipality of the graph"
    ),
    "WorkingGroup": NotCarried("HSDS has no networks of organizations or their groups"),
    "Person": NotCarried("HSDS has contacts of services only, not people of the landscape"),
    "Country": NotCarried("HSDS has no countries of origin or resident statistics"),
    "Event": NotCarried("HSDS has services with schedules, no meetings or their agendas"),
    "Measure": NotCarried("a network's planned measures are no service of an organization"),
}


def undecided(contract: Contract = CONTRACT) -> list[str]:
    """The contract's kinds that :data:`KINDS` does not name (should be none)."""
    return [label for label in contract.labels if label not in KINDS]
