// Lücken und Vorschläge: every analysis of the gap report with its German reason per row,
// sortable and filterable, and how many rows exist beyond the loaded page. Prints cleanly.

import { request } from "../api";
import { date, h, num, percent } from "../dom";
import gapsDocument from "../graphql/gaps.graphql?raw";
import { actorKind, label, workingGroupPhrase } from "../labels";
import { href } from "../router";
import { type Column, dataTable } from "../table";
import type { ViewFactory } from "../view";
import { heading, illustrativeNote } from "./common";
import { actionsCell, gapStateName, type GapRow, newMeasureHref, stateCell } from "../measures/gapState";
import { atLeast } from "../session";

type Row = Record<string, unknown>;
type Gaps = Record<string, any>;

const STEP = 25;
const MAX_TOP = 500;
/** a download asks for the whole list (the API's longest ranking) */
const EXPORT_TOP = 5000;

interface Analysis {
  key: string;            // variable prefix: coverageTop, ...
  title: string;
  tables: (gaps: Gaps) => { caption: string; rows: Row[]; total: number; columns: Column<Row>[]; gap?: GapSpec }[];
}

/** A table of gap rows: what a row is about in words, and what a new measure takes from it. */
interface GapSpec {
  what: (row: Row) => string;
  prefill?: (row: Row) => Omit<Parameters<typeof newMeasureHref>[0], "key">;
}
const s = (row: Row, field: string): string => String(row[field] ?? "");
const GAP = {
  coverage: { what: (r: Row) => `${s(r, "topicName")} in ${s(r, "municipalityName")}${r.targetGroupName ? ` für ${s(r, "targetGroupName")}` : ""}`,
    prefill: (r: Row) => ({ title: `${s(r, "topicName")} in ${s(r, "municipalityName")}${r.targetGroupName ? ` für ${s(r, "targetGroupName")}` : ""}`,
      topic: s(r, "topicId"), targetGroup: (r.targetGroupId as string | null) ?? null, municipality: s(r, "municipalityId") }) },
  languages: { what: (r: Row) => `${s(r, "languageName")} in ${s(r, "municipalityName")}`,
    prefill: (r: Row) => ({ title: `Angebot auf ${s(r, "languageName")} in ${s(r, "municipalityName")}`, municipality: s(r, "municipalityId") }) },
  actor: { what: (r: Row) => s(r, "name"), prefill: (r: Row) => ({ title: `${s(r, "name")} ins Netzwerk einbinden` }) },
  pair: { what: (r: Row) => `${s(r, "actorAName")} und ${s(r, "actorBName")}`,
    prefill: (r: Row) => ({ title: `${s(r, "actorAName")} und ${s(r, "actorBName")} miteinander bekannt machen` }) },
  topicWithoutGroup: { what: (r: Row) => s(r, "topicName"),
    prefill: (r: Row) => ({ title: `Arbeitskreis für ${s(r, "topicName")}`, topic: s(r, "topicId") }) },
  missingMember: { what: (r: Row) => `${s(r, "actorName")} im ${workingGroupPhrase(s(r, "workingGroupName"))}`,
    prefill: (r: Row) => ({ title: `${s(r, "actorName")} für den ${workingGroupPhrase(s(r, "workingGroupName"))} gewinnen` }) },
  unrepresented: { what: (r: Row) => s(r, "municipalityName"),
    prefill: (r: Row) => ({ title: `${s(r, "municipalityName")} in einem Arbeitskreis vertreten`, municipality: s(r, "municipalityId") }) },
  uncoordinated: { what: (r: Row) => s(r, "name"), prefill: (r: Row) => ({ title: `Koordination für ${s(r, "name")}` }) },
} satisfies Record<string, GapSpec>;

const text = (field: string) => (row: Row) => String(row[field] ?? "");
// A figure the API does not know (null, e.g. the need of a municipality without population
// figures) is "unbekannt" on screen and an empty cell in a download, never 0: a sum in Excel
// must not count it.
const number = (field: string, digits = 0): Column<Row> => ({
  label: "",
  value: (row) => (row[field] == null ? null : Number(row[field])),
  cell: (row) => (row[field] == null ? "unbekannt" : num(Number(row[field]), digits)),
  numeric: true,
});
const col = (label: string, column: Column<Row>): Column<Row> => ({ ...column, label });
const actorLink = (idField: string, nameField: string, label: string): Column<Row> => ({
  label, value: text(nameField), cell: (row) => h("a", { href: href("akteur", String(row[idField])) }, String(row[nameField])),
});
const reason: Column<Row> = { label: "Begründung", value: text("reason") };

const ANALYSES: Analysis[] = [
  {
    key: "coverage", title: "Versorgungslücken",
    tables: (g) => [{ caption: "Gemeinde und Handlungsfeld ohne Angebot", rows: g.coverage.gaps, total: g.coverage.gapCount, gap: GAP.coverage, columns: [
      { label: "Gemeinde", value: text("municipalityName"), cell: (r) => h("a", { href: href("gemeinde", String(r.municipalityId)) }, String(r.municipalityName)) },
      { label: "Handlungsfeld", value: text("topicName") },
      col("Bedarf", number("need")), reason] }],
  },
  {
    key: "languages", title: "Sprachlücken",
    tables: (g) => [{ caption: "Sprache und Gemeinde ohne Angebot", rows: g.languages.gaps, total: g.languages.gapCount, gap: GAP.languages, columns: [
      { label: "Gemeinde", value: text("municipalityName") }, { label: "Sprache", value: text("languageName") },
      col("Nicht erreicht", number("residentsNotReached")), reason] }],
  },
  {
    key: "peripheral", title: "Akteure am Rand",
    tables: (g) => [{ caption: "Akteure ohne oder mit nur einer Verbindung", rows: g.peripheralActors.actors, total: g.peripheralActors.peripheralCount, gap: GAP.actor, columns: [
      actorLink("actorId", "name", "Akteur"), { label: "Art", value: (r) => actorKind(String(r.kind ?? "")) },
      col("Verbindungen", number("ties")), col("Arbeitskreise", number("workingGroups")),
      { label: "Begründung", value: (r) => (r.reasons as string[]).join("; ") }] }],
  },
  {
    key: "brokers", title: "Vermittler",
    tables: (g) => [{ caption: "Akteure mit der größten Vermittlerrolle", rows: g.brokers.brokers, total: g.brokers.connectedActors, columns: [
      actorLink("actorId", "name", "Akteur"), { label: "Vermittlerrolle", value: (r) => Number(r.betweenness ?? 0), cell: (r) => percent(Number(r.betweenness ?? 0)), numeric: true, type: "percent" }, col("Verbindungen", number("ties")), reason] }],
  },
  {
    key: "fragility", title: "Schlüsselakteure und Brücken",
    tables: (g) => [
      { caption: "Schlüsselakteure", rows: g.fragility.articulationPoints, total: g.fragility.articulationPointCount, gap: GAP.actor, columns: [
        actorLink("actorId", "name", "Akteur"), col("Abgeschnitten", number("cutOff")), reason] },
      { caption: "Brücken", rows: g.fragility.bridges, total: g.fragility.bridgeCount, gap: GAP.pair, columns: [
        actorLink("actorAId", "actorAName", "Akteur A"), actorLink("actorBId", "actorBName", "Akteur B"),
        col("Abgeschnitten", number("cutOff")), reason] },
    ],
  },
  {
    key: "communities", title: "Gemeinschaften",
    tables: (g) => [{ caption: "Gemeinschaften", rows: g.communities.communities, total: g.communities.communityCount, columns: [
      col("Nr.", number("index")), col("Akteure", number("size")),
      { label: "Wichtigste Akteure", value: (r) => (r.leadingActors as string[]).join(", ") },
      { label: "Anteil Verbindungen nach außen", value: (r) => Number(r.externalShare), cell: (r) => `${num(Number(r.externalShare) * 100)} %`, numeric: true, type: "percent" },
      reason] }],
  },
  {
    key: "introductions", title: "Vorgeschlagene Kontakte",
    tables: (g) => [{ caption: "Wen man miteinander bekannt machen sollte", rows: g.introductions.suggestions, total: g.introductions.candidates, gap: GAP.pair, columns: [
      actorLink("actorAId", "actorAName", "Akteur A"), actorLink("actorBId", "actorBName", "Akteur B"),
      col("Passung", number("score", 2)), reason] }],
  },
  {
    key: "workingGroups", title: "Arbeitskreise",
    tables: (g) => [
      { caption: "Handlungsfelder ohne Arbeitskreis", rows: g.workingGroups.topicsWithoutGroup, total: g.workingGroups.topicsWithoutGroup.length, gap: GAP.topicWithoutGroup, columns: [
        { label: "Handlungsfeld", value: text("topicName") }, col("Angebote", number("offerings")), col("Akteure", number("actors")), reason] },
      { caption: "Fehlende Mitglieder", rows: g.workingGroups.missingMembers, total: g.workingGroups.missingMemberCount, gap: GAP.missingMember, columns: [
        { label: "Arbeitskreis", value: text("workingGroupName"), cell: (r) => h("a", { href: href("arbeitskreis", String(r.workingGroupId)) }, String(r.workingGroupName)) },
        actorLink("actorId", "actorName", "Akteur"), col("Angebote zum Thema", number("offeringsOnTopics")), reason] },
      { caption: "Gemeinden ohne Mitglied", rows: g.workingGroups.unrepresentedMunicipalities, total: g.workingGroups.unrepresentedCount, gap: GAP.unrepresented, columns: [
        { label: "Gemeinde", value: text("municipalityName") }, col("Akteure", number("actors")), col("Bedarf", number("need")), reason] },
    ],
  },
  {
    key: "coordination", title: "Koordination",
    tables: (g) => [
      { caption: "Ohne Koordination", rows: g.coordination.uncoordinated,
        total: g.coordination.uncoordinatedOfferings + g.coordination.uncoordinatedWorkingGroups + g.coordination.uncoordinatedTopics,
        gap: GAP.uncoordinated, columns: [{ label: "Art", value: (r) => label(String(r.label ?? "")) }, { label: "Name", value: text("name") }, reason] },
      { caption: "Verantwortung je Koordination", rows: g.coordination.load, total: g.coordination.load.length, columns: [
        { label: "Name", value: text("name"), cell: (r) => h("a", { href: href("koordination", String(r.coordinatorId)) }, String(r.name)) },
        { label: "Rolle", value: text("role") }, col("Zuständigkeiten", number("total"))] },
    ],
  },
];

export const gapsView: ViewFactory = (root) => {
  const data = heading(root, "Lücken und Vorschläge",
    "Wo dem Netzwerk Verbindungen oder Angebote fehlen, und was helfen könnte. Jede Zeile sagt in Worten, warum sie hier steht.");
  const tops: Record<string, number> = Object.fromEntries(ANALYSES.map((a) => [a.key, STEP]));
  const options = { openOnly: false };
  return {
    title: "Lücken und Vorschläge",
    async load() {
      const variables = { ...Object.fromEntries(ANALYSES.map((a) => [`${a.key}Top`, tops[a.key]])), openOnly: options.openOnly };
      const result = await request<{ dataStatus: { lastUpdated: string | null; illustrative: boolean }; gaps: Gaps }>(gapsDocument, variables);
      const focusedId = document.activeElement?.id;
      data.replaceChildren(
        h("div", { class: "print-actions no-print" },
          h("button", { type: "button", onclick: () => window.print() }, "Drucken")),
        h("p", { class: "report-date" },
          `Datenstand: ${date(result.dataStatus.lastUpdated)} · Bericht erstellt: ${date(new Date().toISOString())} · Änderungsstand ${result.gaps.revision}`),
        result.dataStatus.illustrative ? illustrativeNote() : "",
        openOnlyFilter(options, () => void this.load()),
        h("nav", { "aria-label": "Analysen", class: "toc no-print" }, h("ul", {}, ...ANALYSES.map((analysis) =>
          h("li", {}, h("a", { href: `#/luecken`, "data-target": `analyse-${analysis.key}`, onclick: (event: Event) => {
            event.preventDefault();
            document.getElementById(`analyse-${analysis.key}`)?.scrollIntoView();
          } }, analysis.title))))),
        ...ANALYSES.map((analysis) => section(analysis, result.gaps, tops, options.openOnly, () => void this.load())));
      if (focusedId) document.getElementById(focusedId)?.focus();
    },
  };
};

/** "nur offene": only the gaps without a measure and not left open on purpose. */
function openOnlyFilter(options: { openOnly: boolean }, reload: () => void): HTMLElement {
  const box = h("input", { id: "nur-offene", type: "checkbox", checked: options.openOnly, "aria-describedby": "nur-offene-hinweis" });
  box.addEventListener("change", () => {
    options.openOnly = box.checked;
    reload();
  });
  return h("div", { class: "gap-filter no-print" },
    h("div", { class: "check" }, box, h("label", { for: "nur-offene" }, "nur offene")),
    h("p", { id: "nur-offene-hinweis", class: "hint" }, options.openOnly
      ? "Gezeigt werden nur offene Lücken: ohne Maßnahme und nicht bewusst offen gelassen."
      : "Gezeigt werden alle Lücken mit ihrem Stand (offen, Maßnahme geplant, in Umsetzung, bewusst offen)."));
}

/** The state column and, for editors, the actions column of a table of gap rows. */
function gapColumns(spec: GapSpec, reload: () => void): Column<Row>[] {
  const columns: Column<Row>[] = [{
    label: "Stand",
    value: (r) => [gapStateName(String(r.state ?? "")), ...((r as GapRow).measures ?? []).map((m) => m.title), (r as GapRow).decision?.reason ?? ""]
      .filter((part) => part !== "").join("; "),
    cell: (r) => stateCell(r as GapRow),
  }];
  if (atLeast("editor")) {
    columns.push({
      label: "Aktion",
      value: () => null,
      noExport: true,
      cell: (r) => actionsCell(r as GapRow, spec.what(r), spec.prefill ? { key: String(r.key), ...spec.prefill(r) } : null, reload),
    });
  }
  return columns;
}

function section(analysis: Analysis, gaps: Gaps, tops: Record<string, number>, openOnly: boolean, reload: () => void): HTMLElement {
  const tables = analysis.tables(gaps).map((table) => {
    if (!table.gap) return table;
    // the totals count every row; filtered to the open ones, a short list is the whole list
    const total = openOnly && table.rows.length < tops[analysis.key] ? table.rows.length : table.total;
    return { ...table, total, columns: [...table.columns, ...gapColumns(table.gap, reload)] };
  });
  const more = tables.some((table) => table.total > table.rows.length) && tops[analysis.key] < MAX_TOP;
  const result = gaps[analysis.key === "peripheral" ? "peripheralActors" : analysis.key] as Row;
  // the API's plain-language account of the method and the data it rests on
  const explanation = String(result.explanation ?? "");
  return h("section", { class: "analysis", id: `analyse-${analysis.key}`, "aria-labelledby": `titel-${analysis.key}` },
    h("h2", { id: `titel-${analysis.key}` }, analysis.title),
    h("p", { class: "explanation" }, explanation),
    result.needIllustrative ? h("p", { class: "note illustrative" }, h("strong", {}, "Beispieldaten: "),
      "Der Bedarf in dieser Tabelle beruht auf erfundenen Einwohnerzahlen (Beispieldaten).") : "",
    ...tables.map((table, index) => dataTable({
      exportRows: async () => {
        // the whole list, not the loaded page: this analysis at its longest, the others at one row
        const variables = { ...Object.fromEntries(ANALYSES.map((a) => [`${a.key}Top`, a.key === analysis.key ? EXPORT_TOP : 1])), openOnly };
        const whole = analysis.tables((await request<{ gaps: Gaps }>(gapsDocument, variables)).gaps)[index];
        const notes = [
          whole.total > whole.rows.length
            ? `Auszug: die ersten ${num(whole.rows.length)} von ${num(whole.total)} Einträgen (mehr gibt die Schnittstelle auf einmal nicht aus).` : "",
          result.needIllustrative ? "Der Bedarf beruht auf erfundenen Einwohnerzahlen (Beispieldaten)." : "",
        ].filter(Boolean);
        return { rows: whole.rows, note: notes.join(" ") || undefined };
      },
      idPrefix: `${analysis.key}-${index}`,
      caption: table.caption,
      rows: table.rows,
      total: table.total,
      columns: table.columns,
      summary: table.total > table.rows.length
        ? `${num(table.rows.length)} von ${num(table.total)} geladen, ${num(table.total - table.rows.length)} weitere`
        : `alle ${num(table.total)} geladen`,
    })),
    more ? h("button", { type: "button", class: "more no-print", id: `mehr-${analysis.key}`, onclick: () => {
      tops[analysis.key] = Math.min(MAX_TOP, tops[analysis.key] + STEP * 4);
      reload();
    } }, `Mehr anzeigen: ${analysis.title}`) : "");
}
