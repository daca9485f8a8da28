// One event or meeting (#/ereignis/<id>): date, place, kind, working group, who took part,
// the agenda (each item with the gap it is about, in words, and its measure) and the
// decisions: the measures decided here. "Entscheidung als Maßnahme anlegen" opens the
// measure form prefilled with this meeting and its working group.

import { date, facts, h, links } from "../dom";
import { mayCreate } from "../edit/permissions";
import eventDocument from "../graphql/event.graphql?raw";
import { eventKind, eventStatus, participationRole, sourceLabel } from "../labels";
import { dueText, measureList, status, type MeasureItem } from "../measures/list";
import { href } from "../router";
import { detailView } from "./details";

interface Ref { id: string; name: string }
interface AgendaItem {
  number: number; title: string; gapKey: string | null; gapKind: string | null; measureId: string | null;
  gap: { key: string; state: string; reason: string | null } | null;
  measure: MeasureItem | null;
}
interface EventData {
  id: string; name: string; kind: string | null; date: string | null; place: string | null; description: string | null;
  status: string; source: string; updatedAt: string | null;
  workingGroup: Ref | null;
  participants: { role: string; title: string | null; participant: { __typename: string; id: string; name: string } }[];
  agendaItems: AgendaItem[];
  decisions: MeasureItem[];
}

const PAGES: Record<string, string> = { Actor: "akteur", Coordinator: "koordination" };

/** The gap an item is about, in words: its kind, and its reason while it still exists. */
function gapInWords(item: AgendaItem): (HTMLElement | string)[] {
  if (!item.gapKey) return [];
  const open = item.gap?.state === "OPEN";
  return [h("p", { class: "agenda-gap" },
    h("span", {}, "Lücke: "),
    h("a", { href: href("luecken") }, item.gapKind ?? "Lücke"),
    open && item.gap?.reason ? `: ${item.gap.reason}` : "",
    h("strong", { class: `gap-ref gap-${open ? "open" : "closed"}` }, open ? " (besteht noch)" : " (geschlossen)"),
    " ", h("code", {}, item.gapKey))];
}

function measureInWords(item: AgendaItem): HTMLElement | string {
  if (item.measure) {
    return h("p", { class: "agenda-measure" }, "Maßnahme: ",
      h("a", { href: href("massnahme", item.measure.id) }, item.measure.title),
      ` (${status(item.measure.status)}, ${dueText(item.measure)})`);
  }
  return item.measureId ? h("p", { class: "agenda-measure" }, `Maßnahme ${item.measureId} (gelöscht)`) : "";
}

/** "#/neu/massnahme?sitzung=…&arbeitskreis=…": a measure decided at this meeting. */
export function decisionHref(event: { id: string; workingGroup: Ref | null }): string {
  const query = new URLSearchParams({ sitzung: event.id });
  if (event.workingGroup) query.set("arbeitskreis", event.workingGroup.id);
  return `${href("neu", "massnahme")}?${query.toString()}`;
}

export const eventView = detailView<EventData>("Ereignis", eventDocument, "event", "event", (root, e) => {
  const actors = e.participants.filter((p) => PAGES[p.participant.__typename]);
  const people = e.participants.filter((p) => !PAGES[p.participant.__typename]);
  root.replaceChildren(
    h("h1", {}, e.name),
    h("p", { class: "intro" }, [eventKind(e.kind ?? "EVENT"), e.date ? date(e.date) : null, eventStatus(e.status)].filter(Boolean).join(" · ")),
    e.description ? h("p", { class: "text-block" }, e.description) : "",
    facts([
      ["Art", eventKind(e.kind ?? "EVENT")],
      ["Datum", e.date ? date(e.date) : "nicht erfasst"],
      ["Ort", e.place ?? "nicht erfasst"],
      ["Stand", eventStatus(e.status)],
      ["Arbeitskreis", e.workingGroup ? links([{ href: href("arbeitskreis", e.workingGroup.id), text: e.workingGroup.name }]) : null],
      ["Quelle", sourceLabel(e.source)],
      ["Zuletzt geändert", e.updatedAt ? date(e.updatedAt) : null],
    ]),
    h("section", { "aria-labelledby": "ereignis-teilnehmende" },
      h("h2", { id: "ereignis-teilnehmende" }, `Teilnehmende (${e.participants.length})`),
      e.participants.length ? h("ul", { class: "columns participants" },
        ...actors.map((p) => h("li", {}, h("a", { href: href(PAGES[p.participant.__typename] ?? "akteur", p.participant.id) }, p.participant.name),
          ` (${participationRole(p.role)}${p.title ? `: „${p.title}“` : ""})`)),
        ...people.map((p) => h("li", {}, p.participant.name, ` (${participationRole(p.role)}${p.title ? `: „${p.title}“` : ""})`)))
        : h("p", { class: "empty" }, "Keine Teilnehmenden erfasst.")),
    h("section", { "aria-labelledby": "ereignis-tagesordnung" },
      h("h2", { id: "ereignis-tagesordnung" }, `Tagesordnung (${e.agendaItems.length} ${e.agendaItems.length === 1 ? "Punkt" : "Punkte"})`),
      e.agendaItems.length ? h("ol", { class: "agenda" }, ...e.agendaItems.map((item) => h("li", { class: "agenda-item" },
        h("strong", {}, item.title), ...gapInWords(item), measureInWords(item))))
        : h("p", { class: "empty" }, "Keine Tagesordnung erfasst.")),
    h("section", { "aria-labelledby": "ereignis-beschluesse" },
      h("h2", { id: "ereignis-beschluesse" }, `Beschlüsse: Maßnahmen (${e.decisions.length})`),
      measureList(e.decisions, "Noch keine Maßnahme als hier beschlossen vermerkt."),
      mayCreate("measure") ? h("div", { class: "edit-bar" },
        h("a", { href: decisionHref(e), class: "button-link" }, "Entscheidung als Maßnahme anlegen")) : ""));
});
