// A sortable, filterable HTML table: header buttons sort (aria-sort says how), a text box
// filters rows by any column's text. Used by the gap, language and search views.

import { h } from "./dom";
import { type ExportColumn, exportButtons } from "./export";

export interface Column<T> {
  label: string;
  /** the value sorted and filtered on */
  value: (row: T) => string | number | null;
  /** what the cell shows; defaults to the value */
  cell?: (row: T) => Node | string;
  numeric?: boolean;
  /** how a download writes the value (default: number when numeric, else text) */
  type?: ExportColumn["type"];
  /** left out of downloads (e.g. a column of buttons) */
  noExport?: boolean;
}

export interface TableOptions<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  /** e.g. "25 von 180 Lücken": shown under the table */
  summary?: string;
  idPrefix: string;
  /** every row for "Als Excel/CSV herunterladen" (default: the rows given), and a note for the file */
  exportRows?: () => Promise<{ rows: T[]; note?: string }>;
  /** show this many rows, with "Weitere anzeigen" (a long list stays a short page) */
  pageSize?: number;
  /** how many rows exist in all, when more exist than were loaded (for the print note) */
  total?: number;
}

export function dataTable<T>(options: TableOptions<T>): HTMLElement {
  const { columns, rows } = options;
  let sortColumn = -1;
  let ascending = true;
  let filter = "";
  let limit = options.pageSize ?? Infinity;
  const tbody = h("tbody");
  const more = h("button", { type: "button", class: "more no-print", hidden: true });
  more.addEventListener("click", () => {
    limit += options.pageSize ?? Infinity;
    draw();
  });
  // printed, a table says plainly whether it holds every row or is an excerpt
  const printNote = h("p", { class: "print-only excerpt-note" });
  const status = h("p", { class: "table-status", "aria-live": "polite" });
  const headers = columns.map((column, index) => {
    const button = h("button", { type: "button", class: "sort" }, column.label);
    const th = h("th", { scope: "col", class: column.numeric ? "numeric" : null }, button);
    button.addEventListener("click", () => {
      ascending = sortColumn === index ? !ascending : !column.numeric;
      sortColumn = index;
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      draw();
    });
    return th;
  });

  function draw(): void {
    const needle = filter.toLocaleLowerCase("de-DE");
    let shown = rows.filter((row) => !needle || columns.some((column) =>
      String(column.value(row) ?? "").toLocaleLowerCase("de-DE").includes(needle)));
    if (sortColumn >= 0) {
      const column = columns[sortColumn];
      shown = [...shown].sort((a, b) => compare(column.value(a), column.value(b)) * (ascending ? 1 : -1));
    }
    const matching = shown.length;
    shown = shown.slice(0, limit);
    more.hidden = matching <= shown.length;
    more.textContent = `Weitere ${Math.min(options.pageSize ?? 0, matching - shown.length)} anzeigen (${matching - shown.length} noch nicht angezeigt)`;
    const total = Math.max(options.total ?? rows.length, rows.length);
    printNote.textContent = shown.length < total
      ? `Auszug: Dieser Ausdruck enthält ${shown.length} von ${total} Einträgen. Die ganze Liste gibt es mit „Als Excel herunterladen“.`
      : `Vollständig: alle ${total} Einträge.`;
    tbody.replaceChildren(...shown.map((row) => h("tr", {}, ...columns.map((column) =>
      h("td", { class: column.numeric ? "numeric" : null }, column.cell ? column.cell(row) : String(column.value(row) ?? ""))))));
    if (shown.length === 0) {
      tbody.append(h("tr", {}, h("td", { colspan: columns.length }, "Keine Einträge")));
    }
    status.textContent = `${shown.length} von ${rows.length} geladenen Zeilen angezeigt` +
      (options.summary ? ` · ${options.summary}` : "");
  }

  const filterId = `${options.idPrefix}-filter`;
  const input = h("input", { id: filterId, type: "search", class: "table-filter", autocomplete: "off" });
  input.addEventListener("input", () => {
    filter = input.value.trim();
    draw();
  });
  draw();
  return h("div", { class: "table-block" },
    h("div", { class: "filter-row no-print" },
      h("label", { for: filterId }, `Filtern: ${options.caption}`), input),
    scrollBox(options.caption,
      h("table", {},
        h("caption", {}, options.caption),
        h("thead", {}, h("tr", {}, ...headers)),
        tbody)),
    status,
    more,
    printNote,
    exportButtons(options.caption, async () => {
      const all = options.exportRows ? await options.exportRows() : { rows };
      const exported = columns.filter((column) => !column.noExport);
      return {
        title: options.caption,
        columns: exported.map((column) => ({ label: column.label, type: column.type ?? (column.numeric ? "number" : "text") })),
        rows: all.rows.map((row) => exported.map((column) => column.value(row))),
        note: all.note,
      };
    }, `${options.idPrefix}-export`));
}

/**
 * A box a wide table scrolls in, and only then says so: "seitlich verschiebbar" appears
 * (and the box becomes a keyboard-scrollable region) when the table is wider than the
 * screen, e.g. on a phone. The page itself never scrolls sideways.
 */
export function scrollBox(label: string, table: HTMLElement, focusable = true): HTMLElement {
  const hint = h("p", { class: "scroll-hint no-print", hidden: true, "aria-hidden": "true" },
    "Die Tabelle ist breiter als der Bildschirm: seitlich verschieben, um alle Spalten zu sehen.");
  const box = h("div", { class: "table-scroll", role: "region", "aria-label": label }, table);
  const observer = new ResizeObserver(() => check());
  const check = (): void => {
    // a redraw replaces the box: the observer goes with it (removal is a resize to zero)
    if (!box.isConnected && box.dataset.overflow !== undefined) { observer.disconnect(); return; }
    const overflows = box.scrollWidth > box.clientWidth + 1;
    box.dataset.overflow = String(overflows);
    hint.hidden = !overflows;
    box.setAttribute("aria-label", overflows ? `${label} (seitlich verschiebbar)` : label);
    if (focusable && overflows) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  };
  observer.observe(box);
  const wrapper = h("div", { class: "scroll-wrapper" }, hint, box);
  return wrapper;
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "de-DE");
}
