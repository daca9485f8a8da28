// "Nachprüfen" (#/nachpruefen): the actors, offerings, working groups and coordinators
// nobody has confirmed for more than 12 months (without a confirmation, the last write
// counts), oldest first, so the Stabsstelle can follow them up. Paged with "Weitere
// laden"; each name links to its detail page, where "Angaben stimmen noch" confirms it.

import { request } from "../api";
import { date, h, num } from "../dom";
import staleDocument from "../graphql/staleRecords.graphql?raw";
import { href } from "../router";
import type { ViewFactory } from "../view";
import { heading, markDrawn } from "./common";

interface StaleRecord {
  label: string; id: string; name: string | null; verifiedAt: string | null; verifiedBy: string | null; updatedAt: string | null;
}
interface StaleAnswer {
  staleRecords: { totalCount: number; edges: { cursor: string; node: StaleRecord }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PAGE = 50;
const RECORD_KINDS: Record<string, [string, string | null]> = {
  Event: ["Ereignis", "ereignis"], Measure: ["Maßnahme", "massnahme"],
  Actor: ["Akteur", "akteur"], Offering: ["Angebot", "angebot"],
  WorkingGroup: ["Arbeitskreis", "arbeitskreis"], Coordinator: ["Koordination", "koordination"],
};

function row(record: StaleRecord): HTMLTableRowElement {
  const [kind, route] = RECORD_KINDS[record.label] ?? [record.label, null];
  const name = record.name || record.id;
  return h("tr", {},
    h("td", {}, kind),
    h("th", { scope: "row" }, route ? h("a", { href: href(route, record.id) }, name) : name),
    h("td", {}, record.verifiedAt
      ? `${date(record.verifiedAt)}${record.verifiedBy ? ` von ${record.verifiedBy}` : ""}` : "nie bestätigt"),
    h("td", {}, record.updatedAt ? date(record.updatedAt) : "unbekannt"));
}

export const staleView: ViewFactory = (root) => {
  const data = heading(root, "Nachprüfen",
    "Einträge, die seit mehr als 12 Monaten niemand als aktuell bestätigt hat (ohne Bestätigung zählt die letzte Änderung), die ältesten zuerst. "
    + "Auf der Seite eines Eintrags bestätigt „Angaben stimmen noch“, dass er stimmt.");
  return {
    title: "Nachprüfen",
    async load() {
      const first = await request<StaleAnswer>(staleDocument, { first: PAGE });
      const body = h("tbody", {});
      const count = h("p", { class: "table-status", role: "status" });
      const more = h("button", { type: "button", class: "more" }, "Weitere laden");
      let shown = 0;
      let cursor: string | null = null;
      const add = (answer: StaleAnswer): void => {
        const page = answer.staleRecords;
        body.append(...page.edges.map((edge) => row(edge.node)));
        shown += page.edges.length;
        cursor = page.pageInfo.endCursor;
        more.hidden = !page.pageInfo.hasNextPage;
        count.textContent = `${num(shown)} von ${num(page.totalCount)} Einträgen angezeigt.`;
      };
      more.addEventListener("click", () => void (async () => {
        more.disabled = true;
        try {
          add(await request<StaleAnswer>(staleDocument, { first: PAGE, after: cursor }));
        } finally {
          more.disabled = false;
        }
        body.lastElementChild?.querySelector("a")?.focus();
      })());
      add(first);
      data.replaceChildren(first.staleRecords.totalCount === 0
        ? h("p", { class: "empty" }, "Alle Einträge wurden in den letzten 12 Monaten bestätigt oder geändert.")
        : h("div", {}, h("div", { class: "table-scroll" }, h("table", { class: "fit", id: "stale-table" },
          h("caption", {}, `Nachzuprüfende Einträge (${num(first.staleRecords.totalCount)})`),
          h("thead", {}, h("tr", {}, ...["Art", "Name", "Zuletzt bestätigt", "Zuletzt geändert"].map((text) => h("th", { scope: "col" }, text)))),
          body)), count, more));
      markDrawn(data);
    },
  };
};
