// Versorgung: offerings per municipality x field of action (or target group) as a heat map.
// Rows are the Samtgemeinden and Einheitsgemeinden; a Samtgemeinde opens to its member
// municipalities. A cell opens the list of its offerings. Empty cells say "keine" in words.

import { request } from "../api";
import { h, num, visuallyHidden } from "../dom";
import cellDocument from "../graphql/cellOfferings.graphql?raw";
import coverageDocument from "../graphql/coverage.graphql?raw";
import { offeringKind } from "../labels";
import { href } from "../router";
import type { ViewFactory } from "../view";
import { heading } from "./common";

interface Item { id: string; name: string }
interface Matrix { rows: Item[]; matrix: number[][] }
interface CoverageData {
  upper: Matrix & { columns: Item[]; offeringCount: number };
  members: Matrix;
  municipalities: { edges: { node: { id: string; partOf: { id: string } | null } }[] };
}
interface CellOfferings {
  offerings: { totalCount: number; edges: { node: {
    id: string; title: string; kind: string; providers: Item[]; municipalities: Item[];
  } }[] };
}

type Columns = "TOPIC" | "TARGET_GROUP";
const COLUMN_NAMES: Record<Columns, string> = { TOPIC: "Handlungsfeld", TARGET_GROUP: "Zielgruppe" };

export const coverageView: ViewFactory = (root) => {
  const data = heading(root, "Versorgung",
    "Wie viele Angebote es je Gemeinde und Handlungsfeld (oder Zielgruppe) gibt. Mitgezählt werden Angebote für die Gemeinde selbst, " +
    "für ihre Samtgemeinde und kreisweite Angebote. Leere Felder sind Lücken. Wählen Sie eine Zahl, um die Angebote zu sehen. " +
    "(Coverage: offerings per municipality and field of action.)");
  let columns: Columns = "TOPIC";
  const open = new Set<string>();
  const detail = h("section", { class: "drilldown", "aria-live": "polite", id: "drilldown" });

  async function drill(row: Item, column: Item): Promise<void> {
    const where: Record<string, unknown> = { municipality: { id: row.id } };
    where[columns === "TOPIC" ? "topic" : "targetGroup"] = { eq: column.id };
    detail.replaceChildren(h("p", {}, "Angebote werden geladen …"));
    let result: CellOfferings;
    try {
      result = await request<CellOfferings>(cellDocument, { where });
    } catch (error) {
      detail.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {},
        h("strong", {}, "Die Angebote konnten nicht geladen werden. "),
        error instanceof Error ? error.message : String(error))));
      return;
    }
    const offerings = result.offerings.edges.map((edge) => edge.node);
    const title = h("h2", { id: "drilldown-title", tabindex: "-1" },
      `${row.name} · ${column.name}: ${num(result.offerings.totalCount)} Angebote`);
    detail.replaceChildren(title,
      offerings.length === 0
        ? h("p", {}, "Hier gibt es kein Angebot: eine Versorgungslücke.")
        : h("ul", { class: "offering-list" }, ...offerings.map((offering) => h("li", {},
          h("a", { href: href("angebot", offering.id) }, offering.title),
          ` (${offeringKind(offering.kind)}; `,
          offering.providers.map((p) => p.name).join(", ") || "ohne Anbieter",
          offering.municipalities.length ? `; für ${offering.municipalities.map((m) => m.name).join(", ")}` : "",
          ")"))),
      result.offerings.totalCount > offerings.length
        ? h("p", {}, `Die ersten ${num(offerings.length)} von ${num(result.offerings.totalCount)} Angeboten.`) : "");
    detail.dataset.cell = `${row.id}:${column.id}`;
    title.focus();
  }

  return {
    title: "Versorgung",
    async load() {
      const result = await request<CoverageData>(coverageDocument, { columns });
      const { upper } = result;
      const max = Math.max(1, ...upper.matrix.flat());
      const memberRows = new Map<string, { item: Item; counts: number[] }[]>();
      const parentOf = new Map(result.municipalities.edges.map((edge) => [edge.node.id, edge.node.partOf?.id ?? ""]));
      result.members.rows.forEach((item, index) => {
        const parent = parentOf.get(item.id) ?? "";
        memberRows.set(parent, [...(memberRows.get(parent) ?? []), { item, counts: result.members.matrix[index] }]);
      });

      const cell = (row: Item, column: Item, count: number) => {
        const level = count === 0 ? 0 : Math.min(5, Math.ceil((count / max) * 5));
        return h("td", { class: `heat heat-${level}` },
          h("button", {
            type: "button", class: "cell", "data-key": `${row.id}:${column.id}`,
            "aria-label": `${row.name}, ${column.name}: ${count === 0 ? "keine Angebote (Lücke)" : `${count} Angebote`}`,
            onclick: () => void drill(row, column),
          }, count === 0 ? h("span", { "aria-hidden": "true" }, "0 ✕") : String(count)));
      };
      const body = h("tbody");
      upper.rows.forEach((row, index) => {
        const members = memberRows.get(row.id) ?? [];
        const expanded = open.has(row.id);
        const toggle = members.length
          ? h("button", {
            type: "button", class: "expand", "aria-expanded": String(expanded), "data-key": `expand:${row.id}`,
            "aria-label": `${row.name}: Mitgliedsgemeinden ${expanded ? "zuklappen" : "aufklappen"}`,
            onclick: () => { if (open.has(row.id)) open.delete(row.id); else open.add(row.id); void this.load(); },
          }, expanded ? "▾" : "▸") : null;
        body.append(h("tr", { class: "upper" },
          h("th", { scope: "row" }, toggle, h("a", { href: href("gemeinde", row.id) }, row.name)),
          ...upper.columns.map((column, c) => cell(row, column, upper.matrix[index][c]))));
        if (expanded) {
          for (const member of members) {
            body.append(h("tr", { class: "member" },
              h("th", { scope: "row" }, visuallyHidden(`${row.name}: `), h("a", { href: href("gemeinde", member.item.id) }, member.item.name)),
              ...upper.columns.map((column, c) => cell(member.item, column, member.counts[c]))));
          }
        }
      });
      const zeros = upper.matrix.flat().filter((count) => count === 0).length;
      const switcher = h("div", { class: "control no-print" },
        h("label", { for: "coverage-columns" }, "Spalten"),
        h("select", { id: "coverage-columns", onchange: (event: Event) => {
          columns = (event.target as HTMLSelectElement).value as Columns;
          void this.load();
        } }, ...(Object.keys(COLUMN_NAMES) as Columns[]).map((key) =>
          h("option", { value: key, selected: key === columns }, COLUMN_NAMES[key]))));
      // a redraw (expand, refresh) keeps keyboard focus on the same control
      const focused = document.activeElement?.getAttribute("data-key") ?? document.activeElement?.id;
      data.replaceChildren(
        switcher,
        h("p", {}, `${num(upper.offeringCount)} Angebote gezählt; ${num(zeros)} von ${num(upper.matrix.flat().length)} Feldern sind leer (0 ✕ = kein Angebot).`),
        h("div", { class: "table-scroll" },
          h("table", { class: "heatmap", id: "coverage-table" },
            h("caption", {}, `Angebote je Gemeinde und ${COLUMN_NAMES[columns]}`),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Gemeinde"),
              ...upper.columns.map((column) => h("th", { scope: "col" }, column.name)))),
            body)),
        h("p", { class: "scale" }, "Farbstufen: heller = wenige, dunkler = viele Angebote; ",
          h("span", { class: "heat heat-0 sample" }, "0 ✕"), " = keine."),
        detail);
      if (focused) {
        const again = [...data.querySelectorAll<HTMLElement>("button, select")].find((element) =>
          element.getAttribute("data-key") === focused || element.id === focused);
        again?.focus();
      }
    },
  };
};
