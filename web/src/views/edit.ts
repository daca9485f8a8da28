// "Bearbeiten" and "Neu": #/bearbeiten/<route>/<id> and #/neu/<route> (route as on the
// detail pages: akteur, angebot, arbeitskreis, koordination, massnahme, ereignis). The form comes from
// edit/form.ts; this view loads the record, saves it with the version it started from,
// and explains what the API answers: a field's message at the field, a conflict with what
// the other person changed, a refused delete with the records that still need it.

import { ApiError, mutate, request } from "../api";
import { date, h } from "../dom";
import actorEdit from "../graphql/edit/actor.graphql?raw";
import coordinatorEdit from "../graphql/edit/coordinator.graphql?raw";
import eventEdit from "../graphql/edit/event.graphql?raw";
import measureEdit from "../graphql/edit/measure.graphql?raw";
import offeringEdit from "../graphql/edit/offering.graphql?raw";
import workingGroupEdit from "../graphql/edit/workingGroup.graphql?raw";
import { editForm, kindOfRoute, KINDS, type KindSpec, type Values } from "../edit/form";
import { mayCreate, mayDelete, mayEdit } from "../edit/permissions";
import { germanHalf } from "../edit/messages";
import { forgetOptions, picker, type Option } from "../edit/picker";
import { label as enumName } from "../labels";
import { href, type Route } from "../router";
import { currentAccount } from "../session";
import type { View } from "../view";
import { agendaSection, applyParticipants, participantsSection, type AgendaEntry, type Participant } from "./eventForm";

const DOCUMENTS: Record<string, string> = {
  actor: actorEdit, offering: offeringEdit, workingGroup: workingGroupEdit, coordinator: coordinatorEdit, measure: measureEdit,
  event: eventEdit,
};
const COCKPIT_SOURCE = "Netzwerk-Cockpit";
const MEMBERSHIP_ROLES = ["MEMBER", "SPOKESPERSON", "CHAIR", "GUEST"];
const DEPENDENT_WORDS: Record<string, [string, string]> = {
  Offering: ["Angebot", "Angeboten"],
  Membership: ["Mitglied", "Mitglieder"],
};

interface Member { role: string; actor: Option }

function slugify(text: string): string {
  return text.toLowerCase()
    .replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
}

/** A field's old -> new value from the history (JSON text) in words. */
export function shown(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "null") return "(leer)";
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.length ? parsed.join(", ") : "(leer)";
    if (parsed === null || parsed === "") return "(leer)";
    if (typeof parsed === "object") {
      // a relationship's properties (a participation's role, a membership's since)
      const parts = Object.entries(parsed as Record<string, unknown>).filter(([, v]) => v !== null && v !== "").map(([k, v]) => `${k}: ${String(v)}`);
      return parts.length ? parts.join(", ") : "(leer)";
    }
    return String(parsed);
  } catch {
    return value;
  }
}

/** "Der Akteur wird noch gebraucht: ..." for HAS_DEPENDENTS. */
function dependentsInWords(kind: KindSpec, error: ApiError): string {
  const dependents = error.extensions.dependents ?? [];
  const byKind = new Map<string, string[]>();
  for (const d of dependents) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.id]);
  const parts = [...byKind.entries()].map(([k, ids]) => {
    const [one, many] = DEPENDENT_WORDS[k] ?? [k, k];
    return `${ids.length} ${ids.length === 1 ? one : many} (${ids.join(", ")})`;
  });
  const what = parts.join(" und ");
  if (byKind.has("Membership")) {
    return `Der Arbeitskreis kann nicht gelöscht werden, solange er noch ${what} hat. Entfernen Sie zuerst die Mitglieder unter „Mitglieder“; nur die Verwaltung (Rolle admin) kann einen Arbeitskreis samt Mitgliedschaften löschen.`;
  }
  return `Dieser ${kind.label} kann nicht gelöscht werden: Er ist der einzige Anbieter von ${what}. Diese Angebote würden sonst ohne Anbieter bleiben. Löschen Sie sie zuerst oder ordnen Sie ihnen einen anderen Anbieter zu; nur die Verwaltung (Rolle admin) kann sie mitlöschen.`;
}

function membersSection(initial: Member[]): { element: HTMLElement; value(): Member[] } {
  let members = [...initial];
  const list = h("ul", { class: "members" });
  const add = picker("f-member-new", "Neues Mitglied", "actor", true, "f-members-error");
  const role = h("select", { id: "f-member-role" }, ...MEMBERSHIP_ROLES.map((r) => h("option", { value: r }, enumName(r))));
  function draw(): void {
    list.replaceChildren(...members.map((member, index) => {
      const select = h("select", { id: `f-member-${index}-role`, "aria-label": `Rolle von ${member.actor.name}` },
        ...MEMBERSHIP_ROLES.map((r) => h("option", { value: r, selected: r === member.role }, enumName(r))));
      select.addEventListener("change", () => { members[index] = { ...member, role: select.value }; });
      return h("li", {}, h("span", {}, member.actor.name), select,
        h("button", { type: "button", class: "small", "aria-label": `${member.actor.name} als Mitglied entfernen`,
          onclick: () => { members = members.filter((m) => m.actor.id !== member.actor.id); draw(); role.focus(); } }, "Entfernen"));
    }));
    if (!members.length) list.append(h("li", { class: "none" }, "Keine Mitglieder."));
  }
  const addButton = h("button", { type: "button" }, "Als Mitglied aufnehmen");
  addButton.addEventListener("click", () => {
    const chosen = add.value()[0];
    if (!chosen) { add.input.focus(); return; }
    const name = add.element.querySelector(".chips li span")?.textContent ?? chosen;
    if (!members.some((m) => m.actor.id === chosen)) members.push({ role: role.value, actor: { id: chosen, name } });
    add.set([]);
    draw();
  });
  draw();
  const element = h("fieldset", { class: "field members-field", "data-field": "members" },
    h("legend", {}, "Mitglieder"), list,
    h("div", { class: "member-add" },
      h("label", { for: "f-member-new" }, "Organisation suchen"), add.element,
      h("label", { for: "f-member-role" }, "Rolle"), role, addButton),
    h("p", { id: "f-members-error", class: "field-error extra-error" }));
  return { element, value: () => members };
}

export function editView(root: HTMLElement, route: Route, creating: boolean): View {
  const kindName = kindOfRoute(route.params[0] ?? "") ?? "";
  const kind = KINDS[kindName];
  const id = creating ? null : route.params[1] ?? "";
  let drawn = false;
  return {
    title: kind ? `${kind.label} ${creating ? "anlegen" : "bearbeiten"}` : "Bearbeiten",
    async load() {
      if (drawn) return; // a live refresh must not wipe what the user typed
      drawn = true;
      if (!kind) {
        root.replaceChildren(h("h1", {}, "Unbekannte Art von Eintrag"));
        return;
      }
      if (!currentAccount()) {
        root.replaceChildren(h("h1", {}, `${kind.label} ${creating ? "anlegen" : "bearbeiten"}`),
          h("p", { class: "error", role: "alert" }, "Zum Bearbeiten bitte zuerst anmelden (oben rechts „Anmelden“)."));
        return;
      }
      let record: Values | null = null;
      if (id) {
        const data = await request<{ record: Values | null }>(DOCUMENTS[kindName] ?? "", { id }, { operationName: `${kind.typeName}Edit` });
        record = data.record;
        if (!record) {
          root.replaceChildren(h("h1", {}, `${kind.label} nicht gefunden`));
          return;
        }
      }
      const allowed = record ? mayEdit(kindName, record as never) : mayCreate(kindName);
      if (!allowed) {
        root.replaceChildren(h("h1", {}, `${kind.label} ${creating ? "anlegen" : "bearbeiten"}`),
          h("p", { class: "error", role: "alert" }, creating
            ? `Ihr Konto darf keine Einträge dieser Art anlegen.`
            : `Ihr Konto darf diesen Eintrag nicht bearbeiten. Mitglieder bearbeiten nur die eigene Organisation, deren Angebote und Koordinator:innen.`));
        return;
      }
      drawForm(record);
    },
  };

  /**
   * A measure started from a gap row ("Maßnahme anlegen"): its title, Handlungsfeld,
   * Zielgruppe, Gemeinde and the gap's key come in the query (?luecke=…&titel=…).
   */
  function prefillFromGap(form: ReturnType<typeof editForm>): void {
    const key = route.query.get("luecke");
    if (!key) return;
    const set = (name: string, value: string | null): void => {
      const input = form.element.querySelector<HTMLInputElement>(`#f-${name}`);
      if (input && value) input.value = value;
    };
    const title = route.query.get("titel");
    set("title", title);
    form.set("gapKeys", key);
    const choose = (field: string, param: string): void => {
      const value = route.query.get(param);
      if (value) void form.pickers.get(field)?.choose([value]);
    };
    choose("topics", "handlungsfeld");
    choose("targetGroups", "zielgruppe");
    choose("municipalities", "gemeinde");
    form.element.prepend(h("p", { class: "note prefilled", role: "note" },
      `Vorausgefüllt aus der Lücke „${title ?? "…"}“. Bitte Arbeitskreis, Status und Fälligkeit ergänzen.`));
  }

  /**
   * A measure decided at a meeting ("Entscheidung als Maßnahme anlegen" on the meeting's
   * page): the meeting and its working group come in the query (?sitzung=…&arbeitskreis=…).
   */
  function prefillFromMeeting(form: ReturnType<typeof editForm>): void {
    const meeting = route.query.get("sitzung");
    if (!meeting) return;
    void form.pickers.get("decidedIn")?.choose([meeting]);
    const group = route.query.get("arbeitskreis");
    if (group) void form.pickers.get("workingGroup")?.choose([group]);
    form.element.prepend(h("p", { class: "note prefilled", role: "note" },
      "Vorausgefüllt aus der Sitzung: Die Maßnahme wird als dort beschlossen vermerkt."));
  }

  /** A new meeting from a working group's page (?arbeitskreis=…&art=…). */
  function prefillMeeting(form: ReturnType<typeof editForm>): void {
    const group = route.query.get("arbeitskreis");
    if (group) void form.pickers.get("workingGroup")?.choose([group]);
    const kindValue = route.query.get("art");
    const select = form.element.querySelector<HTMLSelectElement>("#f-kind");
    if (select && kindValue) select.value = kindValue;
    // a meeting recorded ahead of time; "stattgefunden" once it was held
    const stand = form.element.querySelector<HTMLSelectElement>("#f-status");
    if (stand && group) stand.value = "PLANNED";
  }

  function drawForm(record: Values | null): void {
    if (!kind) return;
    const spec = kind;
    const title = record ? String(record[spec.titleField] ?? record.name ?? id) : `Neu: ${spec.label}`;
    const summary = h("div", { class: "form-summary", role: "alert" });
    const conflict = h("div", { class: "conflict-box" });
    const extra: HTMLElement[] = [];
    let idInput: HTMLInputElement | null = null;
    let sourceInput: HTMLInputElement | null = null;
    if (!record && GENERATED_IDS.has(kindName)) {
      sourceInput = h("input", { id: "f-source", name: "source", type: "text", value: COCKPIT_SOURCE, "aria-describedby": "f-source-hint f-source-error" });
      extra.push(sourceField(sourceInput));
    }
    // a measure's id is made from its title when it is saved (generatedId): nobody needs to see it
    if (!record && !GENERATED_IDS.has(kindName)) {
      idInput = h("input", { id: "f-id", name: "id", type: "text", "aria-describedby": "f-id-hint f-id-error", "aria-required": "true" });
      sourceInput = h("input", { id: "f-source", name: "source", type: "text", value: COCKPIT_SOURCE, "aria-describedby": "f-source-hint f-source-error" });
      extra.push(
        h("div", { class: "field", "data-field": "id" }, h("label", { for: "f-id" }, "Kennung (ID)", h("span", { class: "required" }, " (Pflichtfeld)")), idInput,
          h("p", { id: "f-id-hint", class: "hint" }, "Kleinbuchstaben, Ziffern und Bindestriche; wird aus dem Namen vorgeschlagen und später nicht mehr geändert."),
          h("p", { id: "f-id-error", class: "field-error extra-error" })),
        sourceField(sourceInput));
    }
    const members = spec.memberships ? membersSection(
      ((record?.members as Member[] | undefined) ?? []).map((m) => ({ role: m.role, actor: m.actor }))) : null;
    const participants = spec.participants ? participantsSection((record?.participants as Participant[] | undefined) ?? []) : null;
    const agendaPrefill: AgendaEntry[] = route.query.get("punkt")
      ? [{ title: route.query.get("punkt") ?? "", gapKey: route.query.get("luecke"), measure: route.query.get("massnahme") }] : [];
    const agenda = spec.agenda ? agendaSection(record?.agenda, record ? [] : agendaPrefill) : null;
    const save = h("button", { type: "submit", class: "primary" }, "Speichern");
    const cancel = h("a", { href: record && id ? href(spec.route, id) : href("suche"), class: "button-link secondary" }, "Abbrechen");
    const form = editForm(spec, record, extra, () => void submit());
    if (members) form.element.append(members.element);
    if (participants) form.element.append(participants.element);
    if (agenda) form.element.append(agenda.element);
    form.element.append(h("div", { class: "buttons" }, save, cancel));

    // prefill a new offering's provider or a new coordinator's organisation from ?fuer=<actor>
    const forActor = route.query.get("fuer");
    if (!record && forActor) {
      const field = spec.fields.find((f) => f.ref === "actor" && f.control === "refs");
      if (field) void form.pickers.get(field.name)?.choose([forActor]);
    }
    if (!record && kindName === "measure") prefillFromGap(form);
    if (!record && kindName === "measure") prefillFromMeeting(form);
    if (!record && kindName === "event") prefillMeeting(form);
    const nameInput = form.element.querySelector<HTMLInputElement>(`#f-${spec.titleField}`);
    nameInput?.addEventListener("input", () => {
      if (idInput && !idInput.dataset.touched) idInput.value = slugify(nameInput.value);
    });
    idInput?.addEventListener("input", () => { if (idInput) idInput.dataset.touched = "1"; });

    const deleteBox = h("div", { class: "delete-box" });
    if (record && id && mayDelete(kindName, record as never)) {
      const start = h("button", { type: "button", class: "danger" }, "Löschen");
      start.addEventListener("click", () => {
        const yes = h("button", { type: "button", class: "danger" }, "Ja, endgültig löschen");
        const no = h("button", { type: "button" }, "Nicht löschen");
        const result = h("p", { role: "alert", class: "delete-result" });
        no.addEventListener("click", () => { deleteBox.replaceChildren(start); start.focus(); });
        yes.addEventListener("click", () => void (async () => {
          yes.disabled = true;
          try {
            await mutate(DOCUMENTS[kindName] ?? "", `Delete${spec.typeName}`,
              { id, expectedVersion: typeof record.version === "number" ? record.version : null });
            forgetOptions();
            location.hash = `${href("suche")}?geloescht=${encodeURIComponent(title)}`;
          } catch (error) {
            yes.disabled = false;
            result.textContent = error instanceof ApiError && error.code === "HAS_DEPENDENTS"
              ? dependentsInWords(spec, error)
              : error instanceof Error ? error.message : String(error);
          }
        })());
        deleteBox.replaceChildren(
          h("p", {}, `„${title}“ wirklich löschen? Die Beziehungen zu anderen Einträgen werden mit entfernt; die Änderung steht danach in „Änderungen“.`),
          h("div", { class: "buttons" }, yes, no), result);
        no.focus();
      });
      deleteBox.append(start);
    }

    root.replaceChildren(
      h("h1", {}, record ? `${spec.label} bearbeiten: ${title}` : `Neu: ${spec.label}`),
      h("p", { class: "intro" }, "Pflichtfelder sind markiert. Gespeichert wird nur, was Sie ändern; die Änderung ist sofort für alle sichtbar und steht mit Ihrem Namen in „Änderungen“."),
      summary, conflict, form.element,
      // only where this account may delete: a member saw the heading over an empty box
      deleteBox.childElementCount ? h("section", { class: "danger-zone" }, h("h2", {}, "Eintrag löschen"), deleteBox) : "");

    async function submit(): Promise<void> {
      if (!kind) return;
      summary.textContent = "";
      conflict.replaceChildren();
      const values = form.collect(record !== null);
      if (!values) {
        summary.textContent = "Bitte die markierten Felder prüfen.";
        return;
      }
      save.disabled = true;
      try {
        let targetId = id ?? "";
        if (record && id) {
          const memberChanges = members ? membershipDiff(record, members.value()) : [];
          const participantChanges = participants ? participants.diff(id) : [];
          if (agenda?.changed()) values.agenda = agenda.value();
          if (!Object.keys(values).length && !memberChanges.length && !participantChanges.length) {
            summary.textContent = "Sie haben nichts geändert.";
            return;
          }
          if (Object.keys(values).length) {
            await mutate(DOCUMENTS[kindName] ?? "", `Update${spec.typeName}`,
              { id, input: values, expectedVersion: typeof record.version === "number" ? record.version : null });
          }
          await applyMembers(memberChanges);
          await applyParticipants(participantChanges, COCKPIT_SOURCE);
        } else {
          const agendaValue = agenda?.value();
          const input = { ...values, ...(agendaValue ? { agenda: agendaValue } : {}), source: sourceInput?.value.trim() || COCKPIT_SOURCE };
          targetId = idInput
            ? idInput.value.trim()
            : await createWithGeneratedId(DOCUMENTS[kindName] ?? "", `Create${spec.typeName}`, input, String(values[spec.titleField] ?? ""));
          if (idInput) await mutate(DOCUMENTS[kindName] ?? "", `Create${spec.typeName}`, { input: { ...input, id: targetId } });
          if (members) await applyMembers(membershipDiff({ id: targetId, members: [] }, members.value()));
          if (participants) await applyParticipants(participants.diff(targetId), COCKPIT_SOURCE);
        }
        forgetOptions();
        location.hash = `${href(spec.route, targetId)}?gespeichert=1`;
      } catch (error) {
        report(error);
      } finally {
        save.disabled = false;
      }
    }

    function report(error: unknown): void {
      if (!(error instanceof ApiError)) {
        summary.textContent = error instanceof Error ? error.message : String(error);
        return;
      }
      if (error.code === "CONFLICT" && error.extensions.changes) {
        showConflict(error);
        return;
      }
      const atField = form.showErrors(error);
      summary.textContent = atField
        ? "Nicht gespeichert: bitte die markierten Felder prüfen."
        : `Nicht gespeichert: ${germanHalf(error.message)}`;
    }

    function showConflict(error: ApiError): void {
      const changes = error.extensions.changes ?? [];
      const labelOf = (field: string) => spec.fields.find((f) => f.name === field)?.label ?? field;
      const reload = h("button", { type: "button", class: "primary" }, "Neu laden (Ihre Eingaben verwerfen)");
      reload.addEventListener("click", () => void (async () => {
        const data = await request<{ record: Values | null }>(DOCUMENTS[kindName] ?? "", { id }, { operationName: `${spec.typeName}Edit` });
        if (data.record) drawForm(data.record);
        root.querySelector<HTMLElement>("h1")?.focus();
      })());
      conflict.replaceChildren(h("div", { class: "conflict", role: "alert" },
        h("h2", {}, "Inzwischen hat jemand anderes gespeichert"),
        h("p", {}, "Ihre Änderungen wurden nicht gespeichert, damit nichts verloren geht. Seit Sie das Formular geöffnet haben, wurde geändert:"),
        h("ul", {}, ...changes.map((change) => h("li", {},
          h("strong", {}, change.author), ` am ${date(change.at)}: `,
          h("ul", {}, ...change.fields.map((f) => h("li", {}, `${labelOf(f.field)}: „${shown(f.old)}“ → „${shown(f.new)}“`)))))),
        h("p", {}, "Laden Sie den aktuellen Stand neu und tragen Sie Ihre Änderung dort noch einmal ein."),
        reload));
      reload.focus();
    }
  }
}

/** The kinds whose new records get an id made from the title, without an id field. */
const GENERATED_IDS = new Set(["measure"]);

function sourceField(sourceInput: HTMLInputElement): HTMLElement {
  return h("div", { class: "field", "data-field": "source" }, h("label", { for: "f-source" }, "Quelle"), sourceInput,
    h("p", { id: "f-source-hint", class: "hint" }, "Woher die Angaben stammen (eine Quellenangabe, keine Berechtigung)."),
    h("p", { id: "f-source-error", class: "field-error extra-error" }));
}

/**
 * Create a record under an id made from its title ("sprachkurs-im-nordkreis"), or, where
 * that id is taken (CONFLICT), under the next free "-2", "-3" …; the id it got.
 */
async function createWithGeneratedId(document: string, operation: string, input: Values, title: string): Promise<string> {
  const base = slugify(title).slice(0, 60).replace(/-+$/, "") || "massnahme";
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    try {
      await mutate(document, operation, { input: { ...input, id } });
      return id;
    } catch (error) {
      // a create has no version to conflict with: CONFLICT says the id is taken
      if (!(error instanceof ApiError && error.code === "CONFLICT") || n >= 50) throw error;
    }
  }
}

function membershipDiff(record: Values, now: Member[]): { connect?: Member; disconnect?: string }[] {
  const before = new Map(((record.members as Member[] | undefined) ?? []).map((m) => [m.actor.id, m.role]));
  const out: { connect?: Member; disconnect?: string }[] = [];
  for (const member of now) if (before.get(member.actor.id) !== member.role) out.push({ connect: member });
  for (const actorId of before.keys()) if (!now.some((m) => m.actor.id === actorId)) out.push({ disconnect: actorId });
  return out.map((change) => ({ ...change, group: record.id }));
}

async function applyMembers(changes: { connect?: Member; disconnect?: string; group?: unknown }[]): Promise<void> {
  for (const change of changes) {
    const workingGroup = String(change.group ?? "");
    try {
      if (change.connect) {
        await mutate(workingGroupEdit, "ConnectMembership", {
          input: { actor: change.connect.actor.id, workingGroup, role: change.connect.role, source: COCKPIT_SOURCE },
        });
      } else if (change.disconnect) {
        await mutate(workingGroupEdit, "DisconnectMembership", { input: { actor: change.disconnect, workingGroup } });
      }
    } catch (error) {
      if (error instanceof ApiError) {
        throw new ApiError(error.message, error.status, error.code, { ...error.extensions, field: "members" });
      }
      throw error;
    }
  }
}

export const editRecordView = (root: HTMLElement, route: Route): View => editView(root, route, false);
export const newRecordView = (root: HTMLElement, route: Route): View => editView(root, route, true);
