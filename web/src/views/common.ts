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
    "Ein Teil der Daten (als „Beispieldaten“ gekennzeichnet) ist zur Veranschaulichung erfunden, ",
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

export interface DataSources { illustrative: boolean; sources: { source: string; nodes: number; illustrative: boolean }[] }

/**
 * The note right at a figure that rests on illustrative data (not only in the footer):
 * `what` says which part of the figure is invented.
 */
export function figureNote(status: DataSources, what: string): HTMLElement | "" {
  if (!status.illustrative) return "";
  const invented = status.sources.filter((s) => s.illustrative).reduce((sum, s) => sum + s.nodes, 0);
  const all = status.sources.reduce((sum, s) => sum + s.nodes, 0);
  return h("p", { class: "note illustrative figure-note", role: "note" },
    h("strong", {}, "Beispieldaten: "), what,
    ` (${invented.toLocaleString("de-DE")} von ${all.toLocaleString("de-DE")} Einträgen haben die Quelle „Beispieldaten“.)`);
}
