// Detail pages for actor, offering, working group, municipality and coordinator.
// Contact data of people (coordinators) is shown only to a signed-in user: the API returns
// null otherwise, and the page then says how to see it instead of showing an empty field.

import { ApiError, mutate, request } from "../api";
import { fieldName, KINDS } from "../edit/form";
import { mayCreate, mayEdit, type Owned } from "../edit/permissions";
import { date, euro, facts, german, h, links, num, percent } from "../dom";
import confirmDocument from "../graphql/confirm.graphql?raw";
import actorDocument from "../graphql/actor.graphql?raw";
import coordinatorDocument from "../graphql/coordinator.graphql?raw";
import municipalityDocument from "../graphql/municipality.graphql?raw";
import offeringDocument from "../graphql/offering.graphql?raw";
import workingGroupDocument from "../graphql/workingGroup.graphql?raw";
import { exportButtons } from "../export";
import { actorKind, eventKind, label, municipalityKind, offeringKind, sourceLabel } from "../labels";
import { href, type Route } from "../router";
import { currentAccount } from "../session";
import type { View } from "../view";
import { historySection } from "./history";
import { measureList, type MeasureItem } from "../measures/list";
import { agendaSection } from "../measures/agenda";

interface Ref { id: string; name: string }
interface Person { id: string; name: string; role: string; title?: string | null; email?: string | null; phone?: string | null }

const refs = (view: string, items: Ref[]) => links(items.map((item) => ({ href: href(view, item.id), text: item.name })));
const titled = (view: string, items: { id: string; title: string }[]) => refs(view, items.map((o) => ({ id: o.id, name: o.title })));

function contact(person: Person): (Node | string)[] {
  if (!currentAccount()) return [h("span", { class: "contact-hidden" }, "Kontaktdaten nur nach Anmeldung sichtbar")];
  const parts: (Node | string)[] = [];
  if (person.email) parts.push(h("a", { href: `mailto:${person.email}`, class: "contact" }, person.email));
  if (person.phone) parts.push(parts.length ? " · " : "", h("a", { href: `tel:${person.phone}`, class: "contact" }, person.phone));
  return parts.length ? parts : [h("span", {}, "keine Kontaktdaten erfasst")];
}

function people(title: string, items: Person[]): HTMLElement | string {
  if (!items.length) return "";
  return h("section", { class: "people" }, h("h2", {}, title), h("ul", {}, ...items.map((person) =>
    h("li", {}, h("a", { href: href("koordination", person.id) }, person.name), `, ${person.role}: `, ...contact(person)))));
}

function notFound(root: HTMLElement, what: string): void {
  root.replaceChildren(h("h1", {}, `${what} nicht gefunden`), h("p", {}, h("a", { href: href("suche") }, "Zur Suche")));
}

/** "Bearbeiten" and "Neu" where the caller may use them (the API refuses anything else). */
function editBar(kind: string, record: Owned, extra: HTMLElement[] = []): HTMLElement | string {
  const spec = KINDS[kind];
  if (!spec) return "";
  const items: HTMLElement[] = [];
  if (mayEdit(kind, record)) items.push(h("a", { href: href("bearbeiten", spec.route, record.id), class: "button-link" }, "Bearbeiten"));
  items.push(...extra);
  if (mayCreate(kind)) items.push(h("a", { href: href("neu", spec.route), class: "button-link secondary" }, `Neu: ${spec.label}`));
  return items.length ? h("div", { class: "edit-bar" }, ...items) : "";
}

/** Where a record's values come from: who confirmed it last, which fields an edit changed. */
interface Provenance {
  verifiedAt?: string | null;
  verifiedBy?: string | null;
  provenance?: { field: string; source: string; changedBy: string | null; changedAt: string | null }[];
}

const CONFIRM: Record<string, string> = {
  actor: "ConfirmActor", offering: "ConfirmOffering", workingGroup: "ConfirmWorkingGroup", coordinator: "ConfirmCoordinator",
  event: "ConfirmEvent",
};

/** Fields edited in a section of their own rather than as a form field. */
const SECTION_LABELS: Record<string, string> = { agenda: "Tagesordnung" };

function fieldLabel(kind: string, field: string): string {
  return fieldName(KINDS[kind], field) ?? SECTION_LABELS[field] ?? field;
}

/** "geändert im Cockpit von … am …" for one field. */
function changedText(entry: { source: string; changedBy: string | null; changedAt: string | null }): string {
  const channel = entry.source === "Cockpit" ? "im Cockpit" : entry.source === "API" ? "über die API" : `(${entry.source})`;
  return `geändert ${channel}${entry.changedBy ? ` von ${entry.changedBy}` : ""}${entry.changedAt ? ` am ${date(entry.changedAt)}` : ""}`;
}

/**
 * "Geprüft am … von …", the fields an edit changed (the rest comes from the record's
 * source), and "Angaben stimmen noch" for whoever may edit the record. The changed fields
 * are also marked at their value where the page shows one under the same label.
 */
function provenanceBlock(root: HTMLElement, kind: string, item: Owned & Provenance & { source?: string }, reload: () => Promise<void>): HTMLElement {
  const changes = item.provenance ?? [];
  for (const entry of changes) {
    const label = fieldLabel(kind, entry.field);
    const dt = [...root.querySelectorAll("dl.facts dt")].find((d) => d.textContent === label);
    dt?.nextElementSibling?.append(" ", h("span", { class: "provenance" }, `(${changedText(entry)})`));
  }
  const verified = h("p", { class: "verified" }, item.verifiedAt
    ? `Geprüft am ${date(item.verifiedAt)}${item.verifiedBy ? ` von ${item.verifiedBy}` : ""}.`
    : "Noch nicht als aktuell bestätigt.");
  const result = h("p", { class: "confirm-result", role: "status" });
  const section = h("section", { class: "provenance-section", "aria-labelledby": "herkunft" },
    h("h2", { id: "herkunft" }, "Herkunft und Prüfung"), verified,
    changes.length
      ? [h("p", {}, `Aus der Quelle „${sourceLabel(item.source ?? "")}“, außer diesen Angaben:`),
        h("ul", { class: "changed-fields" }, ...changes.map((entry) =>
          h("li", {}, h("strong", {}, fieldLabel(kind, entry.field)), `: ${changedText(entry)}`)))]
      : h("p", {}, `Alle Angaben aus der Quelle „${sourceLabel(item.source ?? "")}“.`));
  const operation = CONFIRM[kind];
  if (operation && mayEdit(kind, item)) {
    const button = h("button", { type: "button", class: "confirm", "aria-describedby": "confirm-help" }, "Angaben stimmen noch");
    button.addEventListener("click", () => void (async () => {
      button.disabled = true;
      try {
        await mutate(confirmDocument, operation, { id: item.id });
        await reload();
        const again = root.querySelector<HTMLElement>(".confirm-result");
        if (again) again.textContent = "Danke, bestätigt: Die Angaben stimmen noch.";
        root.querySelector<HTMLElement>("button.confirm")?.focus();
      } catch (error) {
        button.disabled = false;
        result.textContent = `Nicht bestätigt: ${german(error instanceof ApiError || error instanceof Error ? error.message : String(error))}`;
      }
    })());
    section.append(h("div", { class: "buttons" }, button,
      h("span", { class: "hint", id: "confirm-help" }, "Bestätigt, dass alles auf dieser Seite noch stimmt; ändert nichts.")));
  }
  section.append(result);
  return section;
}

export function detailView<T extends { id: string }>(title: string, document: string, field: string, kind: string | null,
  draw: (root: HTMLElement, item: T) => void) {
  return (root: HTMLElement, route: Route): View => {
    const view: View = {
      title,
      async load() {
        const result = await request<Record<string, T | null>>(document, { id: route.params[0] ?? "" });
        const item = result[field];
        if (!item) {
          notFound(root, title);
          return;
        }
        draw(root, item);
        if (route.query.get("gespeichert")) {
          root.querySelector("h1")?.after(h("p", { class: "saved", role: "status" }, "Gespeichert. Die Änderung ist für alle sichtbar."));
        }
        if (kind) {
          const bar = editBar(kind, item as unknown as Owned, kind === "actor" ? actorExtras(item.id) : []);
          if (bar) root.querySelector("h1")?.after(bar);
          root.append(provenanceBlock(root, kind, item as unknown as Owned & Provenance, () => view.load()));
          root.append(await historySection(item.id));
        }
      },
    };
    return view;
  };
}

function actorExtras(actorId: string): HTMLElement[] {
  const account = currentAccount();
  const own = account !== null && (account.role === "editor" || account.role === "admin" || account.actorIds.includes(actorId));
  if (!own) return [];
  return [
    mayCreate("offering") ? h("a", { href: `${href("neu", "angebot")}?fuer=${encodeURIComponent(actorId)}`, class: "button-link secondary" }, "Neues Angebot dieser Organisation") : null,
    mayCreate("coordinator") ? h("a", { href: `${href("neu", "koordination")}?fuer=${encodeURIComponent(actorId)}`, class: "button-link secondary" }, "Neue Koordination dieser Organisation") : null,
  ].filter((item): item is HTMLAnchorElement => item !== null);
}

function source(value: string): string {
  return sourceLabel(value);
}

interface ActorData extends Ref {
  kind: string; description: string | null; website: string | null; email: string | null; phone: string | null;
  address: string | null; founded: string | null; source: string; updatedAt: string | null;
  network: { betweenness: number; ties: number; community: number | null } | null;
  locatedIn: Ref | null; activeIn: Ref[]; partOf: Ref | null; parts: Ref[];
  offerings: { id: string; title: string; kind: string }[];
  memberships: { role: string; workingGroup: Ref }[];
  cooperations: { kind: string | null; partner: Ref }[];
  coordinators: Person[]; people: Person[];
}

export const actorView = detailView<ActorData>("Akteur", actorDocument, "actor", "actor", (root, a) => {
  root.replaceChildren(
    h("h1", {}, a.name), h("p", { class: "intro" }, actorKind(a.kind)),
    a.description ? h("p", { class: "text-block" }, a.description) : "",
    facts([
      ["Sitz", a.locatedIn ? refs("gemeinde", [a.locatedIn]) : null],
      ["Aktiv in", refs("gemeinde", a.activeIn)],
      ["Teil von", a.partOf ? refs("akteur", [a.partOf]) : null],
      ["Untergliederungen", refs("akteur", a.parts)],
      ["Website", a.website ? h("a", { href: a.website }, a.website) : null],
      ["Kontakt der Organisation (öffentlich)", [a.email, a.phone, a.address].filter(Boolean).join(" · ") || null],
      ["Gegründet", a.founded ? date(a.founded) : null],
      ["Verbindungen im Netz", a.network ? `${num(a.network.ties)} (Vermittlerrolle ${percent(a.network.betweenness)})` : null],
      ["Quelle", source(a.source)],
      ["Zuletzt geändert", a.updatedAt ? date(a.updatedAt) : null],
    ]),
    h("section", {}, h("h2", {}, `Angebote (${a.offerings.length})`),
      a.offerings.length ? h("ul", { class: "columns" }, ...a.offerings.map((o) => h("li", {}, h("a", { href: href("angebot", o.id) }, o.title), ` (${offeringKind(o.kind)})`)))
        : h("p", {}, "Keine Angebote erfasst.")),
    h("section", {}, h("h2", {}, "Arbeitskreise"),
      a.memberships.length ? h("ul", {}, ...a.memberships.map((m) => h("li", {}, h("a", { href: href("arbeitskreis", m.workingGroup.id) }, m.workingGroup.name), ` (${label(m.role)})`)))
        : h("p", {}, "In keinem Arbeitskreis.")),
    h("section", {}, h("h2", {}, "Kooperationen"),
      a.cooperations.length ? h("ul", { class: "columns" }, ...a.cooperations.map((c) => h("li", {}, h("a", { href: href("akteur", c.partner.id) }, c.partner.name), c.kind ? ` (${label(c.kind)})` : "")))
        : h("p", {}, "Keine Kooperationen erfasst.")),
    people("Koordination", a.coordinators),
    a.people.length ? h("section", {}, h("h2", {}, "Weitere Personen"), h("ul", {}, ...a.people.map((p) => h("li", {}, [p.title, p.name].filter(Boolean).join(" "), `, ${p.role}`)))) : "",
  );
});

interface OfferingData {
  id: string; title: string; kind: string; description: string | null; schedule: string | null; capacity: number | null;
  cost: number | null; startDate: string | null; endDate: string | null; fundingProgram: string | null; source: string; updatedAt: string | null;
  providers: Ref[]; funders: { program: string | null; funder: Ref }[]; topics: Ref[]; targetGroups: Ref[];
  languages: Ref[]; municipalities: Ref[]; coordinators: Person[];
}

export const offeringView = detailView<OfferingData>("Angebot", offeringDocument, "offering", "offering", (root, o) => {
  root.replaceChildren(
    h("h1", {}, o.title), h("p", { class: "intro" }, offeringKind(o.kind)),
    o.description ? h("p", { class: "text-block" }, o.description) : "",
    facts([
      ["Anbieter", refs("akteur", o.providers)],
      ["Förderung", links(o.funders.map((f) => ({ href: href("akteur", f.funder.id), text: f.program ? `${f.funder.name} (${f.program})` : f.funder.name })))],
      ["Handlungsfelder", o.topics.map((t) => t.name).join(", ")],
      ["Zielgruppen", o.targetGroups.map((t) => t.name).join(", ")],
      ["Sprachen", o.languages.map((l) => l.name).join(", ")],
      ["Für die Gemeinden", refs("gemeinde", o.municipalities)],
      ["Termine", o.schedule], ["Plätze", o.capacity === null ? null : num(o.capacity)],
      ["Kosten", o.cost === null ? null : euro(o.cost)],
      ["Beginn", o.startDate ? date(o.startDate) : null], ["Ende", o.endDate ? date(o.endDate) : null],
      ["Förderprogramm", o.fundingProgram], ["Quelle", source(o.source)],
    ]),
    people("Koordination", o.coordinators));
});

interface WorkingGroupData {
  id: string; name: string; description: string | null; founded: string | null; meetingCadence: string | null; source: string;
  topics: Ref[]; members: { role: string; since: string | null; actor: Ref & { kind: string } }[]; coordinators: Person[];
  measures: MeasureItem[];
  meetings: { id: string; name: string; date: string | null; kind: string | null; status: string }[];
}

/** The group's meetings, newest first: date, kind and a link to each. */
function meetingsSection(w: WorkingGroupData): HTMLElement {
  const meetings = [...w.meetings].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
  const query = new URLSearchParams({ arbeitskreis: w.id, art: "WORKING_GROUP_MEETING" });
  return h("section", { "aria-labelledby": "ak-sitzungen" }, h("h2", { id: "ak-sitzungen" }, `Sitzungen (${meetings.length})`),
    meetings.length ? h("ul", { class: "meeting-list" }, ...meetings.map((m) => h("li", {},
      m.date ? `${date(m.date)}: ` : "ohne Datum: ",
      h("a", { href: href("ereignis", m.id) }, m.name), ` (${eventKind(m.kind ?? "EVENT")})`)))
      : h("p", { class: "empty" }, "Keine Sitzung erfasst."),
    mayCreate("event") ? h("div", { class: "edit-bar" },
      h("a", { href: `${href("neu", "ereignis")}?${query.toString()}`, class: "button-link secondary" }, "Neue Sitzung dieses Arbeitskreises")) : "");
}

export const workingGroupView = detailView<WorkingGroupData>("Arbeitskreis", workingGroupDocument, "workingGroup", "workingGroup", (root, w) => {
  root.replaceChildren(
    h("h1", {}, w.name), h("p", { class: "intro" }, "Arbeitskreis"),
    w.description ? h("p", { class: "text-block" }, w.description) : "",
    facts([["Handlungsfelder", w.topics.map((t) => t.name).join(", ")], ["Gegründet", w.founded ? date(w.founded) : null],
      ["Treffen", w.meetingCadence], ["Quelle", source(w.source)]]),
    h("section", {}, h("h2", {}, `Mitglieder (${w.members.length})`),
      w.members.length ? h("ul", { class: "columns" }, ...w.members.map((m) => h("li", {},
        h("a", { href: href("akteur", m.actor.id) }, m.actor.name), ` (${label(m.role)}, ${actorKind(m.actor.kind)})`)))
        : h("p", {}, "Keine Mitglieder erfasst."),
      w.members.length ? exportButtons("Mitglieder", () => ({
        title: `Mitglieder ${w.name}`,
        columns: [{ label: "Akteur" }, { label: "Art" }, { label: "Rolle" }, { label: "Mitglied seit", type: "date" }],
        rows: w.members.map((m) => [m.actor.name, actorKind(m.actor.kind), label(m.role), m.since ?? null]),
      }), "members-export") : ""),
    people("Koordination", w.coordinators),
    h("section", { "aria-labelledby": "ak-massnahmen" }, h("h2", { id: "ak-massnahmen" }, `Maßnahmen (${w.measures.length})`),
      measureList(w.measures, "Dieser Arbeitskreis ist für keine Maßnahme verantwortlich.")),
    meetingsSection(w),
    agendaSection(w.id, w.name));
});

interface MunicipalityData {
  id: string; name: string; kind: string; ags: string | null; population: number | null; populationYear: number | null;
  migrantPopulation: number | null; source: string; partOf: Ref | null; parts: (Ref & { kind: string })[];
  offerings: { id: string; title: string; kind: string }[]; actors: (Ref & { kind: string })[];
  residents: { count: number; year: number; source: string | null; country: Ref }[];
}

export const municipalityView = detailView<MunicipalityData>("Gemeinde", municipalityDocument, "municipality", null, (root, m) => {
  root.replaceChildren(
    h("h1", {}, m.name), h("p", { class: "intro" }, municipalityKind(m.kind)),
    facts([
      ["Teil von", m.partOf ? refs("gemeinde", [m.partOf]) : null],
      ["Gemeinden", refs("gemeinde", m.parts)],
      ["Amtlicher Gemeindeschlüssel", m.ags],
      ["Einwohner:innen", m.population === null ? null : `${num(m.population)}${m.populationYear ? ` (${m.populationYear})` : ""}`],
      ["mit Einwanderungsgeschichte", m.migrantPopulation === null ? null : num(m.migrantPopulation)],
      ["Größte Herkunftsgruppen", m.residents.length ? [m.residents.map((r) => `${r.country.name} ${num(r.count)}`).join(", "),
        ...(m.residents.some((r) => r.source?.includes("example")) ? [" ", h("strong", { class: "example-mark" }, "(Beispieldaten, erfunden)")] : [])] : null],
      ["Quelle", source(m.source)],
    ]),
    h("section", {}, h("h2", {}, `Angebote vor Ort (${m.offerings.length})`),
      m.offerings.length ? h("ul", { class: "columns" }, ...titled("angebot", m.offerings).map((child) => child instanceof Node ? h("li", {}, child) : null))
        : h("p", {}, "Kein Angebot für diese Gemeinde erfasst (kreisweite Angebote nicht mitgezählt).")),
    h("section", {}, h("h2", {}, `Akteure (${m.actors.length})`),
      m.actors.length ? h("ul", { class: "columns" }, ...m.actors.map((a) => h("li", {}, h("a", { href: href("akteur", a.id) }, a.name), ` (${actorKind(a.kind)})`)))
        : h("p", {}, "Kein Akteur mit Sitz oder Tätigkeit hier erfasst.")));
});

interface CoordinatorData extends Person {
  responsibility: string | null; since: string | null; until: string | null; source: string;
  worksFor: Ref[]; offerings: { id: string; title: string }[]; workingGroups: Ref[]; topics: Ref[];
}

export const coordinatorView = detailView<CoordinatorData>("Koordination", coordinatorDocument, "coordinator", "coordinator", (root, c) => {
  root.replaceChildren(
    h("h1", {}, c.name), h("p", { class: "intro" }, c.role),
    facts([
      ["Arbeitet für", refs("akteur", c.worksFor)],
      ["Zuständig für", c.responsibility],
      ["Seit", c.since ? date(c.since) : null], ["Bis", c.until ? date(c.until) : null],
      ["Kontakt", contact(c)],
      ["Koordiniert Arbeitskreise", refs("arbeitskreis", c.workingGroups)],
      ["Koordiniert Handlungsfelder", c.topics.map((t) => t.name).join(", ")],
      ["Koordiniert Angebote", titled("angebot", c.offerings)],
      ["Quelle", source(c.source)],
    ]));
});
