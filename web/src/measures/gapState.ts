// Where a gap row stands, in German: offen, Maßnahme geplant, in Umsetzung (with the
// measure and its working group), bewusst offen (with reason, who, when); and, for
// editors, what can be done with it: "Maßnahme anlegen", "Bewusst offen…", "wieder öffnen".

import { ApiError, mutate } from "../api";
import { date, german, h } from "../dom";
import decisionDocument from "../graphql/gapDecision.graphql?raw";
import { workingGroupPhrase } from "../labels";
import { href } from "../router";
import { atLeast } from "../session";

export interface GapMeasure { id: string; title: string; status: string; workingGroupId: string | null; workingGroupName: string | null }
export interface GapDecision { reason: string; decidedAt: string; decidedBy: string | null }
export interface GapRow {
  key?: string;
  state?: string;
  measures?: GapMeasure[];
  decision?: GapDecision | null;
  [field: string]: unknown;
}

export const GAP_STATES: Record<string, string> = {
  OPEN: "offen",
  MEASURE_PLANNED: "Maßnahme geplant",
  IN_PROGRESS: "in Umsetzung",
  DELIBERATELY_OPEN: "bewusst offen",
};

export const MEASURE_STATUS: Record<string, string> = {
  IDEA: "Idee",
  PLANNED: "geplant",
  IN_PROGRESS: "in Umsetzung",
  DONE: "umgesetzt",
  DROPPED: "verworfen",
};

export const MEASURE_PRIORITY: Record<string, string> = {
  FOCUS: "Schwerpunktmaßnahme",
  QUICK_WIN: "Quick Win",
};

export function gapStateName(state: string | undefined): string {
  return state ? GAP_STATES[state] ?? state : "";
}

/** The row's state in words: the state, then the measures (linked) or the decision. */
export function stateCell(row: GapRow): HTMLElement {
  const state = row.state ?? "OPEN";
  const cell = h("div", { class: `gap-state state-${state.toLowerCase().replace(/_/g, "-")}` },
    h("strong", {}, gapStateName(state)));
  if (state === "DELIBERATELY_OPEN" && row.decision) {
    const who = [row.decision.decidedBy, date(row.decision.decidedAt)].filter(Boolean).join(", ");
    cell.append(": ", row.decision.reason, h("span", { class: "decided" }, ` (${who})`));
  } else if (row.measures?.length) {
    const items = row.measures.map((m) => h("li", {},
      h("a", { href: href("massnahme", m.id) }, m.title), ` (${MEASURE_STATUS[m.status] ?? m.status}`,
      m.workingGroupId ? [", ", h("a", { href: href("arbeitskreis", m.workingGroupId) }, workingGroupPhrase(m.workingGroupName ?? m.workingGroupId))] : "",
      ")"));
    cell.append(h("ul", { class: "gap-measures" }, ...items));
  }
  return cell;
}

/** A new measure's form, prefilled from a gap (#/neu/massnahme?luecke=...&titel=...). */
export function newMeasureHref(prefill: { key: string; title: string; topic?: string | null; targetGroup?: string | null; municipality?: string | null }): string {
  const query = new URLSearchParams({ luecke: prefill.key, titel: prefill.title });
  if (prefill.topic) query.set("handlungsfeld", prefill.topic);
  if (prefill.targetGroup) query.set("zielgruppe", prefill.targetGroup);
  if (prefill.municipality) query.set("gemeinde", prefill.municipality);
  return `${href("neu", "massnahme")}?${query.toString()}`;
}

let dialogCounter = 0;

/** Ask for the reason, then markGapDeliberatelyOpen; a native modal dialog (Esc closes it). */
function askReason(row: GapRow, what: string, opener: HTMLElement, done: () => void): void {
  const id = `bewusst-offen-${++dialogCounter}`;
  const reason = h("textarea", { id: `${id}-grund`, rows: 3, "aria-describedby": `${id}-hinweis ${id}-fehler`, "aria-required": "true" });
  const problem = h("p", { id: `${id}-fehler`, class: "field-error", role: "alert" });
  const save = h("button", { type: "submit", class: "primary" }, "Als bewusst offen speichern");
  const cancel = h("button", { type: "button" }, "Abbrechen");
  const form = h("form", { method: "dialog" },
    h("h2", { id: `${id}-titel` }, "Lücke bewusst offen lassen"),
    h("p", {}, what),
    h("div", { class: "field" },
      h("label", { for: `${id}-grund` }, "Begründung", h("span", { class: "required" }, " (Pflichtfeld)")),
      reason,
      h("p", { id: `${id}-hinweis`, class: "hint" }, "Zum Beispiel: kein Bedarf, oder durch die Nachbargemeinde abgedeckt. Die Entscheidung wird mit Ihrem Namen und dem Datum gezeigt."),
      problem),
    h("div", { class: "buttons" }, save, cancel));
  const dialog = h("dialog", { class: "gap-dialog", "aria-labelledby": `${id}-titel` }, form);
  const close = (): void => {
    dialog.close();
    dialog.remove();
    opener.focus();
  };
  cancel.addEventListener("click", close);
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(); });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (!text) {
      problem.textContent = "Bitte eine Begründung angeben.";
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    save.disabled = true;
    void mutate(decisionDocument, "MarkGapDeliberatelyOpen", { key: row.key, reason: text }).then(() => {
      dialog.close();
      dialog.remove();
      done();
    }, (error: unknown) => {
      save.disabled = false;
      problem.textContent = `Nicht gespeichert: ${german(error instanceof ApiError || error instanceof Error ? error.message : String(error))}`;
    });
  });
  document.body.append(dialog);
  dialog.showModal();
  reason.focus();
}

/**
 * The buttons of one gap row for editors and admins (the API refuses anyone else):
 * "Maßnahme anlegen" and "Bewusst offen…", or "wieder öffnen" when it was left open.
 */
export function actionsCell(row: GapRow, what: string, prefill: Parameters<typeof newMeasureHref>[0] | null, done: () => void): HTMLElement | string {
  if (!row.key || !atLeast("editor")) return "";
  const cell = h("div", { class: "gap-actions no-print" });
  if (prefill) {
    cell.append(h("a", { href: newMeasureHref(prefill), class: "button-link small", "aria-label": `Maßnahme anlegen: ${what}` }, "Maßnahme anlegen"));
  }
  if (row.state === "DELIBERATELY_OPEN") {
    const reopen = h("button", { type: "button", class: "small", "aria-label": `wieder öffnen: ${what}` }, "wieder öffnen");
    reopen.addEventListener("click", () => {
      reopen.disabled = true;
      void mutate(decisionDocument, "ReopenGap", { key: row.key }).then(done, (error: unknown) => {
        reopen.disabled = false;
        cell.append(h("p", { class: "field-error", role: "alert" }, german(error instanceof Error ? error.message : String(error))));
      });
    });
    cell.append(reopen);
  } else {
    const mark = h("button", { type: "button", class: "small", "aria-label": `Bewusst offen lassen: ${what}` }, "Bewusst offen…");
    mark.addEventListener("click", () => askReason(row, what, mark, done));
    cell.append(mark);
  }
  return cell;
}
