"""Every node kind is either carried by HSDS or said not to be, with the reason.

A kind added to the registry is not silently dropped by an HSDS export: this test fails
until ``loaders/hsds/kinds.py`` names it (``tests/api/test_new_kind.py`` shows that for a
``Location``).
"""

from __future__ import annotations

from domain.contract import CONTRACT
from graph.settings import PROJECT_ROOT
from loaders.hsds import to_hsds
from loaders.hsds.kinds import KINDS, Carried, NotCarried, undecided
from loaders.landscape import load_landscape


def test_every_kind_of_the_contract_is_named_with_its_table_or_a_reason() -> None:
    assert undecided() == []
    assert set(KINDS) == set(CONTRACT.labels)  # and nothing that is no kind
    assert all(isinstance(how, NotCarried) and how.reason for how in _not_carried())


def test_the_kinds_said_to_be_carried_fill_their_tables() -> None:
    gifhorn = load_landscape([PROJECT_ROOT / "loaders" / "data" / "gifhorn"])

    rows = to_hsds(gifhorn, include_personal=True)

    carried = {
        label: how.table.split()[0] for label, how in KINDS.items() if isinstance(how, Carried)
    }
    assert carried == {
        "Actor": "organization",
        "Offering": "service",
        "Topic": "taxonomy_term",
        "TargetGroup": "taxonomy_term",
        "Language": "language",
        "Coordinator": "contact",
    }
    assert all(rows.get(table) for table in carried.values())


def _not_carried() -> list[Carried | NotCarried]:
    return [how for how in KINDS.values() if not isinstance(how, Carried)]
