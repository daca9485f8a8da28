// "Als Excel herunterladen" and "Als CSV herunterladen" for any table of the cockpit.
// A view says what the table is (title, German column headers with their kind, the rows as
// values, not as formatted text); the workbook is made by the server (POST /export/xlsx,
// openpyxl: numbers stay numbers, dates are dates), the CSV here, for German Excel
// (semicolons, decimal comma, UTF-8 with byte order mark).

import { h } from "./dom";

export type Cell = string | number | null;
export interface ExportColumn { label: string; type?: "text" | "number" | "percent" | "date" }
export interface ExportTable {
  title: string;
  columns: ExportColumn[];
  rows: Cell[][];
  /** e.g. that the rows rest on example data, or that the list is an excerpt */
  note?: string;
}

const TIMEOUT_SECONDS = 60;

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = h("a", { href: url, download: filename, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function filename(title: string, extension: string): string {
  const plain = title.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue")
    .replace(/Ä/g, "Ae").replace(/Ö/g, "Oe").replace(/Ü/g, "Ue").replace(/ß/g, "ss");
  return `${plain.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "tabelle"}.${extension}`;
}

function csvValue(value: Cell, type: ExportColumn["type"]): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") {
    text = (type === "percent" ? value * 100 : value).toLocaleString("de-DE", { useGrouping: false, maximumFractionDigits: 6 });
  } else if (type === "date" && /^\d{4}(-\d{2})?$/.test(value)) {
    text = value.length === 4 ? value : `${value.slice(5)}.${value.slice(0, 4)}`; // a month or a year, as precise as stored
  } else if (type === "date") {
    // the county's day, as the server counts it (domain/days.py), whatever the browser's zone
    const parsed = new Date(value);
    text = Number.isNaN(parsed.getTime()) ? value : parsed.toLocaleDateString("de-DE", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Europe/Berlin" });
  } else {
    // a cell starting with = + - @ would run as a formula in a spreadsheet
    text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  }
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((column) => csvValue(column.label, "text")).join(";"),
    ...table.rows.map((row) => row.map((value, index) => csvValue(value, table.columns[index]?.type)).join(";"))];
  if (table.note) lines.push("", csvValue(table.note, "text"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

async function xlsx(table: ExportTable): Promise<Blob> {
  const abort = new AbortController();
  const timer = window.setTimeout(() => abort.abort(), TIMEOUT_SECONDS * 1000);
  try {
    const response = await fetch("/export/xlsx", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(table),
      signal: abort.signal,
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    }
    return await response.blob();
  } catch (error) {
    if (abort.signal.aborted) throw new Error(`Der Server hat nicht innerhalb von ${TIMEOUT_SECONDS} s geantwortet.`);
    if (error instanceof TypeError) throw new Error("Der Server ist nicht erreichbar.");
    throw error;
  } finally {
    window.clearTimeout(timer);
  }
}

/**
 * The two download buttons for one table. `what` names the table for screen readers
 * ("Versorgungslücken als Excel herunterladen"); `table` gathers the rows when clicked,
 * so a list can fetch all of its rows then, not only those on screen.
 */
export function exportButtons(what: string, table: () => Promise<ExportTable> | ExportTable, id?: string): HTMLElement {
  const status = h("span", { class: "export-status", role: "status" });
  const run = async (button: HTMLButtonElement, kind: "xlsx" | "csv"): Promise<void> => {
    button.disabled = true;
    status.textContent = "Datei wird erstellt …";
    try {
      const data = await table();
      if (kind === "csv") save(new Blob([toCsv(data)], { type: "text/csv;charset=utf-8" }), filename(data.title, "csv"));
      else save(await xlsx(data), filename(data.title, "xlsx"));
      status.textContent = `${data.rows.length.toLocaleString("de-DE")} Zeilen heruntergeladen.`;
    } catch (error) {
      status.textContent = `Die Datei konnte nicht erstellt werden: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
    }
  };
  const button = (kind: "xlsx" | "csv", text: string) => {
    const element = h("button", { type: "button", class: `export export-${kind}`, "aria-label": `${what}: ${text}` }, text);
    element.addEventListener("click", () => void run(element, kind));
    return element;
  };
  return h("div", { class: "export-actions no-print", id: id ?? null },
    button("xlsx", "Als Excel herunterladen"), button("csv", "Als CSV herunterladen"), status);
}
