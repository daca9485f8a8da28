// Measures as a short list (working group pages, the Arbeitskreise view): title, status,
// due date and how many of their gaps still exist; and the wording of status and due date.

import { date, h, num } from "../dom";
import { href } from "../router";
import { MEASURE_STATUS } from "./gapState";

export interface MeasureItem { id: string; title: string; status: string; due: string | null; gaps?: { key: string; state: string }[] }

export const status = (value: string): string => MEASURE_STATUS[value] ?? value;
const today = (): string => new Date().toISOString().slice(0, 10);
export const overdue = (m: MeasureItem): boolean => m.due !== null && m.due < today() && m.status !== "DONE" && m.status !== "DROPPED";

/** "fällig 1. März 2027" and, when past and not done, "überfällig". */
export function dueText(m: MeasureItem): string {
  if (!m.due) return "ohne Frist";
  return `${overdue(m) ? "überfällig seit" : "fällig bis"} ${date(m.due)}`;
}

/** Measures as a short list (working group pages): title, status, due date, gaps still open. */
export function measureList(items: MeasureItem[], empty: string): HTMLElement {
  if (!items.length) return h("p", { class: "empty" }, empty);
  return h("ul", { class: "measure-list" }, ...items.map((m) => {
    const open = (m.gaps ?? []).filter((g) => g.state === "OPEN").length;
    return h("li", {}, h("a", { href: href("massnahme", m.id) }, m.title),
      ` (${status(m.status)}, ${dueText(m)}${m.gaps?.length ? `, ${num(open)} von ${num(m.gaps.length)} Lücken offen` : ""})`);
  }));
}

