// German names for the API's enum values (the API speaks English identifiers).

const ACTOR_KINDS: Record<string, string> = {
  ADMINISTRATION: "Verwaltung",
  POLITICS: "Politik",
  WELFARE_ASSOCIATION: "Wohlfahrtsverband",
  ASSOCIATION: "Verein",
  VOLUNTEER_INITIATIVE: "Ehrenamtliche Initiative",
  EDUCATION_PROVIDER: "Bildungsträger",
  EMPLOYMENT_AGENCY: "Arbeitsverwaltung",
  MIGRANT_ORGANISATION: "Migrantenorganisation",
  RELIGIOUS_COMMUNITY: "Religionsgemeinschaft",
  RESEARCH_INSTITUTE: "Forschung",
  CULTURE_SPORT: "Kultur und Sport",
};

const OFFERING_KINDS: Record<string, string> = {
  COURSE: "Kurs",
  COUNSELLING: "Beratung",
  MEETING_POINT: "Treffpunkt",
  MENTORING: "Patenschaft / Mentoring",
  EVENT_SERIES: "Veranstaltungsreihe",
  SERVICE: "Dienst",
};

const MUNICIPALITY_KINDS: Record<string, string> = {
  COUNTY: "Landkreis",
  SAMTGEMEINDE: "Samtgemeinde",
  EINHEITSGEMEINDE: "Einheitsgemeinde",
  MEMBER_MUNICIPALITY: "Mitgliedsgemeinde",
  UNINCORPORATED_AREA: "Gemeindefreies Gebiet",
};

const EVENT_KINDS: Record<string, string> = {
  NETWORK_MEETING: "Netzwerktreffen",
  WORKING_GROUP_MEETING: "AK-Sitzung",
  EVENT: "Veranstaltung",
};

const EVENT_STATUS: Record<string, string> = {
  HELD: "stattgefunden",
  PLANNED: "geplant",
};

const PARTICIPATION_ROLES: Record<string, string> = {
  HOST: "Gastgeber:in",
  SPEAKER: "Redner:in",
  PERFORMER: "Mitwirkende:r",
  GUEST: "Gast",
};

const OTHER: Record<string, string> = {
  MEMBER: "Mitglied",
  SPOKESPERSON: "Sprecher:in",
  CHAIR: "Vorsitz",
  GUEST: "Gast",
  PARTNERSHIP: "Partnerschaft",
  REFERRAL: "Verweisberatung",
  JOINT_PROJECT: "Gemeinsames Projekt",
  UMBRELLA: "Dachverband",
  ACTOR: "Akteur",
  OFFERING: "Angebot",
  WORKING_GROUP: "Arbeitskreis",
  TOPIC: "Handlungsfeld",
  TARGET_GROUP: "Zielgruppe",
  EVENT: "Ereignis",
  MEASURE: "Maßnahme",
};

function key(value: string): string {
  // "WorkingGroup", "working-group" and "WORKING_GROUP" are one key
  return value.trim().replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase().replace(/[\s-]+/g, "_");
}

export function actorKind(value: string | null | undefined): string {
  return value ? ACTOR_KINDS[key(value)] ?? value : "";
}

export function offeringKind(value: string | null | undefined): string {
  return value ? OFFERING_KINDS[key(value)] ?? value : "";
}

export function municipalityKind(value: string | null | undefined): string {
  return value ? MUNICIPALITY_KINDS[key(value)] ?? value : "";
}

export function eventKind(value: string | null | undefined): string {
  return value ? EVENT_KINDS[key(value)] ?? value : "";
}

export function eventStatus(value: string | null | undefined): string {
  return value ? EVENT_STATUS[key(value)] ?? value : "";
}

export function participationRole(value: string | null | undefined): string {
  return value ? PARTICIPATION_ROLES[key(value)] ?? value : "";
}

export const PARTICIPATION_ROLE_VALUES = Object.keys(PARTICIPATION_ROLES);

export function label(value: string | null | undefined): string {
  return value ? OTHER[key(value)] ?? value : "";
}

/** Where a record comes from, in words: the two short source codes of the dataset spelled out. */
const SOURCES: Record<string, string> = {
  example: "Beispieldaten (zur Veranschaulichung erfunden)",
  article: "Zeitungsartikel über die Stabsstelle Integration",
};

export function sourceLabel(value: string | null | undefined): string {
  return value ? SOURCES[value] ?? value : "unbekannt";
}

/**
 * "Arbeitskreis Bildung" as a phrase after the word: a group whose name begins with
 * "Arbeitskreis" (or "AK") is named alone, any other ("Steuerungsgruppe …") after the
 * word, so that no text reads "Arbeitskreis Arbeitskreis Bildung".
 */
export function workingGroupPhrase(name: string): string {
  return /^(arbeitskreis|ak)\b/i.test(name.trim()) ? name : `Arbeitskreis ${name}`;
}
