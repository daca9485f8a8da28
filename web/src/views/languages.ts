// Sprachen: residents whose language no offering in their municipality speaks, ranked,
// as a bar chart per municipality (with the table as its text alternative) and per gap.

import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { request } from "../api";
import { h, num } from "../dom";
import languagesDocument from "../graphql/languages.graphql?raw";
import { href } from "../router";
import { dataTable } from "../table";
import type { ViewFactory } from "../view";
import { heading, illustrativeNote } from "./common";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface LanguageGap {
  municipalityId: string; municipalityName: string; languageId: string; languageName: string;
  residentsNotReached: number; countries: string[]; reason: string;
}
interface LanguagesData {
  gaps: { languages: {
    explanation: string; needIllustrative: boolean;
    municipalities: number; gapCount: number; residentsNotReached: number;
    residentsWithoutLanguageData: number; gaps: LanguageGap[];
  } };
}

export const languagesView: ViewFactory = (root) => {
  const data = heading(root, "Sprachen",
    "Welche Sprachen die Menschen in einer Gemeinde sprechen (geschätzt aus ihren Herkunftsländern) und in welchen es dort kein Angebot gibt. " +
    "Am wichtigsten sind die Lücken, die die meisten Menschen betreffen.");
  let chart: Chart | null = null;
  return {
    title: "Sprachen",
    dispose() { chart?.destroy(); },
    async load() {
      const { languages } = (await request<LanguagesData>(languagesDocument)).gaps;
      const perPlace = new Map<string, { id: string; name: string; residents: number; languages: number }>();
      for (const gap of languages.gaps) {
        const entry = perPlace.get(gap.municipalityId) ??
          { id: gap.municipalityId, name: gap.municipalityName, residents: 0, languages: 0 };
        entry.residents += gap.residentsNotReached;
        entry.languages += 1;
        perPlace.set(gap.municipalityId, entry);
      }
      const places = [...perPlace.values()].sort((a, b) => b.residents - a.residents);
      const canvas = h("canvas", {
        role: "img", id: "languages-chart",
        "aria-label": "Balkendiagramm: nicht erreichte Einwohner:innen je Gemeinde. " +
          places.slice(0, 10).map((p) => `${p.name} ${num(p.residents)}`).join(", ") +
          ". Alle Werte stehen in der Tabelle darunter.",
      }, "Die Werte stehen in der Tabelle „Nicht erreicht je Gemeinde“.");
      chart?.destroy();
      data.replaceChildren(
        h("p", { class: "explanation" }, languages.explanation),
        languages.needIllustrative ? illustrativeNote() : "",
        h("p", { class: "lead-figure" },
          h("strong", {}, num(languages.residentsNotReached)),
          ` Einwohner:innen in ${num(perPlace.size)} Gemeinden finden kein Angebot in ihrer Sprache (${num(languages.gapCount)} Sprachlücken). `,
          languages.residentsWithoutLanguageData
            ? `Für ${num(languages.residentsWithoutLanguageData)} Einwohner:innen ist keine Sprache ihres Herkunftslandes erfasst.` : ""),
        h("figure", { class: "chart" },
          h("div", { class: "chart-box", style: `height:${Math.max(200, Math.min(places.length, 25) * 24 + 40)}px` }, canvas),
          h("figcaption", {}, "Nicht erreichte Einwohner:innen je Gemeinde (die größten 25)")),
        dataTable({
          idPrefix: "languages-places",
          caption: "Nicht erreicht je Gemeinde",
          rows: places,
          columns: [
            { label: "Gemeinde", value: (p) => p.name, cell: (p) => h("a", { href: href("gemeinde", p.id) }, p.name) },
            { label: "Nicht erreicht", value: (p) => p.residents, cell: (p) => num(p.residents), numeric: true },
            { label: "Sprachen ohne Angebot", value: (p) => p.languages, numeric: true },
          ],
        }),
        dataTable({
          idPrefix: "languages-gaps",
          caption: "Sprachlücken, die größten zuerst",
          rows: languages.gaps,
          pageSize: 50,
          total: languages.gapCount,
          // the download holds every gap, not only the 500 on this page
          exportRows: async () => ({
            rows: (await request<LanguagesData>(languagesDocument, { top: 5000 })).gaps.languages.gaps,
            note: languages.needIllustrative ? "Die Einwohnerzahlen nach Herkunft sind Beispieldaten (erfunden)." : undefined,
          }),
          summary: `${num(languages.gaps.length)} von ${num(languages.gapCount)} Lücken geladen`,
          columns: [
            { label: "Gemeinde", value: (g) => g.municipalityName },
            { label: "Sprache", value: (g) => g.languageName },
            { label: "Nicht erreicht", value: (g) => g.residentsNotReached, cell: (g) => num(g.residentsNotReached), numeric: true },
            { label: "Herkunftsländer", value: (g) => g.countries.join(", ") },
            { label: "Begründung", value: (g) => g.reason },
          ],
        }));
      const top = places.slice(0, 25);
      chart = new Chart(canvas, {
        type: "bar",
        data: {
          labels: top.map((p) => p.name),
          datasets: [{ label: "Nicht erreicht", data: top.map((p) => p.residents), backgroundColor: "#0072B2" }],
        },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { beginAtZero: true, ticks: { color: "#222" } }, y: { ticks: { color: "#222", autoSkip: false } } },
          plugins: { tooltip: { enabled: true } },
        },
      });
    },
  };
};
