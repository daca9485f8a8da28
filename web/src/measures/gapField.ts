// The measure form's "Lücken": the gaps the measure addresses, each in words ("Sprache in
// Meine", with whether it still exists) and removable, instead of the keys the API stores
// (coverage:meine:sprache). A measure gets its gap from the gap's row ("Maßnahme anlegen");
// a key can still be typed under "Lücke über ihren Schlüssel zuordnen" for the rare case.

import { request } from "../api";
import { h } from "../dom";
import gapTitleDocument from "../graphql/gapTitle.graphql?raw";

interface GapTitle { key: string; kind: string; title: string | null; state: string }

const titles = new Map<string, Promise<GapTitle | null>>();

function titleOf(key: string): Promise<GapTitle | null> {
  let found = titles.get(key);
  if (!found) {
    found = request<{ gaps: { gap: GapTitle } }>(gapTitleDocument, { key }, { operationName: "GapTitle" })
      .then((data) => data.gaps.gap).catch(() => null);
    titles.set(key, found);
  }
  return found;
}

export interface GapKeysField {
  element: HTMLElement;
  /** What the form focuses and marks invalid: the key input under "zuordnen". */
  input: HTMLInputElement;
  value(): string | null;
  set(keys: string): void;
}

const split = (text: string): string[] => text.split(/[\s,]+/).map((k) => k.trim()).filter(Boolean);

export function gapKeysField(id: string, label: string, initial: string, errorId: string): GapKeysField {
  let keys = split(initial);
  const list = h("ul", { class: "gap-list", "aria-labelledby": `${id}-legend` });
  const input = h("input", { id, type: "text", autocomplete: "off", "aria-describedby": `${id}-hint ${errorId}` });
  const add = h("button", { type: "button", class: "small" }, "Zuordnen");
  const status = h("p", { class: "visually-hidden", role: "status" });

  function draw(): void {
    list.replaceChildren(...keys.map((key) => {
      const words = h("span", { class: "gap-title" }, "…");
      const state = h("span", { class: "gap-ref" });
      void titleOf(key).then((gap) => {
        words.textContent = gap?.title ?? "unbekannte Lücke";
        state.textContent = gap ? (gap.state === "OPEN" ? " (besteht noch)" : " (geschlossen)") : "";
      });
      const remove = h("button", { type: "button", class: "small", "aria-label": `Lücke entfernen` }, "Entfernen");
      remove.addEventListener("click", () => {
        keys = keys.filter((k) => k !== key);
        draw();
        status.textContent = "Lücke entfernt.";
        input.focus();
      });
      void titleOf(key).then((gap) => remove.setAttribute("aria-label", `Lücke „${gap?.title ?? key}“ entfernen`));
      return h("li", { "data-key": key }, words, state, " ", remove);
    }));
    if (!keys.length) list.append(h("li", { class: "none" }, "Keine Lücke zugeordnet."));
  }
  add.addEventListener("click", () => {
    const typed = split(input.value).filter((k) => !keys.includes(k));
    if (!typed.length) { input.focus(); return; }
    keys = [...keys, ...typed];
    input.value = "";
    draw();
    status.textContent = `${typed.length === 1 ? "Lücke" : `${typed.length} Lücken`} zugeordnet.`;
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); add.click(); }
  });
  draw();
  const element = h("fieldset", { class: "gaps-field" },
    h("legend", { id: `${id}-legend` }, label),
    list,
    h("details", {},
      h("summary", {}, "Lücke über ihren Schlüssel zuordnen"),
      h("label", { for: id }, "Schlüssel der Lücke"), input, add,
      h("p", { id: `${id}-hint`, class: "hint" },
        "Meist entsteht eine Maßnahme aus einer Lücke unter „Lücken“ („Maßnahme anlegen“). Der Schlüssel einer Lücke steht in der Ausfuhr der Lückenliste, z. B. coverage:meine:sprache.")),
    status);
  return {
    element, input,
    // a key still in the input counts too: typed, not yet "zugeordnet"
    value: () => [...keys, ...split(input.value).filter((k) => !keys.includes(k))].join(" ") || null,
    set(text: string): void { keys = split(text); draw(); },
  };
}
