// "Konten" (#/konten): the Stabsstelle (role admin) manages who may sign in: a list of
// every account, a form to create one, and per account "Ändern" (role, organisations),
// "Passwort zurücksetzen" and "Sperren"/"Entsperren". A one-time password is in the API's
// answer only once; the page shows it once, in a box that says so, and never again.
// Others see no link; the API refuses them anyway (accounts is admin only).

import { ApiError, mutate, request } from "../api";
import { date, german, h } from "../dom";
import { picker, type Picker } from "../edit/picker";
import accountsDocument from "../graphql/accounts.graphql?raw";
import { atLeast, currentAccount, ROLE_NAMES, type Role } from "../session";
import type { ViewFactory } from "../view";
import { heading } from "./common";

interface AccountRow {
  id: string; email: string; displayName: string; role: Role; actorIds: string[]; disabled: boolean;
  createdAt: string; lastLoginAt: string | null; actors: { id: string; name: string | null }[];
}

const ROLES: Role[] = ["admin", "editor", "member", "reader"];

function message(error: unknown): string {
  return german(error instanceof ApiError || error instanceof Error ? error.message : String(error));
}

function roleSelect(id: string, value: Role, describedBy: string): HTMLSelectElement {
  return h("select", { id, "aria-describedby": describedBy },
    ...ROLES.map((role) => h("option", { value: role, selected: role === value }, ROLE_NAMES[role])));
}

const ROLE_HELP = "Verwaltung: alles, auch Konten; Redaktion: alle Einträge; Mitglied: nur die eigenen Organisationen, "
  + "ihre Angebote und Koordinationen; Lesend: sieht Kontaktdaten, ändert nichts.";
const ACTORS_HELP = "Nur für die Rolle „Mitglied“ (mindestens eine Organisation); bei anderen Rollen ohne Wirkung.";

function actorNames(account: AccountRow): string {
  return account.actors.map((a) => a.name ?? a.id).join(", ") || "–";
}

export const accountsView: ViewFactory = (root) => {
  const data = heading(root, "Konten",
    "Wer sich im Netzwerk-Cockpit anmelden darf, mit welcher Rolle und für welche Organisationen.");
  const secret = h("div", { class: "one-time-password", tabindex: "-1" });
  const status = h("p", { class: "saved", role: "status" });
  status.hidden = true;
  const tableBox = h("div", { class: "accounts-table" });
  const editBox = h("div", { class: "account-edit" });
  let accounts: AccountRow[] = [];

  function say(text: string): void {
    status.textContent = text;
    status.hidden = !text;
  }

  function showPassword(email: string, password: string, what: string): void {
    secret.replaceChildren(h("section", { class: "note secret", "aria-labelledby": "otp-title" },
      h("h2", { id: "otp-title" }, `${what}: Einmalpasswort für ${email}`),
      h("p", {}, h("code", { class: "otp" }, password)),
      h("p", {}, h("strong", {}, "Nur jetzt sichtbar. "),
        "Bitte notieren und der Person auf sicherem Weg übergeben (nicht per unverschlüsselter E-Mail). ",
        "Das Passwort wird nicht angezeigt, sobald Sie die Seite verlassen; geht es verloren, ",
        "vergeben Sie mit „Passwort zurücksetzen“ ein neues."),
      h("button", { type: "button", class: "small", onclick: () => secret.replaceChildren() }, "Passwort ausblenden")));
    secret.focus();
  }

  // ---- create ----
  const createError = h("p", { class: "form-error", role: "alert", id: "new-account-error" });
  const email = h("input", { id: "new-account-email", type: "email", required: true, autocomplete: "off",
    "aria-describedby": "new-account-error" });
  const role = roleSelect("new-account-role", "member", "new-account-role-help");
  const actors: Picker = picker("new-account-actors", "Organisationen", "actor", false, "new-account-actors-help2");
  const createForm = h("form", { class: "edit-form account-form", "aria-labelledby": "new-account-title", novalidate: true },
    h("h2", { id: "new-account-title" }, "Neues Konto"),
    h("div", { class: "field" }, h("label", { for: "new-account-email" }, "E-Mail"), email),
    h("div", { class: "field" }, h("label", { for: "new-account-role" }, "Rolle"), role,
      h("p", { class: "hint", id: "new-account-role-help" }, ROLE_HELP)),
    h("div", { class: "field" }, h("label", { for: "new-account-actors" }, "Organisationen"), actors.element,
      h("p", { class: "hint", id: "new-account-actors-help2" }, ACTORS_HELP)),
    createError,
    h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Konto anlegen")));
  createForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      createError.textContent = "";
      if (!email.value.trim()) {
        createError.textContent = "Bitte eine E-Mail-Adresse angeben.";
        email.focus();
        return;
      }
      const chosenRole = role.value as Role;
      try {
        const answer = await mutate<{ createAccount: { account: AccountRow; oneTimePassword: string } }>(
          accountsDocument, "CreateAccount",
          { input: { email: email.value.trim(), role: chosenRole, actorIds: chosenRole === "member" ? actors.value() : [] } });
        email.value = "";
        actors.set([]);
        await drawTable();
        say(`Konto ${answer.createAccount.account.email} angelegt.`);
        showPassword(answer.createAccount.account.email, answer.createAccount.oneTimePassword, "Konto angelegt");
      } catch (error) {
        createError.textContent = message(error);
        email.focus();
      }
    })();
  });

  // ---- change ----
  function edit(account: AccountRow, opener: HTMLElement): void {
    const error = h("p", { class: "form-error", role: "alert", id: "edit-account-error" });
    const editRole = roleSelect("edit-account-role", account.role, "edit-account-role-help");
    const editActors = picker("edit-account-actors", "Organisationen", "actor", false, "edit-account-actors-help2");
    editActors.set(account.actors.map((a) => ({ id: a.id, name: a.name ?? a.id })));
    const close = (): void => {
      editBox.replaceChildren();
      opener.focus();
    };
    const form = h("form", { class: "edit-form account-form", "aria-labelledby": "edit-account-title", novalidate: true },
      h("h2", { id: "edit-account-title" }, `Konto ${account.email} ändern`),
      h("div", { class: "field" }, h("label", { for: "edit-account-role" }, "Rolle"), editRole,
        h("p", { class: "hint", id: "edit-account-role-help" }, ROLE_HELP)),
      h("div", { class: "field" }, h("label", { for: "edit-account-actors" }, "Organisationen"), editActors.element,
        h("p", { class: "hint", id: "edit-account-actors-help2" }, ACTORS_HELP)),
      h("p", { class: "hint" }, "Speichern beendet die laufenden Sitzungen dieses Kontos."),
      error,
      h("div", { class: "buttons" },
        h("button", { type: "submit", class: "primary" }, "Speichern"),
        h("button", { type: "button", onclick: close }, "Abbrechen")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void (async () => {
        const nextRole = editRole.value as Role;
        try {
          await mutate(accountsDocument, "UpdateAccount",
            { id: account.id, input: { role: nextRole, actorIds: nextRole === "member" ? editActors.value() : [] } });
          editBox.replaceChildren();
          await drawTable();
          say(`Konto ${account.email} geändert: ${ROLE_NAMES[nextRole]}.`);
          tableBox.querySelector<HTMLElement>(`[data-account="${CSS.escape(account.id)}"] button`)?.focus();
        } catch (problem) {
          error.textContent = message(problem);
        }
      })();
    });
    editBox.replaceChildren(form);
    editRole.focus();
  }

  async function act(account: AccountRow, action: "reset" | "disable" | "enable", button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      if (action === "reset") {
        const answer = await mutate<{ resetPassword: { oneTimePassword: string } }>(accountsDocument, "ResetPassword", { id: account.id });
        await drawTable();
        say(`Passwort von ${account.email} zurückgesetzt; die alten Sitzungen sind beendet.`);
        showPassword(account.email, answer.resetPassword.oneTimePassword, "Passwort zurückgesetzt");
      } else {
        await mutate(accountsDocument, "UpdateAccount", { id: account.id, input: { disabled: action === "disable" } });
        await drawTable();
        say(action === "disable" ? `Konto ${account.email} gesperrt; seine Sitzungen sind beendet.` : `Konto ${account.email} entsperrt.`);
        tableBox.querySelector<HTMLElement>(`[data-account="${CSS.escape(account.id)}"] .toggle`)?.focus();
      }
    } catch (error) {
      button.disabled = false;
      say(`Nicht ausgeführt: ${message(error)}`);
    }
  }

  function row(account: AccountRow): HTMLTableRowElement {
    const me = currentAccount()?.id === account.id;
    const change = h("button", { type: "button", class: "small", "aria-label": `${account.email} ändern` }, "Ändern");
    change.addEventListener("click", () => edit(account, change));
    const reset = h("button", { type: "button", class: "small", "aria-label": `Passwort von ${account.email} zurücksetzen` }, "Passwort zurücksetzen");
    reset.addEventListener("click", () => void act(account, "reset", reset));
    const toggle = h("button", {
      type: "button", class: "small toggle", disabled: me && !account.disabled,
      title: me ? "Das eigene Konto lässt sich hier nicht sperren." : null,
      "aria-label": `${account.email} ${account.disabled ? "entsperren" : "sperren"}`,
    }, account.disabled ? "Entsperren" : "Sperren");
    toggle.addEventListener("click", () => void act(account, account.disabled ? "enable" : "disable", toggle));
    return h("tr", { "data-account": account.id, class: account.disabled ? "disabled" : null },
      h("th", { scope: "row" }, account.email, me ? " (Sie)" : ""),
      h("td", {}, ROLE_NAMES[account.role] ?? account.role),
      h("td", {}, actorNames(account)),
      h("td", {}, account.disabled ? "gesperrt" : "aktiv"),
      h("td", {}, account.lastLoginAt ? date(account.lastLoginAt) : "noch nie"),
      h("td", {}, h("div", { class: "buttons" }, change, reset, toggle)));
  }

  async function drawTable(): Promise<void> {
    const answer = await request<{ accounts: AccountRow[] }>(accountsDocument, {}, { operationName: "Accounts" });
    accounts = [...answer.accounts].sort((a, b) => a.email.localeCompare(b.email, "de"));
    // a refresh (someone else's change) keeps the keyboard where it was
    const focused = document.activeElement instanceof HTMLElement && tableBox.contains(document.activeElement)
      ? { id: document.activeElement.closest("tr")?.dataset.account, label: document.activeElement.getAttribute("aria-label") } : null;
    tableBox.replaceChildren(h("div", { class: "table-scroll" }, h("table", { class: "fit", id: "accounts-table" },
      h("caption", {}, `Konten (${accounts.length})`),
      h("thead", {}, h("tr", {}, ...["E-Mail", "Rolle", "Organisationen", "Status", "Letzte Anmeldung", "Aktionen"]
        .map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, ...accounts.map(row)))));
    if (focused?.id) {
      const again = [...tableBox.querySelectorAll<HTMLElement>(`[data-account="${CSS.escape(focused.id)}"] button`)]
        .find((button) => button.getAttribute("aria-label") === focused.label);
      again?.focus();
    }
  }

  let drawn = false;
  return {
    title: "Konten",
    async load() {
      if (!atLeast("admin")) {
        data.replaceChildren(h("p", { class: "error", role: "alert" },
          "Konten verwaltet nur die Verwaltung (Rolle „Verwaltung“). Bitte mit einem solchen Konto anmelden."));
        return;
      }
      if (!drawn) {
        data.replaceChildren(status, secret, h("section", { "aria-labelledby": "accounts-title" },
          h("h2", { id: "accounts-title" }, "Alle Konten"), tableBox, editBox), createForm);
        drawn = true;
      }
      await drawTable();
    },
  };
};
