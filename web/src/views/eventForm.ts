// The two sections of the event form that are not plain fields: who takes part (actors,
// each with a role, written as participations) and the agenda (ordered items, each with a
// title and optionally the gap key and the measure it is about, sent as one JSON list).

import { ApiError, mutate } from "../api";
import { h } from "../dom";
import eventEdit from "../graphql/edit/event.graphql?raw";
import { picker, type Option } from "../edit/picker";
import { participationRole, PARTICIPATION_ROLE_VALUES } from "../labels";

export interface Participant { role: string; title?: string | null; participant: { __typename: string; id: string; name: string } }
interface Chosen { role: string; actor: Option }
export interface AgendaEntry { title: string; gapKey: string | null; measure: string | null }

/** The participating actors with their roles; coordinators and people stay as they are. */
export function participantsSection(initial: Participant[]): { element: HTMLElement; diff(eventId: string): Change[] } {
  const before = initial.filter((p) => p.participant.__typename === "Actor")
    .map((p) => ({ role: p.role, actor: { id: p.participant.id, name: p.participant.name } }));
  const others = initial.filter((p) => p.participant.__typename !== "Actor");
  let chosen: Chosen[] = [...before];
  const list = h("ul", { class: "members" });
  const add = picker("f-participant-new", "Teilnehmende Organisation", "actor", true, "f-participants-error");
  const role = h("select", { id: "f-participant-role" },
    ...PARTICIPATION_ROLE_VALUES.map((r) => h("option", { value: r, selected: r === "GUEST" }, participationRole(r))));
  function draw(): void {
    list.replaceChildren(...chosen.map((item, index) => {
      const select = h("select", { id: `f-participant-${index}-role`, "aria-label": `Rolle von ${item.actor.name}` },
        ...PARTICIPATION_ROLE_VALUES.map((r) => h("option", { value: r, selected: r === item.role }, participationRole(r))));
      select.addEventListener("change", () => { chosen[index] = { ...item, role: select.value }; });
      return h("li", {}, h("span", {}, item.actor.name), select,
        h("button", { type: "button", class: "small", "aria-label": `${item.actor.name} als Teilnehmende entfernen`,
          onclick: () => { chosen = chosen.filter((c) => c.actor.id !== item.actor.id); draw(); role.focus(); } }, "Entfernen"));
    }));
    if (!chosen.length) list.append(h("li", { class: "none" }, "Keine teilnehmenden Organisationen."));
  }
  const addButton = h("button", { type: "button" }, "Als teilnehmend aufnehmen");
  addButton.addEventListener("click", () => {
    const id = add.value()[0];
    if (!id) { add.input.focus(); return; }
    const name = add.element.querySelector(".chips li span")?.textContent ?? id;
    if (!chosen.some((c) => c.actor.id === id)) chosen.push({ role: role.value, actor: { id, name } });
    add.set([]);
    draw();
  });
  draw();
  const element = h("fieldset", { class: "field members-field", "data-field": "participants" },
    h("legend", {}, "Teilnehmende"), list,
    others.length ? h("p", { class: "hint" }, `Außerdem: ${others.map((o) => `${o.participant.name} (${participationRole(o.role)})`).join(", ")}.`) : "",
    h("div", { class: "member-add" },
      h("label", { for: "f-participant-new" }, "Organisation suchen"), add.element,
      h("label", { for: "f-participant-role" }, "Rolle"), role, addButton),
    h("p", { id: "f-participants-error", class: "field-error extra-error" }));
  return {
    element,
    diff(eventId: string): Change[] {
      const was = new Map(before.map((b) => [b.actor.id, b.role]));
      const out: Change[] = [];
      for (const item of chosen) if (was.get(item.actor.id) !== item.role) out.push({ event: eventId, connect: item });
      for (const id of was.keys()) if (!chosen.some((c) => c.actor.id === id)) out.push({ event: eventId, disconnect: id });
      return out;
    },
  };
}

export interface Change { event: string; connect?: Chosen; disconnect?: string }

/** Write the participants' changes after the event itself (a new event must exist first). */
export async function applyParticipants(changes: Change[], source: string): Promise<void> {
  for (const change of changes) {
    try {
      if (change.connect) {
        // connecting an existing participation replaces its role
        await mutate(eventEdit, "ConnectParticipation", {
          input: { event: change.event, actor: change.connect.actor.id, role: change.connect.role, source },
        });
      } else if (change.disconnect) {
        await mutate(eventEdit, "DisconnectParticipation", { input: { event: change.event, actor: change.disconnect } });
      }
    } catch (error) {
      if (error instanceof ApiError) {
        throw new ApiError(error.message, error.status, error.code, { ...error.extensions, field: "participants" });
      }
      throw error;
    }
  }
}

function parseAgenda(text: unknown): AgendaEntry[] {
  if (typeof text !== "string" || !text) return [];
  try {
    const items = JSON.parse(text) as Partial<AgendaEntry>[];
    return items.map((i) => ({ title: i.title ?? "", gapKey: i.gapKey ?? null, measure: i.measure ?? null }));
  } catch {
    return [];
  }
}

/**
 * The agenda, item by item: a title, the key of the gap it is about (as in the gap lists)
 * and the measure (a picker). `value()` is the JSON list the API takes, or null when empty;
 * `changed` says whether it differs from the stored agenda.
 */
export function agendaSection(stored: unknown, prefill: AgendaEntry[] = []): { element: HTMLElement; value(): string | null; changed(): boolean } {
  const initial = parseAgenda(stored);
  const rows: { title: HTMLInputElement; gap: HTMLInputElement; measure: ReturnType<typeof picker>; element: HTMLElement }[] = [];
  const list = h("ol", { class: "agenda-edit" });
  let counter = 0;
  const addRow = (entry: AgendaEntry, focus = false): void => {
    const n = ++counter;
    const title = h("input", { id: `f-agenda-${n}-title`, type: "text", value: entry.title, "aria-describedby": "f-agenda-error" });
    const gap = h("input", { id: `f-agenda-${n}-gap`, type: "text", value: entry.gapKey ?? "", "aria-describedby": `f-agenda-${n}-gap-hint f-agenda-error` });
    const measure = picker(`f-agenda-${n}-measure`, `Maßnahme zu Punkt ${n}`, "measure", true, "f-agenda-error");
    if (entry.measure) void measure.choose([entry.measure]);
    const remove = h("button", { type: "button", class: "small", "aria-label": `Tagesordnungspunkt ${n} entfernen` }, "Punkt entfernen");
    const element = h("li", { class: "agenda-item-edit" },
      h("div", { class: "field" }, h("label", { for: `f-agenda-${n}-title` }, "Punkt"), title),
      h("div", { class: "field" }, h("label", { for: `f-agenda-${n}-gap` }, "Lücke (Schlüssel, optional)"), gap,
        h("p", { id: `f-agenda-${n}-gap-hint`, class: "hint" }, "Wie in den Lückenlisten, z. B. coverage:meine:sprache:frauen")),
      h("div", { class: "field" }, h("label", { for: `f-agenda-${n}-measure` }, "Maßnahme (optional)"), measure.element),
      remove);
    const row = { title, gap, measure, element };
    remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(row), 1);
      element.remove();
      addButton.focus();
    });
    rows.push(row);
    list.append(element);
    if (focus) title.focus();
  };
  const addButton = h("button", { type: "button" }, "Tagesordnungspunkt hinzufügen");
  addButton.addEventListener("click", () => addRow({ title: "", gapKey: null, measure: null }, true));
  for (const entry of [...initial, ...prefill]) addRow(entry);
  const element = h("fieldset", { class: "field agenda-field", "data-field": "agenda" },
    h("legend", {}, "Tagesordnung"), list, addButton,
    h("p", { id: "f-agenda-error", class: "field-error extra-error" }));
  const entries = (): AgendaEntry[] => rows
    .map((r) => ({ title: r.title.value.trim(), gapKey: r.gap.value.trim() || null, measure: r.measure.value()[0] ?? null }))
    .filter((e) => e.title || e.gapKey || e.measure);
  return {
    element,
    value(): string | null {
      const items = entries();
      return items.length ? JSON.stringify(items) : null;
    },
    changed(): boolean {
      return JSON.stringify(entries()) !== JSON.stringify(initial);
    },
  };
}
