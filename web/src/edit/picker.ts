// A picker for references with search: a text field with the browser's own suggestion list
// (<input list> + <datalist>, keyboard-usable everywhere), the chosen entries as a list with
// a remove button each. Typing part of a name narrows the suggestions; a suggestion chosen
// (or typed in full, then Enter or "Hinzufügen") is added. For kinds with more entries than
// one page, the suggestions are asked from the API as one types.

import { request } from "../api";
import { h } from "../dom";
import optionsDocument from "../graphql/edit/options.graphql?raw";
import { municipalityKind } from "../labels";

export interface Option { id: string; name: string; hint?: string }

const OPERATIONS: Record<string, string> = {
  municipality: "MunicipalityOptions",
  topic: "TopicOptions",
  targetGroup: "TargetGroupOptions",
  language: "LanguageOptions",
  actor: "ActorOptions",
  offering: "OfferingOptions",
  workingGroup: "WorkingGroupOptions",
  coordinator: "CoordinatorOptions",
  event: "EventOptions",
  measure: "MeasureOptions",
};
const SEARCHABLE = new Set(["actor", "offering"]);

interface OptionNode { id: string; name: string; kind?: string; partOf?: { id: string; name: string } | null }
interface OptionsAnswer { options: { totalCount: number; edges: { node: OptionNode }[] } }

const cache = new Map<string, Promise<{ options: Option[]; complete: boolean }>>();

/** Municipalities ordered so that each Samtgemeinde is followed by its members. */
function municipalityOptions(nodes: OptionNode[]): Option[] {
  const children = new Map<string, OptionNode[]>();
  for (const node of nodes) {
    if (node.partOf && node.kind === "MEMBER_MUNICIPALITY") {
      children.set(node.partOf.id, [...(children.get(node.partOf.id) ?? []), node]);
    }
  }
  const out: Option[] = [];
  for (const node of nodes) {
    if (node.kind === "MEMBER_MUNICIPALITY" && node.partOf) continue;
    const members = children.get(node.id) ?? [];
    out.push({
      id: node.id, name: node.name,
      hint: members.length ? `${municipalityKind(node.kind)} mit ${members.length} Mitgliedsgemeinden: ${members.map((m) => m.name).join(", ")}` : municipalityKind(node.kind),
    });
    for (const member of members) out.push({ id: member.id, name: member.name, hint: `Mitgliedsgemeinde der ${node.name}` });
  }
  return out;
}

export function loadOptions(kind: string, text?: string): Promise<{ options: Option[]; complete: boolean }> {
  const key = `${kind}:${text ?? ""}`;
  let answer = cache.get(key);
  if (!answer) {
    const variables = SEARCHABLE.has(kind) ? { text: text || null } : {};
    answer = request<OptionsAnswer>(optionsDocument, variables, { operationName: OPERATIONS[kind] }).then((data) => {
      const nodes = data.options.edges.map((edge) => edge.node);
      const options = kind === "municipality" ? municipalityOptions(nodes) : nodes.map((n) => ({ id: n.id, name: n.name }));
      return { options, complete: data.options.totalCount <= nodes.length };
    });
    answer.catch(() => cache.delete(key));
    cache.set(key, answer);
  }
  return answer;
}

/** Forget loaded choices (after a write that may have added a record). */
export function forgetOptions(): void {
  cache.clear();
}

export interface Picker {
  element: HTMLElement;
  input: HTMLInputElement;
  value(): string[];
  set(values: Option[]): void;
  /** Choose entries by id once the choices are loaded. */
  choose(ids: string[]): Promise<void>;
}

let counter = 0;

/** A picker for one (`single`) or many references of `kind`, labelled `label`. */
export function picker(id: string, label: string, kind: string, single: boolean, describedBy: string): Picker {
  const listId = `${id}-options-${++counter}`;
  let chosen: Option[] = [];
  let offered: Option[] = [];
  const chips = h("ul", { class: "chips", "aria-label": `${label}: ausgewählt` });
  const input = h("input", {
    id, type: "text", list: listId, autocomplete: "off", class: "picker-input",
    "aria-describedby": `${id}-help ${describedBy}`,
  });
  const datalist = h("datalist", { id: listId });
  const hint = single ? "Namen eingeben, Vorschlag wählen und mit Eingabe übernehmen; ersetzt die bisherige Auswahl."
    : "Namen eingeben, Vorschlag wählen und mit Eingabe oder „Hinzufügen“ übernehmen.";
  const help = h("p", { id: `${id}-help`, class: "hint" }, hint);
  const announce = h("p", { class: "visually-hidden", "aria-live": "polite" });
  const add = h("button", { type: "button", class: "small" }, single ? "Übernehmen" : "Hinzufügen");

  function labelOf(option: Option): string {
    const same = offered.filter((o) => o.name === option.name).length > 1;
    return same ? `${option.name} (${option.id})` : option.name;
  }

  function drawOptions(): void {
    datalist.replaceChildren(...offered
      .filter((o) => !chosen.some((c) => c.id === o.id))
      .map((o) => h("option", { value: labelOf(o) }, o.hint ?? "")));
  }

  function drawChips(): void {
    chips.replaceChildren(...chosen.map((option) => h("li", {},
      h("span", {}, option.name),
      h("button", {
        type: "button", class: "remove", "aria-label": `${option.name} entfernen`,
        onclick: () => {
          chosen = chosen.filter((c) => c.id !== option.id);
          announce.textContent = `${option.name} entfernt`;
          drawChips();
          drawOptions();
          input.focus();
        },
      }, "✕"))));
    if (!chosen.length) chips.append(h("li", { class: "none" }, "keine Auswahl"));
  }

  function take(): boolean {
    const typed = input.value.trim();
    if (!typed) return false;
    const match = offered.find((o) => labelOf(o) === typed)
      ?? offered.find((o) => o.name.toLowerCase() === typed.toLowerCase() || o.id === typed);
    if (!match) {
      announce.textContent = `„${typed}“ ist nicht in der Liste; bitte einen Vorschlag wählen.`;
      help.classList.add("warn");
      help.textContent = `„${typed}“ ist nicht in der Liste; bitte einen Vorschlag wählen.`;
      return false;
    }
    chosen = single ? [match] : [...chosen.filter((c) => c.id !== match.id), match];
    input.value = "";
    announce.textContent = `${match.name} ausgewählt`;
    if (help.classList.contains("warn")) help.textContent = hint; // the refusal is over
    help.classList.remove("warn");
    drawChips();
    drawOptions();
    return true;
  }

  // A name typed in full before the suggestions arrived (a slow connection, a phone) is
  // taken once they are here, not refused as "not in the list".
  let searched: Promise<unknown> = Promise.resolve();
  function takeWhenLoaded(): Promise<boolean> {
    return Promise.allSettled([loaded, searched]).then(() => take());
  }
  add.addEventListener("click", () => { void takeWhenLoaded().then(() => input.focus()); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void takeWhenLoaded();
    }
  });
  let searching = 0;
  input.addEventListener("input", () => {
    const typed = input.value.trim();
    // a suggestion picked from the list arrives as one input event with the full label
    if (offered.some((o) => labelOf(o) === typed)) {
      take();
      return;
    }
    if (SEARCHABLE.has(kind) && typed.length >= 2) {
      const mine = ++searching;
      searched = new Promise<void>((done) => window.setTimeout(() => {
        if (mine !== searching) { done(); return; }
        void loadOptions(kind).then((all) => all.complete ? all : loadOptions(kind, typed)).then((found) => {
          if (mine !== searching) return;
          const known = new Map(offered.map((o) => [o.id, o]));
          for (const option of found.options) known.set(option.id, option);
          offered = [...known.values()];
          drawOptions();
        }).finally(done);
      }, 250));
    }
  });

  const loaded = loadOptions(kind).then((found) => {
    offered = found.options;
    drawOptions();
  });
  loaded.catch(() => {
    help.textContent = "Die Auswahlliste konnte nicht geladen werden; bitte die Seite neu laden.";
  });

  drawChips();
  const element = h("div", { class: "picker" }, chips,
    h("div", { class: "picker-row" }, input, add), datalist, help, announce);
  return {
    element,
    input,
    value: () => chosen.map((c) => c.id),
    async choose(ids: string[]) {
      await loaded;
      const found = offered.filter((o) => ids.includes(o.id));
      chosen = single ? found.slice(0, 1) : [...chosen.filter((c) => !ids.includes(c.id)), ...found];
      drawChips();
      drawOptions();
    },
    set(values: Option[]) {
      chosen = single ? values.slice(0, 1) : values;
      drawChips();
      drawOptions();
    },
  };
}
