// Lücken und Vorschläge: every analysis of the gap report with its German reason per row,
// sortable and filterable, and how many rows exist beyond the loaded page. Prints cleanly.

import { request } from "../api";
import { date, h, num } from "../dom";
import gapsDocument from "../graphql/gaps.graphql?raw";
import { actorKind, label } from "../labels";
import { href } from "../router";
import { type Column, dataTable } from "../table";
import type { ViewFactory } from "../view";
import { heading, illustrativeNote } from "./common";

type Row = Record<string, unknown>;
type Gaps = Record<string, any>;

const STEP = 25;
const MAX_TOP = 500;
/** a download asks for the whole list (the API's longest ranking) */
const EXPORT_TOP = 5000;

interface Analysis {
  key: string;            // variable prefix: coverageTop, ...
  title: string;
  tables: (gaps: Gaps) => { caption: string; rows: Row[]; total: number; columns: Column<Row>[] }[];
}

const text = (field: string) => (row: Row) => String(row[field] ?? "");
const number = (field: string, digits = 0): Column<Row> => ({
  label: "", value: (row) => Number(row[field] ?? 0), cell: (row) => num(Number(row[field] ?? 0), digits), numeric: true,
});
const col = (label: string, column: Column<Row>): Column<Row> => ({ ...column, label });
const actorLink = (idField: string, nameField: string, label: string): Column<Row> => ({
  label, value: text(nameField), cell: (row) => h("a", { href: href("akteur", String(row[idField])) }, String(row[nameField])),
});
const reason: Column<Row> = { label: "Begründung", value: text("reason") };

const ANALYSES: Analysis[] = [
  {
    key: "coverage", title: "Versorgungslücken",
    tables: (g) => [{ caption: "Gemeinde und Handlungsfeld ohne Angebot", rows: g.coverage.gaps, total: g.coverage.gapCount, columns: [
      { label: "Gemeinde", value: text("municipalityName"), cell: (r) => h("a", { href: href("gemeinde", String(r.municipalityId)) }, String(r.municipalityName)) },
      { label: "Handlungsfeld", value: text("topicName") },
      col("Bedarf", number("need")), reason] }],
  },
  {
    key: "languages", title: "Sprachlücken",
    tables: (g) => [{ caption: "Sprache und Gemeinde ohne Angebot", rows: g.languages.gaps, total: g.languages.gapCount, columns: [
      { label: "Gemeinde", value: text("municipalityName") }, { label: "Sprache", value: text("languageName") },
      col("Nicht erreicht", number("residentsNotReached")), reason] }],
  },
  {
    key: "peripheral", title: "Akteure am Rand",
    tables: (g) => [{ caption: "Akteure ohne oder mit nur einer Verbindung", rows: g.peripheralActors.actors, total: g.peripheralActors.peripheralCount, columns: [
      actorLink("actorId", "name", "Akteur"), { label: "Art", value: (r) => actorKind(String(r.kind ?? "")) },
      col("Verbindungen", number("ties")), col("Arbeitskreise", number("workingGroups")),
      { label: "Begründung", value: (r) => (r.reasons as string[]).join("; ") }] }],
  },
  {
    key: "brokers", title: "Vermittler",
    tables: (g) => [{ caption: "Akteure mit der größten Vermittlerrolle", rows: g.brokers.brokers, total: g.brokers.connectedActors, columns: [
      actorLink("actorId", "name", "Akteur"), { label: "Vermittlerrolle", value: (r) => Number(r.betweenness ?? 0), cell: (r) => `${num(Number(r.betweenness ?? 0) * 100, 1)} %`, numeric: true, type: "percent" }, col("Verbindungen", number("ties")), reason] }],
  },
  {
    key: "fragility", title: "Schlüsselakteure und Brücken",
    tables: (g) => [
      { caption: "Schlüsselakteure", rows: g.fragility.articulationPoints, total: g.fragility.articulationPointCount, columns: [
        actorLink("actorId", "name", "Akteur"), col("Abgeschnitten", number("cutOff")), reason] },
      { caption: "Brücken", rows: g.fragility.bridges, total: g.fragility.bridgeCount, columns: [
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
    tables: (g) => [{ caption: "Wen man miteinander bekannt machen sollte", rows: g.introductions.suggestions, total: g.introductions.candidates, columns: [
      actorLink("actorAId", "actorAName", "Akteur A"), actorLink("actorBId", "actorBName", "Akteur B"),
      col("Passung", number("score", 2)), reason] }],
  },
  {
    key: "workingGroups", title: "Arbeitskreise",
    tables: (g) => [
      { caption: "Handlungsfelder ohne Arbeitskreis", rows: g.workingGroups.topicsWithoutGroup, total: g.workingGroups.topicsWithoutGroup.length, columns: [
        { label: "Handlungsfeld", value: text("topicName") }, col("Angebote", number("offerings")), col("Akteure", number("actors")), reason] },
      { caption: "Fehlende Mitglieder", rows: g.workingGroups.missingMembers, total: g.workingGroups.missingMemberCount, columns: [
        { label: "Arbeitskreis", value: text("workingGroupName"), cell: (r) => h("a", { href: href("arbeitskreis", String(r.workingGroupId)) }, String(r.workingGroupName)) },
        actorLink("actorId", "actorName", "Akteur"), col("Angebote zum Thema", number("offeringsOnTopics")), reason] },
      { caption: "Gemeinden ohne Mitglied", rows: g.workingGroups.unrepresentedMunicipalities, total: g.workingGroups.unrepresentedCount, columns: [
        { label: "Gemeinde", value: text("municipalityName") }, col("Akteure", number("actors")), col("Bedarf", number("need")), reason] },
    ],
  },
  {
    key: "coordination", title: "Koordination",
    tables: (g) => [
      { caption: "Ohne Koordination", rows: g.coordination.uncoordinated,
        total: g.coordination.uncoordinatedOfferings + g.coordination.uncoordinatedWorkingGroups + g.coordination.uncoordinatedTopics,
        columns: [{ label: "Art", value: (r) => label(String(r.label ?? "")) }, { label: "Name", value: text("name") }, reason] },
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
  return {
    title: "Lücken und Vorschläge",
    async load() {
      const variables = Object.fromEntries(ANALYSES.map((a) => [`${a.key}Top`, tops[a.key]]));
      const result = await request<{ dataStatus: { lastUpdated: string | null; illustrative: boolean }; gaps: Gaps }>(gapsDocument, variables);
      const focusedId = document.activeElement?.id;
      data.replaceChildren(
        h("div", { class: "print-actions no-print" },
          h("button", { type: "button", onclick: () => window.print() }, "Drucken")),
        h("p", { class: "report-date" },
          `Datenstand: ${date(result.dataStatus.lastUpdated)} · Bericht erstellt: ${date(new Date().toISOString())} · Änderungsstand ${result.gaps.revision}`),
        result.dataStatus.illustrative ? illustrativeNote() : "",
        h("nav", { "aria-label": "Analysen", class: "toc no-print" }, h("ul", {}, ...ANALYSES.map((analysis) =>
          h("li", {}, h("a", { href: `#/luecken`, "data-target": `analyse-${analysis.key}`, onclick: (event: Event) => {
            event.preventDefault();
            document.getElementById(`analyse-${analysis.key}`)?.scrollIntoView();
          } }, analysis.title))))),
        ...ANALYSES.map((analysis) => section(analysis, result.gaps, tops, () => void this.load())));
      if (focusedId) document.getElementById(focusedId)?.focus();
    },
  };
};

function section(analysis: Analysis, gaps: Gaps, tops: Record<string, number>, reload: () => void): HTMLElement {
  const tables = analysis.tables(gaps);
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
        const variables = Object.fromEntries(ANALYSES.map((a) => [`${a.key}Top`, a.key === analysis.key ? EXPORT_TOP : 1]));
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
