// The header's sign-in: "Anmelden" opens a form with "E-Mail" and "Passwort"; the server's
// answer (wrong password, too many attempts, disabled account) is shown at the form. Once
// signed in the header names the account and its role and offers "Abmelden". A session the
// server ended is announced in the notice line under the header.

import { h } from "./dom";
import { currentAccount, onSessionChange, ROLE_NAMES, signIn, signOut } from "./session";

export function authControls(notice: HTMLElement): HTMLElement {
  const box = h("div", { class: "auth" });
  const dialog = h("dialog", { "aria-labelledby": "login-title", class: "login" });
  const email = h("input", { id: "login-email", name: "email", type: "email", autocomplete: "username", required: true });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const message = h("p", { id: "login-message", class: "form-error", role: "alert" });
  const submit = h("button", { type: "submit" }, "Anmelden");
  const form = h("form", { class: "login-form", novalidate: true },
    h("h2", { id: "login-title" }, "Anmelden"),
    h("p", {}, "Mit Ihrem Konto im Netzwerk-Cockpit: Sie sehen dann auch die Kontaktdaten der Koordinator:innen ",
      "und können die Einträge bearbeiten, für die Sie zuständig sind."),
    h("label", { for: "login-email" }, "E-Mail"), email,
    h("label", { for: "login-password" }, "Passwort"), password,
    message,
    h("div", { class: "buttons" },
      submit,
      h("button", { type: "button", onclick: () => dialog.close() }, "Abbrechen")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      message.textContent = "";
      if (!email.value.trim() || !password.value) {
        message.textContent = "Bitte E-Mail und Passwort eingeben.";
        (email.value.trim() ? password : email).focus();
        return;
      }
      submit.disabled = true;
      try {
        const refused = await signIn(email.value.trim(), password.value);
        if (refused) {
          message.textContent = refused;
          password.value = "";
          password.focus();
        } else {
          password.value = "";
          dialog.close();
        }
      } finally {
        submit.disabled = false;
      }
    })();
  });
  dialog.append(form);

  function draw(): void {
    const account = currentAccount();
    if (account) {
      box.replaceChildren(
        h("span", { class: "signed-in" },
          h("span", { class: "who", title: account.email }, account.displayName || account.email),
          h("span", { class: "role" }, ROLE_NAMES[account.role] ?? account.role)),
        h("button", { type: "button", onclick: () => void signOut() }, "Abmelden"));
    } else {
      box.replaceChildren(h("button", { type: "button", onclick: () => { message.textContent = ""; dialog.showModal(); } }, "Anmelden"));
    }
    box.append(dialog);
  }
  onSessionChange((_account, text) => {
    draw();
    if (text) showNotice(notice, text);
    else if (_account) notice.replaceChildren();
  });
  draw();
  return box;
}

function showNotice(notice: HTMLElement, text: string): void {
  notice.replaceChildren(h("div", { class: "session-notice", role: "alert" },
    h("p", {}, text),
    h("button", { type: "button", onclick: () => notice.replaceChildren() }, "Hinweis schließen")));
}
