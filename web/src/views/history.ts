// "Änderungen" (#/aenderungen): who changed what and when, with each field's old -> new
// value, filterable by record, person and date; an admin can undo a change. The same list,
// for one record, closes every detail page.

import { ApiError, mutate, request } from "../api";
import { date, euro, folded, h, num } from "../dom";
import { fieldName, KINDS, type FieldSpec } from "../edit/form";
import { loadOptions } from "../edit/picker";
import changesDocument from "../graphql/changes.graphql?raw";
import namesDocument from "../graphql/recordNames.graphql?raw";
import searchDocument from "../graphql/search.graphql?raw";
import { actorKind, eventKind, eventStatus, municipalityKind, offeringKind, sourceLabel } from "../labels";
import { MEASURE_PRIORITY, MEASURE_STATUS } from "../measures/gapState";
import { href, type Route } from "../router";
import { atLeast, currentAccount, ROLE_NAMES, type Role } from "../session";
import type { View } from "../view";
import { heading } from "./common";
import { shown } from "./edit";

interface FieldChange { field: string; old: string | null; new: string | null }
interface Entry { label: string; recordId: string; recordName: string | null; op: string; fields: FieldChange[] }
interface Change {
  id: string; at: string; author: string | null; action: string; revision: number | null; summary: string | null;
  revertOf: string | null; revertedBy: string | null; entryCount: number; entries: Entry[];
}
interface ChangesAnswer {
  changes: { totalCount: number; edges: { cursor: string; node: Change }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

// revertChange (admin) comes with the server's history; the button shows only where the
// document is part of the build.
const REVERT = Object.values(import.meta.glob("../graphql/revertChange.graphql", {
  query: "?raw", import: "default", eager: true,
}) as Record<string, string>)[0] ?? null;

/** A load touches hundreds of records: the first few are shown, the rest on request. */
const SHOWN_ENTRIES = 5;

const ACTIONS: Record<string, string> = {
  create: "angelegt", update: "geändert", delete: "gelöscht", connect: "verknüpft", disconnect: "Verknüpfung entfernt",
  load: "Datei geladen", restore: "Sicherung eingespielt", import: "HSDS-Import", revert: "rückgängig gemacht", confirm: "bestätigt",
};
const OPS: Record<string, string> = {
  created: "angelegt", updated: "geändert", deleted: "gelöscht", connected: "verknüpft", disconnected: "Verknüpfung entfernt",
};
const LABELS: Record<string, [string, string | null]> = {
  Actor: ["Akteur", "akteur"], Offering: ["Angebot", "angebot"], WorkingGroup: ["Arbeitskreis", "arbeitskreis"],
  Coordinator: ["Koordination", "koordination"], Municipality: ["Gemeinde", "gemeinde"], Event: ["Ereignis", "ereignis"], Measure: ["Maßnahme", "massnahme"],
  Person: ["Person", null], Topic: ["Handlungsfeld", null], TargetGroup: ["Zielgruppe", null], Language: ["Sprache", null],
  Account: ["Konto", null],
};
/** The fields of an account change (only admins see these; never a password, only that it was reset). */
const ACCOUNT_FIELDS: Record<string, string> = {
  email: "E-Mail", displayName: "Anzeigename", role: "Rolle", actorIds: "Akteure", disabled: "gesperrt", password: "Passwort",
};

/** Fields the forms do not edit (the API keeps them), named as in the workbook. */
const OTHER_FIELDS: Record<string, string> = {
  agenda: "Tagesordnung", statusLog: "Statusverlauf", statusChangedAt: "Status seit",
  // the records only files and loads write: municipalities, fields of action, languages …
  name: "Name", title: "Titel", kind: "Art", description: "Beschreibung", code: "Code",
  ags: "Amtlicher Gemeindeschlüssel", population: "Einwohner:innen", populationYear: "Einwohnerzahl von",
  migrantPopulation: "mit Einwanderungsgeschichte", role: "Funktion", since: "Seit", until: "Bis",
};

function fieldLabel(label: string, field: string): string {
  if (field === "source") return "Quelle";
  if (label === "Account") return ACCOUNT_FIELDS[field] ?? field;
  const spec = Object.values(KINDS).find((k) => k.typeName === label);
  return fieldName(spec, field) ?? OTHER_FIELDS[field] ?? field;
}

/** A value as the page shows it; the source codes of the dataset spelled out. */
/** Vocabulary values in words ("working_group_meeting" -> "AK-Sitzung"), by kind and field. */
const WORDS: Record<string, (value: string) => string> = {
  "Actor.kind": actorKind,
  "Municipality.kind": municipalityKind,
  "Municipality.population": grouped,
  "Municipality.migrantPopulation": grouped,
  "Actor.founded": date, // a year or a month as stored ("Juni 2017"), a day as a date
  "Offering.cost": (value) => Number.isFinite(Number(value)) ? euro(Number(value)) : value,
  "Offering.kind": offeringKind,
  "Event.kind": eventKind,
  "Event.status": eventStatus,
  "Measure.status": (value) => MEASURE_STATUS[value.toUpperCase()] ?? value,
  "Measure.priority": (value) => MEASURE_PRIORITY[value.toUpperCase()] ?? value,
  "Measure.statusLog": statusLogWords,
  "Event.agenda": agendaWords,
  "Account.role": (value) => ROLE_NAMES[value as Role] ?? value,
};

/** The stored JSON of a list field, or null when it is not one (then the text is shown). */
function parsedList(value: string): Record<string, unknown>[] | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed as Record<string, unknown>[] : null;
  } catch {
    return null;
  }
}

/** A measure's status log as the workbook shows it: "12.03.2026 geplant → 02.04.2026 in Umsetzung". */
function statusLogWords(value: string): string {
  const entries = parsedList(value);
  if (!entries) return value;
  return entries.map((e) => {
    const day = typeof e.date === "string" ? `${e.date.split("-").reverse().join(".")} ` : "";
    const status = String(e.status ?? "");
    return `${day}${MEASURE_STATUS[status.toUpperCase()] ?? status}`;
  }).join(" → ");
}

/** A meeting's agenda as numbered items: "1. Begrüßung; 2. Sprachkurse im Nordkreis". */
function agendaWords(value: string): string {
  const items = parsedList(value);
  return items ? items.map((item, index) => `${index + 1}. ${String(item.title ?? "")}`).join("; ") : value;
}

/** A count as the pages write it: 180.679 (a year such as 2023 stays as it is). */
function grouped(value: string): string {
  return Number.isInteger(Number(value)) ? num(Number(value)) : value;
}

/** true/false of a switch (an account's "gesperrt") as ja/nein. */
function yesNo(text: string): string {
  return text === "true" ? "ja" : text === "false" ? "nein" : text;
}

/** A whole value that is a date or a moment ("2026-12-31", "2026-12-31T09:30:00+01:00"). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** Names of referenced records by kind and id ("municipality:gifhorn" -> "Stadt Gifhorn"). */
type Names = Map<string, string>;

const isReference = (f: FieldSpec) => f.control === "ref" || f.control === "refs";

/** Every kind a form field refers to: the lists of ``recordNames.graphql`` (checked by
 * ``tests/web/test_documents.py``). */
const NAMED_KINDS = [...new Set(Object.values(KINDS).flatMap((k) => k.fields.filter(isReference).map((f) => f.ref ?? "")))];

/** The kind a field of a record refers to ("Actor", "locatedIn" -> "municipality"), if any. */
function referenceOf(label: string, field: string): string | undefined {
  if (label === "Account" && field === "actorIds") return "actor";
  const spec = Object.values(KINDS).find((k) => k.typeName === label)?.fields.find((f) => f.name === field);
  return spec && isReference(spec) ? spec.ref : undefined;
}

/** The ids in a reference field's stored value: one id or a list of them. */
function idsOf(value: string | null): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return (Array.isArray(parsed) ? parsed : [parsed]).filter((v): v is string => typeof v === "string");
  } catch {
    return [];
  }
}

/**
 * The names of every record the changes refer to by id, in one request. Without an answer
 * the history still shows, with the ids.
 */
async function recordNames(changes: Change[]): Promise<Names> {
  const wanted = new Map(NAMED_KINDS.map((kind) => [kind, new Set<string>()]));
  for (const entry of changes.flatMap((change) => change.entries)) {
    for (const f of entry.fields) {
      const ids = wanted.get(referenceOf(entry.label, f.field) ?? "");
      for (const id of [...idsOf(f.old), ...idsOf(f.new)]) ids?.add(id);
    }
  }
  const names: Names = new Map();
  if (![...wanted.values()].some((ids) => ids.size)) return names;
  try {
    const variables = Object.fromEntries([...wanted].map(([kind, ids]) => [kind, [...ids]]));
    const answer = await request<Record<string, { edges: { node: { id: string; name: string } }[] }>>(
      namesDocument, variables, { operationName: "RecordNames", retry: false });
    for (const [kind, list] of Object.entries(answer)) for (const { node } of list.edges) names.set(`${kind}:${node.id}`, node.name);
  } catch {
    // the ids are shown instead
  }
  return names;
}

function fieldValue(label: string, field: string, value: string | null, names: Names): string {
  const reference = referenceOf(label, field);
  const ids = reference ? idsOf(value) : [];
  if (ids.length) return ids.map((id) => names.get(`${reference}:${id}`) ?? id).join(", ");
  const text = shown(value);
  if (text === "(leer)") return text;
  if (field === "source") return sourceLabel(text);
  const words = WORDS[`${label}.${field}`];
  if (words) return words(text);
  return ISO_DATE.test(text) ? date(text) : yesNo(text);
}

/** An old value struck through; "(leer)" is no value and stays as it is. */
function struck(text: string): HTMLElement | string {
  return text === "(leer)" ? text : h("del", {}, text);
}

function entryView(entry: Entry, names: Names): HTMLElement {
  const [kind, route] = LABELS[entry.label] ?? [entry.label, null];
  const name = entry.recordName || entry.recordId;
  const title = route && entry.op !== "deleted" ? h("a", { href: href(route, entry.recordId) }, name) : h("span", {}, name);
  return h("div", { class: "change-entry" },
    h("p", {}, `${kind} `, title, ` ${OPS[entry.op] ?? entry.op}`),
    entry.fields.length ? h("table", { class: "change-fields" },
      h("caption", { class: "visually-hidden" }, `Geänderte Felder von ${name}`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Feld"), h("th", { scope: "col" }, "vorher"), h("th", { scope: "col" }, "nachher"))),
      h("tbody", {}, ...entry.fields.map((f) => h("tr", {},
        h("th", { scope: "row" }, fieldLabel(entry.label, f.field)),
        h("td", { class: "old" }, struck(fieldValue(entry.label, f.field, f.old, names))),
        h("td", { class: "new" }, fieldValue(entry.label, f.field, f.new, names)))))) : "");
}

/** Who made a change: the API names people to signed-in callers only. */
function authorOf(change: Change): string {
  return change.author ?? (currentAccount() ? "unbekannt" : "Person nur für Angemeldete sichtbar");
}

function changeView(change: Change, names: Names, headingLevel: "h2" | "h3", onReverted: (message: string) => void, focus: string | null = null): HTMLElement {
  // on a record's page: only its own entry (a load names hundreds of other records); the
  // API sends at most the first 100 entries of a change, entryCount says how many there are
  const own = focus ? change.entries.filter((e) => e.recordId === focus) : [];
  const entries = own.length ? own : change.entries;
  const others = change.entryCount - entries.length;
  // the summary counts a change of several records; for one, its entry says it in German
  const summary = change.summary && !own.length && change.entryCount > 1 ? change.summary : "";
  const result = h("p", { class: "revert-result", role: "alert" });
  let revert: HTMLElement | string = "";
  const accountChange = change.entries.some((e) => e.label === "Account"); // changed again in „Konten“, not reverted
  if (REVERT && atLeast("admin") && !change.revertedBy && change.action !== "revert" && !accountChange) {
    const button = h("button", { type: "button", "aria-label": `Änderung vom ${date(change.at)} von ${authorOf(change)} rückgängig machen` }, "Rückgängig machen");
    button.addEventListener("click", () => void (async () => {
      button.setAttribute("disabled", "");
      try {
        await mutate(REVERT, "RevertChange", { id: change.id });
        onReverted("Rückgängig gemacht; die Rücknahme steht als neue Änderung oben in der Liste.");
      } catch (error) {
        button.removeAttribute("disabled");
        result.textContent = `Nicht rückgängig gemacht: ${error instanceof ApiError || error instanceof Error ? error.message : String(error)}`;
      }
    })());
    revert = button;
  }
  return h("li", { class: "change", "data-change": change.id },
    h(headingLevel, {}, `${date(change.at)} · ${authorOf(change)} · ${ACTIONS[change.action] ?? change.action}`),
    summary ? h("p", { class: "summary" }, summary) : "",
    change.revertOf ? h("p", { class: "note" }, "Nimmt eine frühere Änderung zurück.") : "",
    change.revertedBy ? h("p", { class: "note" }, "Diese Änderung wurde rückgängig gemacht.") : "",
    ...entries.slice(0, SHOWN_ENTRIES).map((entry) => entryView(entry, names)),
    entries.length > SHOWN_ENTRIES ? h("details", {},
      h("summary", {}, others && !own.length
        ? `Die ersten ${entries.length} von ${change.entryCount} Datensätzen dieser Änderung zeigen`
        : `Alle ${entries.length} Datensätze dieser Änderung zeigen`),
      ...entries.slice(SHOWN_ENTRIES).map((entry) => entryView(entry, names))) : "",
    others > 0 ? h("p", { class: "note" }, own.length
      ? `Dieselbe Änderung betraf ${others} weitere${others === 1 ? "n" : ""} Datens${others === 1 ? "atz" : "ätze"} (siehe „Änderungen“).`
      : `Weitere ${others} Datens${others === 1 ? "atz" : "ätze"} dieser Änderung sind hier nicht einzeln aufgeführt.`) : "",
    revert, result);
}

function dayStart(value: string | null): string | null {
  return value ? new Date(`${value}T00:00:00`).toISOString() : null;
}

function dayEnd(value: string | null): string | null {
  return value ? new Date(`${value}T23:59:59.999`).toISOString() : null;
}

export function changesView(root: HTMLElement, route: Route): View {
  const filters = {
    recordId: route.query.get("datensatz") || null,
    author: route.query.get("person") || null,
    since: route.query.get("von") || null,
    until: route.query.get("bis") || null,
  };
  let notice: string | null = null;
  return {
    title: "Änderungen",
    async load() {
      const variables = {
        recordId: filters.recordId, author: filters.author,
        since: dayStart(filters.since), until: dayEnd(filters.until), first: 50,
      };
      // ask first, then redraw: a live refresh must not empty the page while it waits
      const firstPage = await request<ChangesAnswer>(changesDocument, { ...variables, after: null }, { operationName: "Changes" });
      const data = heading(root, "Änderungen",
        "Wer hat wann was geändert: jede Änderung aus dem Cockpit, der Schnittstelle und aus geladenen Dateien, mit dem alten und dem neuen Wert jedes Feldes. Neueste zuerst.");
      if (notice) data.append(h("p", { class: "saved", role: "status" }, notice));
      const record = recordFilter(filters.recordId, firstPage, Object.values(filters).some(Boolean));
      const form = h("form", { class: "filter-row changes-filter", role: "search", "aria-label": "Änderungen filtern" },
        record.element,
        field("ch-author", "Person", "text", filters.author),
        field("ch-since", "Von", "date", filters.since),
        field("ch-until", "Bis", "date", filters.until),
        h("button", { type: "submit" }, "Filtern"),
        h("a", { href: href("aenderungen"), class: "button-link secondary" }, "Alle zeigen"),
        record.hint);
      form.addEventListener("submit", (event) => void (async () => {
        event.preventDefault();
        const query = new URLSearchParams();
        const read = (id: string) => (form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "").trim();
        const recordId = await record.chosen();
        if (recordId === undefined) return; // not one record yet: the field says why
        if (recordId) query.set("datensatz", recordId);
        if (read("ch-author")) query.set("person", read("ch-author"));
        if (read("ch-since")) query.set("von", read("ch-since"));
        if (read("ch-until")) query.set("bis", read("ch-until"));
        location.hash = `${href("aenderungen")}${query.size ? `?${query.toString()}` : ""}`;
      })());
      const list = h("ol", { class: "changes" });
      const status = h("p", { class: "table-status", role: "status" });
      const more = h("button", { type: "button" }, "Weitere laden");
      data.append(form, status, list);
      let after: string | null = null;
      let shownCount = 0;
      const page = async (given?: ChangesAnswer): Promise<void> => {
        const answer = given ?? await request<ChangesAnswer>(changesDocument, { ...variables, after }, { operationName: "Changes" });
        const names = await recordNames(answer.changes.edges.map((edge) => edge.node));
        for (const edge of answer.changes.edges) list.append(changeView(edge.node, names, "h2", (message) => {
          notice = message;
          void this.load();
        }));
        shownCount += answer.changes.edges.length;
        after = answer.changes.pageInfo.endCursor;
        status.textContent = answer.changes.totalCount === 0 ? "Keine Änderungen für diese Auswahl."
          : `${shownCount} von ${answer.changes.totalCount} Änderungen angezeigt.`;
        if (answer.changes.pageInfo.hasNextPage) data.append(more);
        else more.remove();
      };
      more.onclick = () => void page();
      await page(firstPage);
    },
  };
}

interface Hit { nodeId: string; title: string; kindName: string }

/** The search's page size (`search.graphql`): this many hits may mean more. */
const SEARCH_PAGE = 50;

/** Kinds the full-text index does not cover, found by name among the pickers' lists. */
const LISTED: [string, string][] = [["municipality", "Gemeinde"], ["coordinator", "Koordination"]];

/** Records whose name holds the text: the search's hits (names, titles, descriptions of the
 * searchable kinds), and the municipalities and coordinators whose name holds it. */
async function candidates(text: string): Promise<Hit[]> {
  const wanted = folded(text);
  const listed = LISTED.map(([kind, kindName]) => loadOptions(kind).then(
    (found) => found.options.filter((o) => folded(o.name).includes(wanted)).map((o) => ({ nodeId: o.id, title: o.name, kindName })),
    () => [] as Hit[]));
  const search = request<{ search: Hit[] }>(searchDocument, { text }, { operationName: "Search", retry: false })
    .then((r) => r.search, () => [] as Hit[]);
  return (await Promise.all([...listed, search])).flat();
}

/** An id as the data writes them ("awo-gifhorn", "gifhorn"). */
const RECORD_ID = /^[a-z0-9][a-z0-9_.:-]*$/;

/**
 * The record filter: a name, suggested as one types ("Papenteich" -> "Samtgemeinde
 * Papenteich (Gemeinde)", "Flüchtlingshilfe Papenteich (Akteur)"), or an id. `chosen` is
 * the record's id, null for no filter, or undefined when the text names no single record
 * (the hint under the filters then says so, and the field offers the candidates). A name
 * typed in full wins over the records that only contain it.
 */
function recordFilter(recordId: string | null, page: ChangesAnswer, filtered: boolean): { element: HTMLElement; hint: HTMLElement; chosen(): Promise<string | null | undefined> } {
  const known = new Map<string, string>(); // a suggestion as shown -> its record's id
  const entry = page.changes.edges.flatMap((edge) => edge.node.entries).find((e) => e.recordId === recordId);
  let value = recordId ?? "";
  if (recordId && entry?.recordName) {
    value = `${entry.recordName} (${(LABELS[entry.label] ?? [entry.label])[0]})`;
    known.set(value, recordId);
  }
  const input = h("input", { id: "ch-record", type: "text", list: "ch-record-options", autocomplete: "off", value, "aria-describedby": "ch-record-hint" });
  const options = h("datalist", { id: "ch-record-options" });
  const hint = h("p", { id: "ch-record-hint", class: "hint filter-hint", role: "status" });
  const offer = (hits: Hit[]) => {
    for (const hit of hits) known.set(`${hit.title} (${hit.kindName})`, hit.nodeId);
    options.replaceChildren(...hits.map((hit) => h("option", { value: `${hit.title} (${hit.kindName})` })));
  };
  let timer: number | undefined;
  input.addEventListener("input", () => {
    hint.textContent = "";
    hint.classList.remove("warn");
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || known.has(text)) return;
    timer = window.setTimeout(() => void candidates(text).then(offer), 250);
  });
  const refuse = () => {
    hint.classList.add("warn");
    input.focus();
    if (filtered) hint.append(" Die Liste darunter zeigt noch die bisherige Auswahl.");
    return undefined;
  };
  return {
    element: h("div", { class: "filter" }, h("label", { for: "ch-record" }, "Datensatz (Name oder Kennung)"), input, options),
    hint,
    async chosen() {
      const text = input.value.trim();
      if (!text) return null;
      if (known.has(text)) return known.get(text);
      const found = await candidates(text);
      const named = found.filter((hit) => folded(hit.title) === folded(text));
      if (named.length === 1) return named[0].nodeId;
      // an id as typed: with a hyphen or a digit no name looks like it; a single word only
      // when it is a candidate's id or nothing is called so ("papenteich" asks to choose)
      const id = RECORD_ID.test(text) && (/[-\d]/.test(text) || !found.length || found.some((hit) => hit.nodeId === text));
      if (id) return text;
      if (!named.length && found.length === 1) return found[0].nodeId;
      offer(named.length ? named : found);
      if (!found.length) {
        hint.textContent = `Kein Eintrag heißt „${text}“. Bitte einen Namen oder eine Kennung eingeben.`;
        return refuse();
      }
      const count = named.length || found.length;
      hint.textContent = `„${text}“ passt zu ${count >= SEARCH_PAGE ? `${SEARCH_PAGE} oder mehr` : count} Einträgen: bitte einen aus der Vorschlagsliste des Feldes wählen.`;
      return refuse();
    },
  };
}

function field(id: string, text: string, type: string, value: string | null): HTMLElement {
  return h("div", { class: "filter" }, h("label", { for: id }, text), h("input", { id, type, value: value ?? "" }));
}

/** The last changes of one record, for its detail page. */
export async function historySection(recordId: string): Promise<HTMLElement> {
  const section = h("section", { class: "history", "aria-labelledby": "history-title" }, h("h2", { id: "history-title" }, "Änderungsverlauf"));
  try {
    const answer = await request<ChangesAnswer>(changesDocument, { recordId, first: 10 }, { operationName: "Changes", retry: false });
    const changes = answer.changes.edges.map((edge) => edge.node);
    const names = await recordNames(changes);
    if (!changes.length) section.append(h("p", {}, "Seit dem ersten Laden der Daten nicht geändert."));
    else section.append(h("ol", { class: "changes" }, ...changes.map((c) => changeView(c, names, "h3", (message) => {
      section.append(h("p", { class: "saved", role: "status" }, message));
    }, recordId))));
    if (answer.changes.totalCount > changes.length || changes.length) {
      section.append(h("p", {}, h("a", { href: `${href("aenderungen")}?datensatz=${encodeURIComponent(recordId)}` },
        `Alle Änderungen an diesem Eintrag (${answer.changes.totalCount})`)));
    }
  } catch {
    section.append(h("p", { class: "note" }, "Der Änderungsverlauf ist gerade nicht verfügbar."));
  }
  return section;
}
