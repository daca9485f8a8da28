// The header's sign-in: "Anmelden" opens a form with "E-Mail" and "Passwort"; the server's
// answer (wrong password, too many attempts, disabled account) is shown at the form. Once
// signed in the header shows one compact button with the account's name and role; it opens
// the account's menu (a disclosure, not an ARIA menu: plain links and a button, reachable
// by Tab, closed by Escape): the e-mail, a member's own organisations ("Meine
// Organisation"), what only signed-in people use ("Tabelle hochladen", for admins
// "Konten") and "Abmelden". So the header keeps one row and its
// height whether signed in or not. A session the server ended is announced in the notice
// line under the header.

import { h } from "./dom";
import { href } from "./router";
import { atLeast, currentAccount, onSessionChange, ROLE_NAMES, signIn, signOut } from "./session";

/** In the account's menu: for those who may write (the server decides what each may upload). */
const WRITERS_LINKS: [string, string][] = [["hochladen", "Tabelle hochladen"]];
/** In the account's menu of the Stabsstelle (role admin); the API refuses everyone else anyway. */
const ADMIN_LINKS: [string, string][] = [["konten", "Konten"]];

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

  /** Closes the open account menu (a click elsewhere on the page does). */
  let closeMenu: (() => void) | null = null;
  document.addEventListener("click", (event) => {
    if (closeMenu && !box.contains(event.target as Node)) closeMenu();
  });

  function draw(): void {
    const account = currentAccount();
    if (account) {
      const links = [...(atLeast("member") ? WRITERS_LINKS : []), ...(atLeast("admin") ? ADMIN_LINKS : [])];
      // a member's own organisations: where it corrects its entry and adds offerings
      const own = account.role === "member" ? account.actors ?? [] : [];
      const panel = h("nav", { id: "account-menu", class: "account-menu", "aria-label": "Konto", hidden: true },
        h("p", { class: "account-email" }, account.email),
        own.length ? h("p", { class: "own-actors-title", id: "own-actors-title" }, own.length === 1 ? "Meine Organisation" : "Meine Organisationen") : "",
        own.length ? h("ul", { class: "own-actors", "aria-labelledby": "own-actors-title" },
          ...own.map((actor) => h("li", {}, h("a", { href: href("akteur", actor.id), onclick: () => close(false) }, actor.name ?? actor.id)))) : "",
        h("ul", {}, ...links.map(([view, text]) => h("li", {}, h("a", { href: href(view), onclick: () => close(false) }, text)))),
        h("button", { type: "button", class: "sign-out", onclick: () => { close(false); void signOut(); } }, "Abmelden"));
      const toggle = h("button", {
        type: "button", class: "signed-in", "aria-expanded": "false", "aria-controls": "account-menu",
        title: `${account.email}: Konto-Menü`,
        onclick: () => (panel.hidden ? open() : close(true)),
      },
      h("span", { class: "who" }, account.displayName || account.email),
      h("span", { class: "role" }, ROLE_NAMES[account.role] ?? account.role));
      const open = () => { panel.hidden = false; toggle.setAttribute("aria-expanded", "true"); };
      const close = (focus: boolean) => {
        panel.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
        if (focus) toggle.focus();
      };
      box.replaceChildren(toggle, panel);
      box.onkeydown = (event) => { if (event.key === "Escape" && !panel.hidden) close(true); };
      closeMenu = () => { if (!panel.hidden) close(false); };
    } else {
      closeMenu = null;
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
