// Pieces several views share: the page heading, the "Beispieldaten" note, a data box.

import { date, h } from "../dom";

export function heading(root: HTMLElement, title: string, intro: string): HTMLElement {
  const data = h("div", { class: "view-data" });
  root.replaceChildren(h("h1", {}, title), h("p", { class: "intro" }, intro), data);
  return data;
}

/** Said visibly wherever a figure rests on data with `source: example`. */
export function illustrativeNote(lastUpdated?: string | null): HTMLElement {
  return h("p", { class: "note illustrative", role: "note" },
    h("strong", {}, "Beispieldaten: "),
    "Ein Teil der Daten (Quelle „example“) ist zur Veranschaulichung erfunden, ",
    "darunter die Einwohnerzahlen nach Herkunft, auf denen „Bedarf“ und „nicht erreicht“ beruhen. ",
    "Die Zahlen zeigen, wie die Auswertung arbeitet, nicht die Lage im Landkreis.",
    lastUpdated ? ` Datenstand: ${date(lastUpdated)}.` : "");
}

export function whenEmpty(list: unknown[], text: string): HTMLElement | null {
  return list.length === 0 ? h("p", { class: "empty" }, text) : null;
}

/** One dataset's "ready" marker for tests and the benchmark, set when its data is shown. */
export function markDrawn(root: HTMLElement): void {
  root.dataset.drawn = String(Number(root.dataset.drawn ?? "0") + 1);
}
