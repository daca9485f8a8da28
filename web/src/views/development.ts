// "Was hat sich seit … geändert?" (#/entwicklung?seit=JJJJ-MM-TT&bis=JJJJ-MM-TT): between
// two days (both included), the gaps closed and new, the actors and offerings added and
// removed, and the measures done, from the API's development(since, until), which reads the
// change history. Each list is a table with "Als Excel/CSV herunterladen". The two days
// stand in the address, so a view can be bookmarked or sent.

import { request } from "../api";
import { date, h, num } from "../dom";
import developmentDocument from "../graphql/development.graphql?raw";
import { href, type Route } from "../router";
import { dataTable } from "../table";
import type { ViewFactory } from "../view";
import { currentAccount } from "../session";
import { heading } from "./common";

/** The Integrationskonzept as a Word document, its development part since `since` (signed-in only). */
export function conceptDownload(since: string | null): HTMLElement {
  if (!currentAccount()) {
    return h("p", { class: "hint concept-download" },
      "Das Integrationskonzept als Word-Dokument (Handlungsfelder, Lücken, Maßnahmen, Entwicklung) gibt es nach der Anmeldung.");
  }
  const target = `/export/integrationskonzept.docx${since ? `?since=${since}` : ""}`;
  return h("p", { class: "concept-download" },
    h("a", { href: target, download: "", class: "button-link secondary" }, "Integrationskonzept als Word-Dokument herunterladen"),
    since ? ` (mit der Entwicklung seit ${date(since)}; Beispieldaten sind darin gekennzeichnet)`
      : " (Handlungsfelder, Lücken und Maßnahmen; Beispieldaten sind darin gekennzeichnet)");
}

interface Gap { key: string; kind: string; reason: string }
interface ChangedRecord { id: string; name: string; at: string }
interface Done { id: string; title: string; doneOn: string; workingGroupName: string | null }
interface Development {
  since: string; until: string | null; gapsCompared: boolean; gapsNote: string;
  gapsClosed: Gap[]; gapsNew: Gap[];
  actorsAdded: ChangedRecord[]; actorsRemoved: ChangedRecord[]; offeringsAdded: ChangedRecord[]; offeringsRemoved: ChangedRecord[];
  measuresDone: Done[];
}

/** The German names of the gap kinds (domain/gap_keys.py KINDS). */
const GAP_KIND: { [kind: string]: string } = {
  coverage: "Versorgungslücke", language: "Sprachlücke", isolated: "Akteur am Rand",
  "key-actor": "Schlüsselakteur", bridge: "Brücke", introduction: "vorgeschlagener Kontakt",
  "topic-without-group": "Handlungsfeld ohne Arbeitskreis", "missing-member": "fehlendes Mitglied",
  unrepresented: "Gemeinde ohne Vertretung", uncoordinated: "ohne Koordination",
};

const iso = (day: Date): string => day.toISOString().slice(0, 10);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const germanDay = (value: string): string => date(value);

function gapTable(id: string, caption: string, rows: Gap[]): HTMLElement {
  return dataTable<Gap>({
    idPrefix: id, caption, rows,
    columns: [
      { label: "Art", value: (g) => GAP_KIND[g.kind] ?? g.kind },
      { label: "Lücke", value: (g) => g.reason },
      { label: "Schlüssel", value: (g) => g.key, cell: (g) => h("code", {}, g.key) },
    ],
  });
}

function recordTable(id: string, caption: string, view: string, when: string, rows: ChangedRecord[]): HTMLElement {
  return dataTable<ChangedRecord>({
    idPrefix: id, caption, rows,
    columns: [
      { label: "Name", value: (r) => r.name, cell: (r) => view ? h("a", { href: href(view, r.id) }, r.name) : r.name },
      { label: when, value: (r) => r.at, cell: (r) => date(r.at), type: "date" },
    ],
  });
}

function part(id: string, title: string, count: number, body: HTMLElement | string): HTMLElement {
  return h("section", { class: "development-part", "aria-labelledby": id },
    h("h2", { id }, `${title} (${num(count)})`), body);
}

export const developmentView: ViewFactory = (root, route: Route) => {
  const data = heading(root, "Was hat sich geändert?",
    "Die Entwicklung des Netzwerks zwischen zwei Tagen: geschlossene und neue Lücken, angelegte und gelöschte Akteure und Angebote, umgesetzte Maßnahmen. Grundlage ist der Änderungsverlauf.");
  const today = new Date();
  const seit = route.query.get("seit") ?? "";
  const bis = route.query.get("bis") ?? "";
  const since = DAY.test(seit) ? seit : iso(new Date(today.getTime() - 30 * 86_400_000));
  const until = DAY.test(bis) ? bis : iso(today);
  const form = h("form", { class: "development-form filters no-print" },
    h("label", { for: "entwicklung-seit" }, "seit"),
    h("input", { id: "entwicklung-seit", name: "seit", type: "date", value: since, required: true }),
    h("label", { for: "entwicklung-bis" }, "bis einschließlich"),
    h("input", { id: "entwicklung-bis", name: "bis", type: "date", value: until, required: true }),
    h("button", { type: "submit" }, "Anzeigen"));
  const problem = h("p", { class: "form-problem", role: "alert" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const from = String(values.get("seit") ?? "");
    const to = String(values.get("bis") ?? "");
    if (!DAY.test(from) || !DAY.test(to)) {
      problem.textContent = "Bitte beide Tage angeben.";
      return;
    }
    if (to < from) {
      problem.textContent = "Der Tag „bis“ liegt vor dem Tag „seit“.";
      return;
    }
    problem.textContent = "";
    location.hash = `${href("entwicklung")}?seit=${from}&bis=${to}`;
  });
  const result = h("div", { class: "development", "aria-live": "polite" });
  data.replaceChildren(form, problem, result);
  return {
    title: "Entwicklung",
    async load() {
      if (until < since) {
        result.replaceChildren(h("p", { class: "error", role: "alert" }, "Der Tag „bis“ liegt vor dem Tag „seit“."));
        return;
      }
      const { development: d } = await request<{ development: Development }>(developmentDocument, { since, until });
      const period = `vom ${germanDay(d.since)} bis ${d.until ? germanDay(d.until) : "heute"}`;
      const counts: [string, string, number][] = [
        ["geschlossen", "Lücken geschlossen", d.gapsClosed.length], ["neu", "Lücken neu", d.gapsNew.length],
        ["akteure-neu", "Akteure angelegt", d.actorsAdded.length], ["akteure-weg", "Akteure gelöscht", d.actorsRemoved.length],
        ["angebote-neu", "Angebote angelegt", d.offeringsAdded.length], ["angebote-weg", "Angebote gelöscht", d.offeringsRemoved.length],
        ["umgesetzt", "Maßnahmen umgesetzt", d.measuresDone.length],
      ];
      result.replaceChildren(
        h("p", { class: "lead-figure" }, `Zeitraum ${period}:`),
        h("ul", { class: "figures small", id: "entwicklung-zahlen" }, ...counts.map(([id, text, count]) =>
          h("li", { class: "figure" }, h("a", { href: `#${id}`, onclick: (event: Event) => {
            event.preventDefault();
            document.getElementById(id)?.scrollIntoView();
          } }, h("span", { class: "figure-value" }, (id === "geschlossen" || id === "neu") && !d.gapsCompared ? "–" : num(count)),
            h("span", { class: "figure-label" }, text))))),
        h("p", { class: d.gapsCompared ? "hint" : "note", id: "lueckenvergleich" }, d.gapsNote),
        conceptDownload(since),
        part("geschlossen", "Lücken geschlossen", d.gapsClosed.length,
          d.gapsCompared ? gapTable("geschlossen-tabelle", `Lücken geschlossen ${period}`, d.gapsClosed) : h("p", { class: "empty" }, "nicht verglichen")),
        part("neu", "Lücken neu", d.gapsNew.length,
          d.gapsCompared ? gapTable("neu-tabelle", `Lücken neu ${period}`, d.gapsNew) : h("p", { class: "empty" }, "nicht verglichen")),
        part("akteure-neu", "Akteure angelegt", d.actorsAdded.length, recordTable("akteure-neu-tabelle", `Akteure angelegt ${period}`, "akteur", "angelegt am", d.actorsAdded)),
        part("akteure-weg", "Akteure gelöscht", d.actorsRemoved.length, recordTable("akteure-weg-tabelle", `Akteure gelöscht ${period}`, "", "gelöscht am", d.actorsRemoved)),
        part("angebote-neu", "Angebote angelegt", d.offeringsAdded.length, recordTable("angebote-neu-tabelle", `Angebote angelegt ${period}`, "angebot", "angelegt am", d.offeringsAdded)),
        part("angebote-weg", "Angebote gelöscht", d.offeringsRemoved.length, recordTable("angebote-weg-tabelle", `Angebote gelöscht ${period}`, "", "gelöscht am", d.offeringsRemoved)),
        part("umgesetzt", "Maßnahmen umgesetzt", d.measuresDone.length, dataTable<Done>({
          idPrefix: "umgesetzt-tabelle", caption: `Maßnahmen umgesetzt ${period}`, rows: d.measuresDone,
          columns: [
            { label: "Maßnahme", value: (m) => m.title, cell: (m) => h("a", { href: href("massnahme", m.id) }, m.title) },
            { label: "umgesetzt am", value: (m) => m.doneOn, cell: (m) => date(m.doneOn), type: "date" },
            { label: "Arbeitskreis", value: (m) => m.workingGroupName ?? "" },
          ],
        })));
    },
  };
};
