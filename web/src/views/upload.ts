// "Tabelle hochladen" (#/hochladen): an Excel workbook or CSV file, checked first ("Prüfen":
// POST /import/dry-run shows per kind what would be new, changed, unchanged or deleted, and
// every problem with its row, column and reason), then applied on confirmation
// ("Übernehmen": POST /import/apply, one change in "Änderungen"). The server decides who may
// upload what (a member only its own organisations' records); the page only shows it.

import { credentials } from "../api";
import { german, h, num } from "../dom";
import { href, type Route } from "../router";
import { atLeast, currentAccount } from "../session";
import type { View } from "../view";
import { heading } from "./common";

interface KindCounts { kind: string; label: string; created: number; updated: number; unchanged: number; deleted: number }
interface Problem { file: string; sheet: string | null; row: number | null; unit: string; column: string; reason: string }
interface Refused { label: string; id: string; reason: string }
interface Outcome {
  dryRun: boolean; applied: boolean; counts: KindCounts[]; notices: Problem[]; refused: Refused[];
  changeId: string | null; revision: number | null;
}
interface Refusal { error?: { code?: string; message?: string }; problems?: Problem[]; refused?: Refused[] }

const KIND_NAMES: Record<string, string> = {
  Actor: "Akteur", Offering: "Angebot", WorkingGroup: "Arbeitskreis", Coordinator: "Koordination",
  Municipality: "Gemeinde", MEMBER_OF: "Mitgliedschaft", Measure: "Maßnahme", Event: "Ereignis", Person: "Person",
};

async function send(path: string, file: File): Promise<{ status: number; body: Outcome & Refusal }> {
  const headers: Record<string, string> = {
    "content-type": "application/octet-stream",
    accept: "application/json",
    "x-file-name": encodeURIComponent(file.name),
  };
  if (credentials.csrfToken) headers["x-csrf-token"] = credentials.csrfToken;
  const response = await fetch(path, { method: "POST", credentials: "same-origin", headers, body: file });
  if (response.headers.get("x-session") === "expired") {
    credentials.onExpired("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.");
  }
  const body = (await response.json().catch(() => ({}))) as Outcome & Refusal;
  return { status: response.status, body };
}

function countsTable(counts: KindCounts[], caption: string): HTMLElement {
  return h("table", { class: "fit", id: "upload-counts" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Art"),
      ...["neu", "geändert", "unverändert", "gelöscht"].map((c) => h("th", { scope: "col", class: "numeric" }, c)))),
    h("tbody", {}, ...counts.map((row) => h("tr", { "data-kind": row.kind },
      h("th", { scope: "row" }, row.label),
      h("td", { class: "numeric", "data-count": "created" }, num(row.created)),
      h("td", { class: "numeric", "data-count": "updated" }, num(row.updated)),
      h("td", { class: "numeric", "data-count": "unchanged" }, num(row.unchanged)),
      h("td", { class: "numeric", "data-count": "deleted" }, num(row.deleted))))));
}

function problemsTable(problems: Problem[], caption: string, id: string): HTMLElement {
  return h("table", { class: "fit", id },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Datei / Blatt"), h("th", { scope: "col", class: "numeric" }, "Zeile"),
      h("th", { scope: "col" }, "Spalte"), h("th", { scope: "col" }, "Grund"))),
    h("tbody", {}, ...problems.map((p) => h("tr", {},
      h("td", {}, p.sheet ? `${p.file}, Blatt ${p.sheet}` : p.file),
      h("td", { class: "numeric" }, p.row === null ? "–" : num(p.row)),
      h("td", {}, p.column || "–"),
      h("td", {}, german(p.reason))))));
}

function refusedList(refused: Refused[]): HTMLElement {
  return h("div", { class: "error", role: "alert", id: "upload-refused" },
    h("p", {}, h("strong", {}, `${num(refused.length)} Einträge liegen außerhalb Ihrer Berechtigung. `),
      "Die Tabelle kann so nicht übernommen werden; nichts wurde geändert."),
    h("ul", {}, ...refused.map((r) => h("li", {}, `${KIND_NAMES[r.label] ?? r.label} „${r.id}“: ${r.reason}`))));
}

export const uploadView = (root: HTMLElement, _route: Route): View => ({
  title: "Tabelle hochladen",
  async load() {
    if (root.dataset.drawnForm) return; // a data refresh must not drop the chosen file
    const data = heading(root, "Tabelle hochladen",
      "Eine Excel-Arbeitsmappe (etwa die unter „Überblick“ heruntergeladene) oder eine CSV-Datei " +
      "mit denselben Spalten: zuerst prüfen, was sich ändern würde, dann übernehmen.");
    if (!atLeast("member")) {
      data.append(h("p", { class: "note" }, "Zum Hochladen bitte anmelden (Mitglied, Redaktion oder Verwaltung)."));
      return;
    }
    root.dataset.drawnForm = "true";
    const input = h("input", { type: "file", id: "upload-file", name: "datei", accept: ".xlsx,.csv", required: true });
    const check = h("button", { type: "submit" }, "Prüfen");
    const result = h("div", { id: "upload-result", "aria-live": "polite" });
    const form = h("form", { class: "upload-form", "aria-labelledby": "upload-heading" },
      h("h2", { id: "upload-heading" }, "Datei wählen"),
      h("p", {}, h("label", { for: "upload-file" }, "Datei (Excel .xlsx oder CSV)"), " ", input),
      atLeast("editor") ? "" : h("p", { class: "note" },
        "Als Mitglied können Sie die Einträge Ihrer eigenen Organisation ändern (Akteur, Angebote, " +
        "Koordination, Mitgliedschaften). Andere Zeilen dürfen unverändert in der Datei stehen."),
      h("p", {}, check));
    data.append(form, result);

    let checked: File | null = null;
    input.addEventListener("change", () => {
      checked = null;
      result.replaceChildren();
    });

    const failed = (status: number, body: Refusal): void => {
      const message = body.error?.message ? german(body.error.message) : `Die Anfrage ist fehlgeschlagen (HTTP ${status}).`;
      result.replaceChildren(
        h("div", { class: "error", role: "alert" }, h("p", {}, message)),
        body.problems?.length ? problemsTable(body.problems, `${num(body.problems.length)} Probleme in der Tabelle`, "upload-problems") : "",
        body.refused?.length ? refusedList(body.refused) : "");
    };

    const apply = async (file: File, button: HTMLButtonElement): Promise<void> => {
      button.disabled = true;
      button.textContent = "Wird übernommen …";
      try {
        const { status, body } = await send("/import/apply", file);
        if (status !== 200) {
          failed(status, body);
          return;
        }
        const who = currentAccount()?.email ?? "";
        const changed = body.counts.reduce((sum, c) => sum + c.created + c.updated + c.deleted, 0);
        result.replaceChildren(
          h("div", { class: "note success", role: "status", id: "upload-applied" },
            h("p", {}, h("strong", {}, "Übernommen. "),
              changed ? `${num(changed)} Einträge wurden geändert, als eine Änderung im Verlauf.` : "Es gab nichts zu ändern."),
            body.changeId ? h("p", {}, h("a", { href: `${href("aenderungen")}?person=${encodeURIComponent(who)}` },
              "Die Änderung unter „Änderungen“ ansehen")) : ""),
          countsTable(body.counts, "Übernommen je Art"));
        checked = null;
      } catch {
        failed(0, { error: { message: "Der Server ist nicht erreichbar. Bitte später erneut versuchen." } });
      }
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const file = input.files?.[0];
      if (!file) return;
      check.disabled = true;
      result.replaceChildren(h("p", {}, "Wird geprüft …"));
      void send("/import/dry-run", file).then(({ status, body }) => {
        if (status !== 200) {
          failed(status, body);
          return;
        }
        checked = file;
        const changed = body.counts.some((c) => c.created || c.updated || c.deleted);
        const confirm = h("button", { type: "button", id: "upload-apply", disabled: !changed || body.refused.length > 0 }, "Übernehmen");
        confirm.addEventListener("click", () => {
          if (checked) void apply(checked, confirm);
        });
        result.replaceChildren(
          h("h2", {}, "Ergebnis der Prüfung"),
          h("p", { role: "status" }, changed
            ? "Noch ist nichts geändert. So würde die Tabelle den Datenbestand ändern:"
            : "Die Tabelle stimmt mit dem Datenbestand überein; es gibt nichts zu übernehmen."),
          countsTable(body.counts, "Einträge je Art (Prüfung, noch nichts geändert)"),
          body.refused.length ? refusedList(body.refused) : "",
          body.notices.length ? problemsTable(body.notices, "Hinweise", "upload-notices") : "",
          h("p", {}, confirm));
      }).catch(() => {
        failed(0, { error: { message: "Der Server ist nicht erreichbar. Bitte später erneut versuchen." } });
      }).finally(() => {
        check.disabled = false;
      });
    });
  },
});
