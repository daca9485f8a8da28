// Überblick: the key figures, the open gaps by kind, and where the numbers come from.

import { request } from "../api";
import { date, h, num } from "../dom";
import overviewDocument from "../graphql/overview.graphql?raw";
import { sourceLabel } from "../labels";
import { href } from "../router";
import { atLeast, currentAccount } from "../session";
import { scrollBox } from "../table";
import type { ViewFactory } from "../view";
import { conceptDownload } from "./development";
import { heading, illustrativeNote } from "./common";
import { GAP_STATES } from "../measures/gapState";

/** The gap lists as the API names them (gapStates.kind), in German. */
const GAP_KINDS: Record<string, string> = {
  coverage: "Versorgungslücken",
  coverageByTargetGroup: "Versorgungslücken je Zielgruppe",
  languages: "Sprachlücken",
  peripheralActors: "Akteure am Rand",
  keyActors: "Schlüsselakteure",
  bridges: "Brücken",
  introductions: "Vorgeschlagene Kontakte",
  topicsWithoutGroup: "Handlungsfelder ohne Arbeitskreis",
  missingMembers: "Fehlende Mitglieder",
  unrepresentedMunicipalities: "Gemeinden ohne Mitglied",
  uncoordinated: "Ohne Koordination",
};
const STATE_ORDER = ["OPEN", "MEASURE_PLANNED", "IN_PROGRESS", "DELIBERATELY_OPEN"];

/** "107 Versorgungslücken: 12 offen, 30 in Umsetzung, …" as a table, one row per list. */
function gapStatesSection(counts: { kind: string; state: string; count: number }[]): HTMLElement {
  const kinds = [...new Set(counts.map((c) => c.kind))];
  const count = (kind: string, state: string) => counts.find((c) => c.kind === kind && c.state === state)?.count ?? 0;
  return h("section", { "aria-labelledby": "luecken-stand" },
    h("h2", { id: "luecken-stand" }, "Lücken nach Stand"),
    h("p", {}, "Wie weit das Netzwerk mit seinen Lücken ist: offen, mit geplanter Maßnahme, in Umsetzung oder bewusst offen gelassen. ",
      h("a", { href: href("luecken") }, "Zu den Lücken"), " · ", h("a", { href: href("massnahmen") }, "Zu den Maßnahmen")),
    scrollBox("Lücken nach Stand", h("table", { class: "fit", id: "gap-states-table" },
      h("caption", {}, "Lücken je Liste und Stand"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Liste"),
        ...STATE_ORDER.map((state) => h("th", { scope: "col", class: "numeric" }, GAP_STATES[state])),
        h("th", { scope: "col", class: "numeric" }, "zusammen"))),
      h("tbody", {}, ...kinds.map((kind) => h("tr", {},
        h("th", { scope: "row" }, GAP_KINDS[kind] ?? kind),
        ...STATE_ORDER.map((state) => h("td", { class: "numeric" }, num(count(kind, state)))),
        h("td", { class: "numeric" }, num(STATE_ORDER.reduce((sum, state) => sum + count(kind, state), 0)))))))));
}

interface Overview {
  dataStatus: {
    revision: number;
    lastUpdated: string | null;
    illustrative: boolean;
    sources: { source: string; nodes: number; relationships: number; illustrative: boolean }[];
  };
  actors: { totalCount: number };
  offerings: { totalCount: number };
  workingGroups: { totalCount: number };
  staleRecords: { totalCount: number };
  places: { rows: { id: string; name: string }[]; matrix: number[][] };
  gaps: {
    coverage: { cells: number; gapCount: number; needIllustrative: boolean };
    languages: { gapCount: number; residentsNotReached: number; residentsWithoutLanguageData: number; needIllustrative: boolean };
    peripheralActors: { actorCount: number; isolatedCount: number; peripheralCount: number };
    fragility: { articulationPointCount: number; bridgeCount: number };
    communities: { communityCount: number; unlinkedPairs: number };
    introductions: { candidates: number };
    workingGroups: { topicsWithoutGroup: unknown[]; missingMemberCount: number; unrepresentedCount: number };
    coordination: { uncoordinatedOfferings: number; uncoordinatedWorkingGroups: number; uncoordinatedTopics: number };
    gapStates: { kind: string; state: string; count: number }[];
  };
}

function figure(value: string, text: string, hint?: string, target?: string): HTMLElement {
  const body = [h("span", { class: "figure-value" }, value), h("span", { class: "figure-label" }, text)];
  return h("li", { class: "figure" },
    target ? h("a", { href: target }, ...body) : h("div", {}, ...body),
    hint ? h("span", { class: "figure-hint" }, hint) : null);
}

export const overviewView: ViewFactory = (root) => {
  const data = heading(root, "Überblick",
    "Das Netzwerk Integration im Landkreis Gifhorn auf einen Blick: wer mitmacht, was angeboten wird und wo Lücken sind.");
  return {
    title: "Überblick",
    async load() {
      const result = await request<Overview>(overviewDocument);
      const { gaps, dataStatus } = result;
      const covered = result.places.matrix.filter((row) => row.some((count) => count > 0)).length;
      const places = result.places.rows.length;
      const wg = gaps.workingGroups;
      const coordination = gaps.coordination;
      data.replaceChildren(
        dataStatus.illustrative || gaps.coverage.needIllustrative || gaps.languages.needIllustrative
          ? illustrativeNote(dataStatus.lastUpdated) : "",
        h("section", { "aria-labelledby": "kennzahlen" },
          h("h2", { id: "kennzahlen" }, "Kennzahlen"),
          h("ul", { class: "figures" },
            figure(num(result.actors.totalCount), "Akteure", "Organisationen und Initiativen", href("karte")),
            figure(num(result.offerings.totalCount), "Angebote", "Kurse, Beratung, Treffpunkte …", href("versorgung")),
            figure(num(result.workingGroups.totalCount), "Arbeitskreise", "mit Mitgliedern, Themen und Maßnahmen", href("arbeitskreise")),
            figure(`${num(covered)} von ${num(places)}`, "Gemeinden mit Angebot vor Ort",
              "Einheits- und Mitgliedsgemeinden mit mindestens einem dort erfassten Angebot; kreisweite Angebote nicht mitgezählt",
              href("versorgung")),
            figure(num(gaps.languages.residentsNotReached), "Einwohner:innen ohne Angebot in ihrer Sprache",
              "nach Herkunftsland und dort gesprochener Sprache geschätzt", href("sprachen")),
            figure(num(result.staleRecords.totalCount), "Einträge nachzuprüfen",
              "seit mehr als 12 Monaten von niemandem bestätigt („Angaben stimmen noch“)", href("nachpruefen")))),
        h("section", { "aria-labelledby": "offene-luecken" },
          h("h2", { id: "offene-luecken" }, "Offene Lücken nach Art"),
          h("ul", { class: "figures small" },
            figure(num(gaps.coverage.gapCount), "Versorgungslücken",
              `Gemeinde und Handlungsfeld ohne Angebot (von ${num(gaps.coverage.cells)} geprüften Feldern)`, href("luecken")),
            figure(num(gaps.languages.gapCount), "Sprachlücken", "Sprache und Gemeinde ohne passendes Angebot", href("sprachen")),
            figure(num(gaps.peripheralActors.isolatedCount), "Akteure ohne Verbindung",
              `dazu ${num(gaps.peripheralActors.peripheralCount - gaps.peripheralActors.isolatedCount)} mit nur einer Verbindung`, href("luecken")),
            figure(num(gaps.fragility.articulationPointCount), "Schlüsselakteure",
              "ohne sie zerfiele das Netz in Teile", href("karte")),
            figure(num(gaps.fragility.bridgeCount), "Brücken", "einzelne Verbindungen, an denen ein Teil des Netzes hängt", href("karte")),
            figure(num(gaps.introductions.candidates), "mögliche Kontakte",
              "Paare ohne Verbindung mit gemeinsamen Themen oder Orten", href("luecken")),
            figure(num(wg.topicsWithoutGroup.length), "Handlungsfelder ohne Arbeitskreis", undefined, href("luecken")),
            figure(num(wg.unrepresentedCount), "Gemeinden ohne Mitglied in einem Arbeitskreis", undefined, href("luecken")),
            figure(num(coordination.uncoordinatedOfferings + coordination.uncoordinatedWorkingGroups + coordination.uncoordinatedTopics),
              "ohne Koordination",
              `${num(coordination.uncoordinatedOfferings)} Angebote, ${num(coordination.uncoordinatedWorkingGroups)} Arbeitskreise, ${num(coordination.uncoordinatedTopics)} Handlungsfelder`,
              href("luecken")))),
        gapStatesSection(gaps.gapStates),
        h("section", { "aria-labelledby": "entwicklung" },
          h("h2", { id: "entwicklung" }, "Entwicklung"),
          h("p", {}, h("a", { href: href("entwicklung"), class: "button-link secondary" }, "Was hat sich seit … geändert?"),
            " Geschlossene und neue Lücken, angelegte und gelöschte Akteure und Angebote, umgesetzte Maßnahmen zwischen zwei Tagen."),
          conceptDownload(null)),
        h("section", { "aria-labelledby": "datenstand" },
          h("h2", { id: "datenstand" }, "Datenstand und Herkunft"),
          h("p", {}, `Letzte Änderung der Daten: ${date(dataStatus.lastUpdated)} (Änderungsstand ${num(dataStatus.revision)}).`),
          currentAccount() ? h("p", {}, h("a", { href: "/export/landschaft.xlsx", download: "", class: "button-link secondary" },
            "Landschaft als Excel herunterladen"),
          " (eine Arbeitsmappe mit einem Blatt je Art, mit denselben Spalten wie ", h("code", {}, "integration-graph export --format xlsx"),
          "; sie lässt sich bearbeiten und wieder laden)") : "",
          atLeast("member") ? h("p", {}, h("a", { href: href("hochladen"), class: "button-link secondary" }, "Tabelle hochladen"),
            " (eine bearbeitete Arbeitsmappe oder CSV-Datei prüfen und übernehmen)") : "",
          scrollBox("Woher die Zahlen kommen", h("table", { class: "fit", id: "sources-table" },
            h("caption", {}, "Woher die Zahlen kommen: Einträge je Quelle"),
            h("thead", {}, h("tr", {},
              h("th", { scope: "col" }, "Quelle"),
              h("th", { scope: "col", class: "numeric" }, "Einträge"),
              h("th", { scope: "col", class: "numeric" }, "Verbindungen"),
              h("th", { scope: "col" }, "Art"))),
            h("tbody", {}, ...dataStatus.sources.map((source) => h("tr", {},
              h("td", {}, sourceLabel(source.source)),
              h("td", { class: "numeric" }, num(source.nodes)),
              h("td", { class: "numeric" }, num(source.relationships)),
              h("td", {}, source.illustrative ? "Beispieldaten" : "belegt"))))))),
      );
    },
  };
};
