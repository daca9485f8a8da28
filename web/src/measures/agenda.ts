// "Tagesordnung vorschlagen" on a working group's page: the draft the API proposes
// (agendaDraft: the open gaps of each of the group's fields in one item, due or overdue
// measures, measures planned or in progress, actors without a working group), which the Stabsstelle then edits in the page (remove, reorder, add free
// items, change texts) and prints with a heading naming the group and the meeting's date.
// Nothing is stored on the server; the edited draft is kept in the browser's session
// storage, so a refresh of the page (a change elsewhere in the graph) does not lose it.
// A refresh while the section is on screen keeps the section itself, so that a draft on
// its way, the status line and the focus survive "Auswertungen aktualisiert".

import { request } from "../api";
import { h } from "../dom";
import agendaDocument from "../graphql/agendaDraft.graphql?raw";
import { href } from "../router";

interface DraftItem {
  kind: "OPEN_GAP" | "DUE_MEASURE" | "MEASURE_IN_PROGRESS" | "ACTOR_WITHOUT_GROUP";
  title: string; reason: string; gapKey: string | null; measureId: string | null; actorId: string | null;
}

/** One agenda item as the page holds it: a free item has kind FREE and no link. */
export interface AgendaEntry { kind: DraftItem["kind"] | "FREE"; title: string; note: string; link: string | null }

interface Stored { date: string; items: AgendaEntry[] }

const KIND_TEXT: Record<AgendaEntry["kind"], string> = {
  OPEN_GAP: "Offene Lücke",
  DUE_MEASURE: "Fällige Maßnahme",
  MEASURE_IN_PROGRESS: "Maßnahme in Arbeit",
  ACTOR_WITHOUT_GROUP: "Einladen: Akteur ohne Arbeitskreis",
  FREE: "Weiterer Punkt",
};

const storageKey = (groupId: string): string => `tagesordnung:${groupId}`;

/** The section on screen for each group, reused by a redraw of the same page. */
const onScreen = new Map<string, { section: HTMLElement; rename(groupName: string): void }>();

function load(groupId: string): Stored | null {
  try {
    const raw = sessionStorage.getItem(storageKey(groupId));
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

function save(groupId: string, stored: Stored | null): void {
  try {
    if (stored) sessionStorage.setItem(storageKey(groupId), JSON.stringify(stored));
    else sessionStorage.removeItem(storageKey(groupId));
  } catch {
    // private mode without storage: the draft lives as long as the page
  }
}

function entry(item: DraftItem): AgendaEntry {
  const link = item.measureId ? href("massnahme", item.measureId)
    : item.actorId ? href("akteur", item.actorId)
    : item.kind === "OPEN_GAP" ? href("luecken") : null;
  return { kind: item.kind, title: item.title, note: item.reason, link };
}

const nextWeek = (): string => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

function germanDay(value: string): string {
  const parsed = new Date(`${value}T12:00:00`);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toLocaleDateString("de-DE", { day: "2-digit", month: "2-digit", year: "numeric" });
}

/**
 * The section "Tagesordnung" of the working group `groupId`: a button that asks for the
 * draft, then the editable list and, for printing only, the clean agenda.
 */
export function agendaSection(groupId: string, groupName: string): HTMLElement {
  const shown = onScreen.get(groupId);
  if (shown?.section.isConnected) {
    shown.rename(groupName);
    return shown.section;
  }
  const section = h("section", { class: "agenda", "aria-labelledby": "tagesordnung" });
  let state = load(groupId);
  const status = h("p", { class: "agenda-status", role: "status" });

  const persist = (): void => save(groupId, state);

  const start = async (button: HTMLButtonElement): Promise<void> => {
    button.disabled = true;
    status.textContent = "Entwurf wird erstellt …";
    try {
      const result = await request<{ agendaDraft: { items: DraftItem[] } }>(agendaDocument, { id: groupId });
      state = { date: state?.date ?? nextWeek(), items: result.agendaDraft.items.map(entry) };
      persist();
      draw();
      status.textContent = `Entwurf mit ${result.agendaDraft.items.length === 1 ? "einem Punkt" : `${result.agendaDraft.items.length} Punkten`} erstellt. Er kann jetzt bearbeitet und gedruckt werden.`;
      section.querySelector<HTMLElement>("#agenda-items")?.focus();
    } catch (error) {
      button.disabled = false;
      status.textContent = `Der Entwurf konnte nicht erstellt werden: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  function move(index: number, by: number): void {
    if (!state) return;
    const target = index + by;
    if (target < 0 || target >= state.items.length) return;
    const [item] = state.items.splice(index, 1);
    state.items.splice(target, 0, item);
    persist();
    draw();
    status.textContent = `Punkt „${item.title}“ ist jetzt Punkt ${target + 1}.`;
    section.querySelector<HTMLButtonElement>(`[data-index="${target}"] button.${by < 0 ? "up" : "down"}`)?.focus();
  }

  function remove(index: number): void {
    if (!state) return;
    const [item] = state.items.splice(index, 1);
    persist();
    draw();
    status.textContent = `Punkt „${item.title}“ entfernt.`;
    section.querySelector<HTMLElement>("#agenda-items")?.focus();
  }

  function itemRow(item: AgendaEntry, index: number, count: number): HTMLElement {
    const id = `agenda-${index}`;
    const title = h("input", { id: `${id}-title`, type: "text", value: item.title, class: "agenda-title" });
    title.addEventListener("input", () => { item.title = title.value; persist(); });
    const note = h("input", { id: `${id}-note`, type: "text", value: item.note, class: "agenda-note" });
    note.addEventListener("input", () => { item.note = note.value; persist(); });
    const button = (cls: string, text: string, label: string, disabled: boolean, action: () => void) => {
      const element = h("button", { type: "button", class: `secondary ${cls}`, "aria-label": label, disabled }, text);
      element.addEventListener("click", action);
      return element;
    };
    return h("li", { class: `agenda-item agenda-${item.kind.toLowerCase()}`, "data-index": index },
      h("p", { class: "agenda-kind" }, KIND_TEXT[item.kind],
        item.link ? [" · ", h("a", { href: item.link }, "ansehen")] : ""),
      h("div", { class: "agenda-fields" },
        h("label", { for: `${id}-title` }, `Punkt ${index + 1}`), title,
        h("label", { for: `${id}-note` }, `Erläuterung zu Punkt ${index + 1}`), note),
      h("div", { class: "agenda-buttons" },
        button("up", "nach oben", `Punkt ${index + 1} nach oben`, index === 0, () => move(index, -1)),
        button("down", "nach unten", `Punkt ${index + 1} nach unten`, index === count - 1, () => move(index, 1)),
        button("remove", "entfernen", `Punkt ${index + 1} entfernen`, false, () => remove(index))));
  }

  function addForm(): HTMLElement {
    const input = h("input", { id: "agenda-new", type: "text", autocomplete: "off" });
    const form = h("form", { class: "agenda-add" },
      h("label", { for: "agenda-new" }, "Weiterer Punkt"), input,
      h("button", { type: "submit", class: "secondary" }, "Punkt hinzufügen"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!state) return;
      if (!text) {
        status.textContent = "Bitte zuerst den Text des Punkts eingeben.";
        input.focus();
        return;
      }
      state.items.push({ kind: "FREE", title: text, note: "", link: null });
      persist();
      draw();
      status.textContent = `Punkt „${text}“ hinzugefügt.`;
      section.querySelector<HTMLInputElement>("#agenda-new")?.focus();
    });
    return form;
  }

  /** The agenda as it is printed: heading with group and date, numbered items, no controls. */
  function printed(stored: Stored): HTMLElement {
    return h("div", { class: "print-only agenda-print" },
      h("h1", {}, `Tagesordnung: ${groupName}`),
      h("p", { class: "agenda-date" }, `Sitzung am ${germanDay(stored.date)}`),
      h("ol", {}, ...stored.items.map((item) => h("li", {},
        h("strong", {}, item.title), item.note ? h("span", { class: "agenda-print-note" }, item.note) : ""))));
  }

  function draw(): void {
    const intro = h("p", { class: "hint" },
      "Der Entwurf sammelt die offenen Lücken in den Handlungsfeldern des Arbeitskreises (ein Punkt je Handlungsfeld, mit den Gemeinden), ",
      "seine fälligen oder überfälligen Maßnahmen (30 Tage), seine Maßnahmen in Arbeit (geplant oder in Umsetzung) ",
      "und Akteure ohne Arbeitskreis, die in seinen Feldern Angebote machen. Er wird nicht gespeichert, nur in diesem Browserfenster behalten.");
    const propose = h("button", { type: "button", class: "propose" }, state ? "Neu vorschlagen" : "Tagesordnung vorschlagen");
    propose.addEventListener("click", () => void start(propose));
    const children: (HTMLElement | string)[] = [h("h2", { id: "tagesordnung" }, "Tagesordnung"), intro];
    if (!state) {
      section.replaceChildren(...children, h("div", { class: "buttons no-print" }, propose), status);
      return;
    }
    const current = state;
    const dateInput = h("input", { id: "agenda-date", type: "date", value: current.date });
    dateInput.addEventListener("change", () => { current.date = dateInput.value || nextWeek(); persist(); drawPrint(); });
    const print = h("button", { type: "button", class: "print" }, "Tagesordnung drucken");
    // with a draft on the page, printing the page prints the agenda alone (styles.css)
    print.addEventListener("click", () => window.print());
    const discard = h("button", { type: "button", class: "secondary discard" }, "Entwurf verwerfen");
    discard.addEventListener("click", () => {
      state = null;
      persist();
      draw();
      status.textContent = "Entwurf verworfen.";
    });
    const list = h("ol", { id: "agenda-items", class: "agenda-items", tabindex: -1, "aria-label": `Tagesordnung ${groupName}` },
      ...current.items.map((item, index) => itemRow(item, index, current.items.length)));
    section.replaceChildren(...children,
      h("div", { class: "agenda-editor no-print" },
        h("div", { class: "agenda-meta" }, h("label", { for: "agenda-date" }, "Datum der Sitzung"), dateInput),
        current.items.length ? list : h("p", { class: "empty", id: "agenda-items", tabindex: -1 }, "Keine Punkte. Weitere Punkte unten hinzufügen."),
        addForm(),
        h("div", { class: "buttons" }, print, propose, discard)),
      status, printed(current));
  }

  function drawPrint(): void {
    if (!state) return;
    section.querySelector(".agenda-print")?.replaceWith(printed(state));
  }

  // the printed texts follow every keystroke
  section.addEventListener("input", () => drawPrint());
  draw();
  onScreen.set(groupId, {
    section,
    rename(name: string): void {
      if (name === groupName) return;
      groupName = name;
      draw();
    },
  });
  return section;
}
