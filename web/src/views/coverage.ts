// Versorgung: offerings per municipality x field of action (or target group) as a heat map.
// Rows are the Samtgemeinden and Einheitsgemeinden; a Samtgemeinde opens to its member
// municipalities. A cell opens the list of its offerings. Empty cells say "keine" in words.
// What the user opened (columns, expanded Samtgemeinden, the drill-down) lives in the
// address, so Back from an offering returns to the same picture. The cells are one Tab stop:
// arrow keys move between them (roving tabindex), instead of about 80 presses of Tab.
// `?spalte=<id>` narrows the table to one field of action or target group: where a search
// hit for "Frauen" leads, the municipalities with and without an offering for it.

import { request } from "../api";
import { h, num, visuallyHidden } from "../dom";
import cellDocument from "../graphql/cellOfferings.graphql?raw";
import coverageDocument from "../graphql/coverage.graphql?raw";
import { offeringKind } from "../labels";
import { href, type Route } from "../router";
import { exportButtons, type ExportTable } from "../export";
import { scrollBox } from "../table";
import type { ViewFactory } from "../view";
import { type DataSources, figureNote, heading } from "./common";

interface Item { id: string; name: string }
interface Matrix { rows: Item[]; matrix: number[][] }
interface CoverageData {
  dataStatus: DataSources;
  upper: Matrix & { columns: Item[]; offeringCount: number };
  members: Matrix;
  municipalities: { edges: { node: { id: string; partOf: { id: string } | null } }[] };
}
interface CellOfferings {
  offerings: { totalCount: number; edges: { node: {
    id: string; title: string; kind: string; providers: Item[]; municipalities: Item[]; languages: Item[];
  } }[] };
}

type Columns = "TOPIC" | "TARGET_GROUP";
const COLUMN_NAMES: Record<Columns, string> = { TOPIC: "Handlungsfeld", TARGET_GROUP: "Zielgruppe" };
/** the address speaks German: ?spalten=zielgruppe&offen=sg-a,sg-b&zelle=row:column */
const COLUMN_PARAMS: Record<Columns, string> = { TOPIC: "handlungsfeld", TARGET_GROUP: "zielgruppe" };

/** The table narrowed to the column `only` (unchanged when it names none of them). */
function narrowed(result: CoverageData, only: string | null): CoverageData {
  const index = only ? result.upper.columns.findIndex((column) => column.id === only) : -1;
  if (index < 0) return result;
  const pick = (matrix: number[][]) => matrix.map((row) => [row[index]]);
  return {
    ...result,
    upper: { ...result.upper, columns: [result.upper.columns[index]], matrix: pick(result.upper.matrix) },
    members: { ...result.members, matrix: pick(result.members.matrix) },
  };
}

function columnsFrom(route: Route): Columns {
  return route.query.get("spalten") === COLUMN_PARAMS.TARGET_GROUP ? "TARGET_GROUP" : "TOPIC";
}

export const coverageView: ViewFactory = (root, route) => {
  const data = heading(root, "Versorgung",
    "Wie viele Angebote es je Gemeinde und Handlungsfeld (oder Zielgruppe) gibt. Mitgezählt werden Angebote für die Gemeinde selbst, " +
    "für ihre Samtgemeinde und kreisweite Angebote. Leere Felder sind Lücken. Wählen Sie eine Zahl, um die Angebote zu sehen.");
  let columns: Columns = columnsFrom(route);
  const open = new Set<string>((route.query.get("offen") ?? "").split(",").filter(Boolean));
  /** the drill-down shown, "row:column", or null */
  let cell: string | null = route.query.get("zelle");
  /** the one column shown (`?spalte=`), or null for all */
  let only: string | null = route.query.get("spalte");
  /** the one cell in the Tab order (roving tabindex) */
  let active: string | null = cell;
  let restored = false;
  /** the last matrix drawn, for the download: every Samtgemeinde with all its members */
  let shown: { data: CoverageData; memberRows: Map<string, { item: Item; counts: number[] }[]> } | null = null;

  function table(): ExportTable {
    if (!shown) throw new Error("Die Tabelle ist noch nicht geladen.");
    const { data: result, memberRows } = shown;
    const rows: (string | number | null)[][] = [];
    result.upper.rows.forEach((row, index) => {
      rows.push([row.name, "", ...result.upper.matrix[index]]);
      for (const member of memberRows.get(row.id) ?? []) rows.push([member.item.name, row.name, ...member.counts]);
    });
    return {
      title: `Versorgung je Gemeinde und ${COLUMN_NAMES[columns]}`,
      columns: [{ label: "Gemeinde" }, { label: "Gehört zu" },
        ...result.upper.columns.map((column) => ({ label: column.name, type: "number" as const }))],
      rows,
      note: "Zahl der Angebote je Gemeinde; mitgezählt sind Angebote für die Gemeinde selbst, für ihre Samtgemeinde und kreisweite Angebote. 0 = kein Angebot (Lücke).",
    };
  }
  const detail = h("section", { class: "drilldown", "aria-live": "polite", id: "drilldown" });

  /** Write the state into the address without a new history entry (Back leaves the view). */
  function remember(): void {
    const query = new URLSearchParams();
    if (columns !== "TOPIC") query.set("spalten", COLUMN_PARAMS[columns]);
    if (only) query.set("spalte", only);
    if (open.size) query.set("offen", [...open].join(","));
    if (cell) query.set("zelle", cell);
    const search = query.toString().replace(/%2C/g, ",").replace(/%3A/g, ":");
    history.replaceState(history.state, "", `${href("versorgung")}${search ? `?${search}` : ""}`);
  }

  async function drill(row: Item, column: Item, moveFocus: boolean): Promise<void> {
    cell = `${row.id}:${column.id}`;
    remember();
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
          "; Sprachen: ",
          h("span", { class: "languages" },
            offering.languages.map((language) => language.name).join(", ") || "nicht angegeben"),
          ")"))),
      result.offerings.totalCount > offerings.length
        ? h("p", {}, `Die ersten ${num(offerings.length)} von ${num(result.offerings.totalCount)} Angeboten.`) : "");
    detail.dataset.cell = cell;
    if (moveFocus) title.focus();
  }

  /** Arrow keys, Home/End (Strg: whole table), Bild auf/ab between the count buttons. */
  function onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (!target.matches("button.cell")) return;
    const rows = [...(target.closest("tbody")?.querySelectorAll("tr") ?? [])];
    const grid = rows.map((tr) => [...tr.querySelectorAll<HTMLButtonElement>("button.cell")]);
    const r = rows.indexOf(target.closest("tr") as HTMLTableRowElement);
    const c = grid[r].indexOf(target as HTMLButtonElement);
    const last = grid.length - 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1], ArrowUp: [r - 1, c], ArrowDown: [r + 1, c],
      Home: event.ctrlKey ? [0, 0] : [r, 0],
      End: event.ctrlKey ? [last, grid[last].length - 1] : [r, grid[r].length - 1],
      PageUp: [Math.max(0, r - 5), c], PageDown: [Math.min(last, r + 5), c],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const [nr, nc] = move;
    const next = grid[Math.max(0, Math.min(last, nr))]?.[Math.max(0, nc)] ??
      grid[Math.max(0, Math.min(last, nr))]?.at(-1);
    if (!next) return;
    target.tabIndex = -1;
    next.tabIndex = 0;
    active = next.dataset.key ?? null;
    next.focus();
  }

  return {
    title: "Versorgung",
    async load() {
      const all = await request<CoverageData>(coverageDocument, { columns });
      const result = narrowed(all, only);
      const { upper } = result;
      const single = result !== all ? upper.columns[0] : null;
      if (!single && only) { only = null; remember(); }
      const max = Math.max(1, ...upper.matrix.flat());
      const memberRows = new Map<string, { item: Item; counts: number[] }[]>();
      const parentOf = new Map(result.municipalities.edges.map((edge) => [edge.node.id, edge.node.partOf?.id ?? ""]));
      result.members.rows.forEach((item, index) => {
        const parent = parentOf.get(item.id) ?? "";
        memberRows.set(parent, [...(memberRows.get(parent) ?? []), { item, counts: result.members.matrix[index] }]);
      });
      shown = { data: result, memberRows };
      const keys = new Set<string>();
      const items = new Map<string, [Item, Item]>();

      const countCell = (row: Item, column: Item, count: number) => {
        const level = count === 0 ? 0 : Math.min(5, Math.ceil((count / max) * 5));
        const key = `${row.id}:${column.id}`;
        keys.add(key);
        items.set(key, [row, column]);
        // "0" is what a copy of the table carries; the ✕ is CSS content (class gap), not text
        return h("td", { class: `heat heat-${level}` },
          h("button", {
            type: "button", class: count === 0 ? "cell gap" : "cell", "data-key": key, tabindex: "-1",
            "aria-label": `${row.name}, ${column.name}: ${count === 0 ? "keine Angebote (Lücke)" : `${count} Angebote`}`,
            onclick: (event: Event) => {
              const button = event.currentTarget as HTMLButtonElement;
              data.querySelectorAll<HTMLButtonElement>("button.cell[tabindex='0']").forEach((b) => { b.tabIndex = -1; });
              button.tabIndex = 0;
              active = key;
              void drill(row, column, true);
            },
          }, String(count)));
      };
      const body = h("tbody", { onkeydown: onKey as EventListener });
      upper.rows.forEach((row, index) => {
        const members = memberRows.get(row.id) ?? [];
        const expanded = open.has(row.id);
        // the triangle is CSS content on aria-expanded, so it is never copied with the names
        const toggle = members.length
          ? h("button", {
            type: "button", class: "expand", "aria-expanded": String(expanded), "data-key": `expand:${row.id}`,
            "aria-label": `${row.name}: Mitgliedsgemeinden ${expanded ? "zuklappen" : "aufklappen"}`,
            onclick: () => {
              if (open.has(row.id)) open.delete(row.id); else open.add(row.id);
              remember();
              void this.load();
            },
          }) : null;
        body.append(h("tr", { class: "upper" },
          h("th", { scope: "row" }, toggle, h("a", { href: href("gemeinde", row.id) }, row.name)),
          ...upper.columns.map((column, c) => countCell(row, column, upper.matrix[index][c]))));
        if (expanded) {
          for (const member of members) {
            body.append(h("tr", { class: "member" },
              h("th", { scope: "row" }, visuallyHidden(`${row.name}: `), h("a", { href: href("gemeinde", member.item.id) }, member.item.name)),
              ...upper.columns.map((column, c) => countCell(member.item, column, member.counts[c]))));
          }
        }
      });
      if (!active || !keys.has(active)) active = keys.values().next().value ?? null;
      const rover = body.querySelector<HTMLButtonElement>(`button.cell[data-key="${CSS.escape(active ?? "")}"]`);
      if (rover) rover.tabIndex = 0;

      const zeros = upper.matrix.flat().filter((count) => count === 0).length;
      const switcher = h("div", { class: "control no-print" },
        h("label", { for: "coverage-columns" }, "Spalten"),
        h("select", { id: "coverage-columns", onchange: (event: Event) => {
          columns = (event.target as HTMLSelectElement).value as Columns;
          cell = null;
          only = null;
          active = null;
          detail.replaceChildren();
          delete detail.dataset.cell;
          remember();
          void this.load();
        } }, ...(Object.keys(COLUMN_NAMES) as Columns[]).map((key) =>
          h("option", { value: key, selected: key === columns }, COLUMN_NAMES[key]))));
      // a redraw (expand, refresh) keeps keyboard focus on the same control
      const focused = document.activeElement?.getAttribute("data-key") ?? document.activeElement?.id;
      const narrow = single ? h("p", { class: "saved narrowed", role: "status" },
        `Nur ${COLUMN_NAMES[columns]} „${single.name}“: welche Gemeinden ein Angebot dafür haben. `,
        h("a", { href: `${href("versorgung")}${columns !== "TOPIC" ? `?spalten=${COLUMN_PARAMS[columns]}` : ""}` },
          `Alle ${columns === "TOPIC" ? "Handlungsfelder" : "Zielgruppen"} zeigen`)) : "";
      data.replaceChildren(
        switcher,
        narrow,
        h("p", {}, `${num(upper.offeringCount)} Angebote gezählt; ${num(zeros)} von ${num(upper.matrix.flat().length)} Feldern sind leer `,
          "(", h("span", { class: "gap-sample" }, "0"), " = kein Angebot)."),
        figureNote(result.dataStatus,
          "Die meisten Angebote in dieser Tabelle sind zur Veranschaulichung erfunden; die Zahlen zeigen, wie die Auswertung arbeitet, nicht die Lage im Landkreis."),
        h("p", { class: "hint no-print", id: "coverage-keys" },
          "Tastatur: Die Tabulatortaste führt einmal in die Zahlen; dort wechseln die Pfeiltasten das Feld, ",
          "Pos1/Ende springen an den Zeilenrand, Eingabe öffnet die Angebote."),
        scrollBox(`Angebote je Gemeinde und ${COLUMN_NAMES[columns]}`,
          h("table", { class: "heatmap", id: "coverage-table", "aria-describedby": "coverage-keys" },
            h("caption", { id: "coverage-caption" }, single
              ? `Angebote je Gemeinde für ${COLUMN_NAMES[columns]} „${single.name}“`
              : `Angebote je Gemeinde und ${COLUMN_NAMES[columns]}`),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Gemeinde"),
              ...upper.columns.map((column) => h("th", { scope: "col" }, column.name)))),
            body), false),
        exportButtons("Versorgungstabelle", table, "coverage-export"),
        h("p", { class: "scale" }, "Farbstufen: heller = wenige, dunkler = viele Angebote; ",
          h("span", { class: "heat heat-0 sample gap-sample" }, "0"), " = keine."),
        detail);
      if (focused) {
        const again = [...data.querySelectorAll<HTMLElement>("button, select")].find((element) =>
          element.getAttribute("data-key") === focused || element.id === focused);
        again?.focus();
      }
      // the drill-down named in the address, once (a refresh keeps the one on screen)
      if (!restored) {
        restored = true;
        const named = cell ? items.get(cell) : undefined;
        if (named) await drill(named[0], named[1], false);
        else if (cell) { cell = null; remember(); }
      }
    },
  };
};
