"""A change's summary names records, fields and short values in German (user trial: the
history showed ``statusLog``, ``Rolle editor`` and ``gesperrt false``)."""

from __future__ import annotations

from graph.history.journal import Entry, Journal
from graph.history.store import summary


def one(entry: Entry) -> str:
    return summary(Journal(entries=[entry]))


def test_a_measures_status_change_reads_as_the_cockpit_says_it() -> None:
    log = '[{"status": "planned", "date": "2026-03-12"}]'
    entry = Entry(
        "Measure",
        "sprachkurs-meine",
        "Sprachkurs Meine",
        "updated",
        [
            ("status", "planned", "in_progress"),
            ("statusLog", log, log),
            ("due", None, "2026-12-01"),
        ],
    )

    assert one(entry) == (
        "Maßnahme 'Sprachkurs Meine' geändert: Status: in Umsetzung, Statusverlauf, Fällig"
    )


def test_an_accounts_role_and_lock_read_as_words_not_codes() -> None:
    entry = Entry(
        "Account",
        "a1",
        "neu@gifhorn.de",
        "updated",
        [("role", "reader", "editor"), ("disabled", True, False)],
    )

    assert one(entry) == "Konto 'neu@gifhorn.de' geändert: Rolle: Redaktion, gesperrt: nein"
