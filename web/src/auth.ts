// "Anmelden": paste a bearer token (from `integration-graph token create`); it stays in
// this tab's sessionStorage only. Signed-in callers see contact data the API otherwise masks.

import { setToken, token } from "./api";
import { h } from "./dom";

export function authControls(onChange: () => void): HTMLElement {
  const box = h("div", { class: "auth" });
  const dialog = h("dialog", { "aria-labelledby": "login-title", class: "login" });
  const input = h("input", { id: "login-token", type: "password", autocomplete: "off", required: true });
  const form = h("form", { method: "dialog" },
    h("h2", { id: "login-title" }, "Anmelden / sign in"),
    h("p", {}, "Fügen Sie Ihren Zugangsschlüssel (Bearer-Token) ein. Er bleibt nur in diesem Browser-Tab gespeichert. ",
      "Angemeldet sehen Sie auch E-Mail und Telefon der Koordinator:innen."),
    h("label", { for: "login-token" }, "Zugangsschlüssel / token"),
    input,
    h("div", { class: "buttons" },
      h("button", { type: "submit", value: "ok" }, "Anmelden"),
      h("button", { type: "button", onclick: () => dialog.close() }, "Abbrechen")));
  form.addEventListener("submit", () => {
    if (input.value.trim()) {
      setToken(input.value.trim());
      input.value = "";
      draw();
      onChange();
    }
  });
  dialog.append(form);

  function draw(): void {
    if (token()) {
      box.replaceChildren(
        h("span", { class: "signed-in" }, "Angemeldet"),
        h("button", { type: "button", onclick: () => { setToken(null); draw(); onChange(); } }, "Abmelden"));
    } else {
      box.replaceChildren(h("button", { type: "button", onclick: () => dialog.showModal() }, "Anmelden"));
    }
    box.append(dialog);
  }
  draw();
  return box;
}
