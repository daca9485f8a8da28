// Maßnahmen (#/massnahmen), one measure (#/massnahme/<id>) and the Arbeitskreise
// (#/arbeitskreise): what the network decided to do about its gaps, who does it, by when,
// and whether each gap it addresses still exists.

import { ApiError, mutate, request } from "../api";
import { date, facts, german, h, links, num } from "../dom";
import { mayCreate } from "../edit/permissions";
import measureDocument from "../graphql/measure.graphql?raw";
import measureStatusDocument from "../graphql/measureStatus.graphql?raw";
import measuresDocument from "../graphql/measures.graphql?raw";
import workingGroupsDocument from "../graphql/workingGroups.graphql?raw";
import { label, sourceLabel } from "../labels";
import { MEASURE_PRIORITY, MEASURE_STATUS } from "../measures/gapState";
import { href } from "../router";
import { atLeast, currentAccount } from "../session";
import { dataTable } from "../table";
import type { ViewFactory } from "../view";
import { heading } from "./common";
import { dueText, type MeasureItem, measureList, overdue, status } from "../measures/list";
import { detailView } from "./details";

interface Ref { id: string; name: string }
interface GapRef { key: string; kind?: string; state: string; reason?: string | null }
interface MeasureRow extends MeasureItem {
  priority: string | null; statusChangedAt: string | null; workingGroup: Ref | null;
  topics: Ref[]; municipalities: Ref[]; gaps: GapRef[];
}

const refs = (view: string, items: Ref[]) => links(items.map((item) => ({ href: href(view, item.id), text: item.name })));
/** A gap a measure addresses: its reason while it exists, "geschlossen" when it is gone. */
function gapItem(gap: GapRef): HTMLElement {
  return h("li", { class: `gap-ref gap-${gap.state.toLowerCase()}` },
    h("strong", {}, gap.state === "OPEN" ? "besteht noch" : "geschlossen"), ": ",
    gap.reason ?? (gap.state === "OPEN" ? "" : "Die Lücke gibt es nicht mehr (z. B. schließt sie ein neues Angebot)."),
    " ", h("code", {}, gap.key));
}

export const measuresView: ViewFactory = (root) => {
  const data = heading(root, "Maßnahmen",
    "Was das Netzwerk gegen seine Lücken unternimmt: jede Maßnahme mit Stand, Frist, verantwortlichem Arbeitskreis und den Lücken, die sie schließen soll.");
  return {
    title: "Maßnahmen",
    async load() {
      const result = await request<{ measures: { totalCount: number; edges: { node: MeasureRow }[] } }>(measuresDocument);
      const rows = result.measures.edges.map((edge) => edge.node);
      const counts = Object.keys(MEASURE_STATUS).map((s) => [s, rows.filter((m) => m.status === s).length] as const).filter(([, n]) => n > 0);
      data.replaceChildren(
        mayCreate("measure") ? h("div", { class: "edit-bar" }, h("a", { href: href("neu", "massnahme"), class: "button-link secondary" }, "Neu: Maßnahme"),
          h("a", { href: href("luecken"), class: "button-link secondary" }, "Aus einer Lücke anlegen")) : "",
        h("p", {}, `${num(result.measures.totalCount)} ${result.measures.totalCount === 1 ? "Maßnahme" : "Maßnahmen"}`, counts.length ? `: ${counts.map(([s, n]) => `${num(n)} ${status(s)}`).join(", ")}` : "", "."),
        dataTable<MeasureRow>({
          idPrefix: "massnahmen",
          caption: "Maßnahmen",
          rows,
          total: result.measures.totalCount,
          columns: [
            { label: "Maßnahme", value: (m) => m.title, cell: (m) => h("a", { href: href("massnahme", m.id) }, m.title) },
            { label: "Status", value: (m) => status(m.status) },
            { label: "Fällig bis", value: (m) => m.due, cell: (m) => m.due ? h("span", { class: overdue(m) ? "overdue" : null }, `${date(m.due)}${overdue(m) ? " (überfällig)" : ""}`) : "–", type: "date" },
            { label: "Arbeitskreis", value: (m) => m.workingGroup?.name ?? "", cell: (m) => m.workingGroup ? h("a", { href: href("arbeitskreis", m.workingGroup.id) }, m.workingGroup.name) : "–" },
            { label: "Priorität", value: (m) => m.priority ? MEASURE_PRIORITY[m.priority] ?? m.priority : "" },
            { label: "Lücken", value: (m) => m.gaps.map((g) => `${g.key} ${g.state === "OPEN" ? "besteht noch" : "geschlossen"}`).join("; "),
              cell: (m) => m.gaps.length ? h("ul", { class: "gap-refs" }, ...m.gaps.map((g) => h("li", {},
                h("strong", {}, g.state === "OPEN" ? "besteht noch" : "geschlossen"), ": ", g.reason ?? g.key))) : "–" },
          ],
        }));
    },
  };
};

interface MeasureData {
  id: string; version: number; title: string; description: string | null; impactGoal: string | null; priority: string | null;
  status: string; statusChangedAt: string | null; statusLog: string | null; due: string | null; gapKeys: string | null;
  internalNote: string | null; source: string; updatedAt: string | null;
  workingGroup: Ref | null; actors: Ref[]; coordinators: Ref[]; topics: Ref[]; targetGroups: Ref[]; municipalities: Ref[];
  gaps: GapRef[]; decidedIn: (Ref & { date: string | null }) | null;
}

function statusHistory(log: string | null): string | null {
  if (!log) return null;
  try {
    // the API writes the status as stored (in_progress) and the date when it knows it
    const entries = JSON.parse(log) as { status: string; date: string | null }[];
    return entries.map((e) => `${status(e.status.toUpperCase())}${e.date ? ` (${date(e.date)})` : ""}`).join(" → ");
  } catch {
    return null;
  }
}

/**
 * "Status ändern" for whoever may: the Stabsstelle (editor, admin), and a member whose actor
 * is responsible for the measure (the API lets a member change the status and nothing else
 * on it). Saved with the version the page shows, so a change made meanwhile is not lost.
 */
function statusControl(m: MeasureData): HTMLElement | "" {
  const account = currentAccount();
  if (!account) return "";
  const responsible = m.actors.some((a) => account.actorIds.includes(a.id));
  if (!atLeast("editor") && !(account.role === "member" && responsible)) return "";
  const select = h("select", { id: "massnahme-status" },
    ...Object.entries(MEASURE_STATUS).map(([value, text]) => h("option", { value, selected: value === m.status }, text)));
  const result = h("p", { class: "status-result", role: "status" });
  const button = h("button", { type: "submit" }, "Status speichern");
  const form = h("form", { class: "measure-status no-print", "aria-labelledby": "status-aendern" },
    h("h2", { id: "status-aendern" }, "Status ändern"),
    account.role === "member" ? h("p", { class: "hint" }, "Ihre Organisation ist für diese Maßnahme verantwortlich: Sie können ihren Status ändern.") : "",
    h("div", { class: "buttons" }, h("label", { for: "massnahme-status" }, "Neuer Status"), select, button),
    result);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (select.value === m.status) {
      result.textContent = "Der Status ist unverändert.";
      return;
    }
    button.disabled = true;
    void (async () => {
      try {
        await mutate(measureStatusDocument, "UpdateMeasureStatus", { id: m.id, status: select.value, expectedVersion: m.version });
        location.hash = `${href("massnahme", m.id)}?gespeichert=1`;
      } catch (error) {
        button.disabled = false;
        result.textContent = `Nicht gespeichert: ${german(error instanceof ApiError || error instanceof Error ? error.message : String(error))}`;
      }
    })();
  });
  return form;
}

export const measureView = detailView<MeasureData>("Maßnahme", measureDocument, "measure", "measure", (root, m) => {
  root.replaceChildren(
    h("h1", {}, m.title), h("p", { class: "intro" }, `Maßnahme · ${status(m.status)} · ${dueText(m)}`),
    m.description ? h("p", { class: "text-block" }, m.description) : "",
    facts([
      ["Wirkungsziel", m.impactGoal],
      ["Priorität", m.priority ? MEASURE_PRIORITY[m.priority] ?? m.priority : null],
      ["Status", `${status(m.status)}${m.statusChangedAt ? ` seit ${date(m.statusChangedAt)}` : ""}`],
      ["Verlauf", statusHistory(m.statusLog)],
      ["Fällig bis", m.due ? `${date(m.due)}${overdue(m) ? " (überfällig)" : ""}` : null],
      ["Arbeitskreis", m.workingGroup ? refs("arbeitskreis", [m.workingGroup]) : "keiner zugeordnet"],
      ["Beschlossen in", m.decidedIn ? refs("ereignis", [{ id: m.decidedIn.id, name: `${m.decidedIn.name}${m.decidedIn.date ? ` (${date(m.decidedIn.date)})` : ""}` }]) : null],
      ["Verantwortliche Akteure", refs("akteur", m.actors)],
      ["Koordination", refs("koordination", m.coordinators)],
      ["Handlungsfelder", m.topics.map((t) => t.name).join(", ")],
      ["Zielgruppen", m.targetGroups.map((t) => t.name).join(", ")],
      ["Gemeinden", refs("gemeinde", m.municipalities)],
      ["Interne Notiz", currentAccount() ? m.internalNote : null],
      ["Quelle", sourceLabel(m.source)],
      ["Zuletzt geändert", m.updatedAt ? date(m.updatedAt) : null],
    ]),
    statusControl(m),
    h("section", { "aria-labelledby": "massnahme-luecken" },
      h("h2", { id: "massnahme-luecken" }, `Lücken, die die Maßnahme schließen soll (${m.gaps.length})`),
      m.gaps.length ? h("ul", { class: "gap-refs" }, ...m.gaps.map(gapItem))
        : h("p", { class: "empty" }, "Keine Lücke zugeordnet.")));
});

interface WorkingGroupRow {
  id: string; name: string; description: string | null; meetingCadence: string | null;
  topics: Ref[]; members: { role: string; actor: Ref }[]; coordinators: Ref[]; measures: MeasureItem[];
}

export const workingGroupsView: ViewFactory = (root) => {
  const data = heading(root, "Arbeitskreise",
    "Alle Arbeitskreise des Netzwerks mit ihren Mitgliedern, Handlungsfeldern und Maßnahmen.");
  return {
    title: "Arbeitskreise",
    async load() {
      const result = await request<{ workingGroups: { totalCount: number; edges: { node: WorkingGroupRow }[] } }>(workingGroupsDocument);
      const groups = result.workingGroups.edges.map((edge) => edge.node);
      data.replaceChildren(
        mayCreate("workingGroup") ? h("div", { class: "edit-bar" }, h("a", { href: href("neu", "arbeitskreis"), class: "button-link secondary" }, "Neu: Arbeitskreis")) : "",
        h("p", {}, `${num(result.workingGroups.totalCount)} Arbeitskreise.`),
        ...groups.map((g) => h("section", { class: "working-group", "aria-labelledby": `ak-${g.id}` },
          h("h2", { id: `ak-${g.id}` }, h("a", { href: href("arbeitskreis", g.id) }, g.name)),
          g.description ? h("p", { class: "text-block" }, g.description) : "",
          facts([
            ["Handlungsfelder", g.topics.map((t) => t.name).join(", ") || "keine erfasst"],
            ["Treffen", g.meetingCadence],
            ["Koordination", refs("koordination", g.coordinators)],
            [`Mitglieder (${g.members.length})`, g.members.length
              ? links(g.members.map((m) => ({ href: href("akteur", m.actor.id), text: m.role === "MEMBER" ? m.actor.name : `${m.actor.name} (${label(m.role)})` })))
              : "keine erfasst"],
          ]),
          h("h3", {}, `Maßnahmen (${g.measures.length})`),
          measureList(g.measures, "Keine Maßnahme zugeordnet."))));
    },
  };
};
