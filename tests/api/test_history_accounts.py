"""Account changes in the history: who changed which account how, never a password.

``createAccount``, ``updateAccount``, ``resetPassword`` and the CLI's ``account create`` and
``account disable`` each record one ``Change`` in the write's own transaction. An account's
e-mail is personal data: only admins see these changes; everyone else's ``changes`` feed
(and so the cockpit's "Änderungen") leaves them out, totals included.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

import neo4j
from starlette.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app as cli
from graph.settings import Settings
from tests.api.test_history import CHANGES, stored_changes
from tests.api.test_mutations_nodes import (
    CREATE_ACTOR,
    KVHS,
    admin,
    auth,
    editor,
    gql,
    only_error,
    seeded,
)
from tests.api.test_sign_in import cli_env

__all__ = ["admin", "cli_env", "editor", "seeded"]  # fixtures

CREATE = """
mutation($input: AccountInput!) {
  createAccount(input: $input) { account { id email role } oneTimePassword }
}"""
UPDATE = """
mutation($id: ID!, $input: AccountPatch!) { updateAccount(id: $id, input: $input) { id role } }"""
RESET = "mutation($id: ID!) { resetPassword(id: $id) { oneTimePassword } }"
REVERT = "mutation($id: ID!) { revertChange(id: $id) { reverted } }"


def account_changes(driver: neo4j.Driver, settings: Settings) -> list[dict[str, Any]]:
    return [c for c in stored_changes(driver, settings) if c["records"][0].startswith("Account:")]


def fields(change: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    [entry] = json.loads(change["entries"])
    return {f["field"]: (f["old"], f["new"]) for f in entry["fields"]}


def create(client: TestClient, headers: dict[str, str], **input: Any) -> dict[str, Any]:
    body = gql(client, CREATE, headers, input=input)
    assert not body.get("errors"), body
    made: dict[str, Any] = body["data"]["createAccount"]
    return made


def test_creating_changing_and_resetting_an_account_are_recorded_without_the_password(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, admin: dict[str, str]
) -> None:
    made = create(client, admin, email="Neu@Gifhorn.de", role="reader")
    account_id = made["account"]["id"]
    body = gql(client, UPDATE, admin, id=account_id, input={"role": "editor", "disabled": True})
    assert not body.get("errors"), body
    body = gql(client, RESET, admin, id=account_id)
    reset_secret = body["data"]["resetPassword"]["oneTimePassword"]

    created, updated, reset = account_changes(seeded, settings)

    assert (created["action"], created["author"]) == ("create", "test admin")
    assert created["records"] == [f"Account:{account_id}"]
    assert created["adminOnly"] is True
    assert fields(created) == {
        "email": (None, "neu@gifhorn.de"),
        "displayName": (None, "neu@gifhorn.de"),
        "role": (None, "reader"),
        "actorIds": (None, []),
        "disabled": (None, False),
    }
    assert (updated["action"], updated["author"]) == ("update", "test admin")
    assert fields(updated) == {"role": ("reader", "editor"), "disabled": (False, True)}
    # the summary in the cockpit's words: the role's name, yes or no
    assert updated["summary"].startswith("Konto '")
    assert updated["summary"].endswith(" geändert: Rolle: Redaktion, gesperrt: ja")
    assert fields(reset) == {"password": (None, "(zurückgesetzt)")}
    stored = json.dumps([created, updated, reset], default=str)
    for secret in (made["oneTimePassword"], reset_secret, "argon2"):
        assert secret not in stored
    assert "passwordHash" not in stored


def test_an_update_that_changes_nothing_and_a_refused_create_record_nothing(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, admin: dict[str, str]
) -> None:
    made = create(client, admin, email="gleich@gifhorn.de", role="reader")
    before = stored_changes(seeded, settings)

    same = gql(client, UPDATE, admin, id=made["account"]["id"], input={"role": "reader"})
    refused = gql(
        client, CREATE, admin, input={"email": "m@x.de", "role": "member", "actorIds": ["nie"]}
    )

    assert not same.get("errors")
    assert only_error(refused)["extensions"]["code"] == "BAD_USER_INPUT"
    assert stored_changes(seeded, settings) == before


def test_only_admins_see_account_changes_in_the_feed(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    admin: dict[str, str],
    editor: dict[str, str],
) -> None:
    made = create(client, admin, email="geheim@gifhorn.de", role="reader")
    assert not gql(client, CREATE_ACTOR, editor, input=KVHS).get("errors")
    member = auth(seeded, settings, "reader")

    def feed(headers: dict[str, str], **filters: Any) -> dict[str, Any]:
        body = gql(client, CHANGES, headers, **filters)
        assert not body.get("errors"), body
        page: dict[str, Any] = body["data"]["changes"]
        return page

    seen_by_admin = feed(admin)
    labels = [e["node"]["entries"][0]["label"] for e in seen_by_admin["edges"]]
    assert labels == ["Actor", "Account"]
    assert seen_by_admin["totalCount"] == 2
    for headers in (editor, member, {}):
        page = feed(headers)
        assert [e["node"]["entries"][0]["label"] for e in page["edges"]] == ["Actor"]
        assert page["totalCount"] == 1
        assert "geheim@gifhorn.de" not in json.dumps(page)
        assert feed(headers, recordId=made["account"]["id"])["totalCount"] == 0
    assert feed(admin, recordId=made["account"]["id"])["totalCount"] == 1


def test_an_account_change_is_not_reverted_but_changed_again(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, admin: dict[str, str]
) -> None:
    create(client, admin, email="bleibt@gifhorn.de", role="reader")
    [change] = account_changes(seeded, settings)

    error = only_error(gql(client, REVERT, admin, id=change["id"]))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Konten" in error["message"]
    assert len(account_changes(seeded, settings)) == 1


def test_the_cli_records_account_create_and_disable_as_its_user(
    seeded: neo4j.Driver, settings: Settings, cli_env: None
) -> None:
    made = CliRunner().invoke(
        cli, ["account", "create", "--email", "cli@gifhorn.de", "--role", "editor"]
    )
    assert made.exit_code == 0, made.output
    disabled = CliRunner().invoke(cli, ["account", "disable", "cli@gifhorn.de"])
    assert disabled.exit_code == 0, disabled.output

    created, off = account_changes(seeded, settings)

    author = f"CLI {getpass.getuser()}"
    assert (created["action"], created["author"]) == ("create", author)
    assert fields(created)["role"] == (None, "editor")
    assert (off["action"], off["author"]) == ("update", author)
    assert fields(off) == {"disabled": (False, True)}
    assert made.stdout.strip() not in json.dumps([created, off], default=str)


def test_a_member_without_an_actor_is_refused_in_words_for_the_cockpit(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, admin: dict[str, str]
) -> None:
    """The message is shown on the accounts page: no command-line flag in it (user trial)."""
    body = gql(client, CREATE, admin, input={"email": "m@gifhorn.de", "role": "member"})

    [error] = body["errors"]
    assert error["message"].startswith("Ein Mitglied braucht mindestens einen Akteur")
    assert "--" not in error["message"]
    assert account_changes(seeded, settings) == []
