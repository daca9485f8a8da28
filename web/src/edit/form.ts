// One form for every editable kind, drawn from the declared table in forms.json (checked
// against schema.graphql by tests/web/test_documents.py): labels in German, one control per
// input field, pickers for references. The form sends only the fields the user changed,
// with the version it started from; the API's messages are shown at the field they name.

import type { ApiError } from "../api";
import { h } from "../dom";
import { actorKind, eventKind, eventStatus, offeringKind } from "../labels";
import { gapKeysField } from "../measures/gapField";
import { MEASURE_PRIORITY, MEASURE_STATUS } from "../measures/gapState";
import forms from "./forms.json";
import { fieldMessage } from "./messages";
import { picker, type Option, type Picker } from "./picker";

export interface FieldSpec {
  name: string;
  label: string;
  control: string;
  required?: boolean;
  enum?: string;
  values?: string[];
  ref?: string;
}

export interface KindSpec {
  label: string;
  route: string;
  typeName: string;
  create: string;
  update: string;
  delete: string;
  input: string;
  patch: string;
  titleField: string;
  memberships?: boolean;
  /** The event form: participants and agenda in sections of their own (views/eventForm.ts). */
  participants?: boolean;
  agenda?: boolean;
  fields: FieldSpec[];
}

export const KINDS = forms.kinds as unknown as Record<string, KindSpec>;

/** The kind whose detail page has this route (akteur -> actor). */
/** A field's name as pages and the history show it: the form's label without the hint in
 * brackets that helps fill it in ("Gegründet (Jahr, …)" -> "Gegründet"). */
export function fieldName(kind: KindSpec | undefined, field: string): string | undefined {
  return kind?.fields.find((f) => f.name === field)?.label.replace(/\s*\([^)]*\)$/, "");
}

export function kindOfRoute(route: string): string | undefined {
  return Object.entries(KINDS).find(([, spec]) => spec.route === route)?.[0];
}

export type Values = Record<string, unknown>;

interface Control {
  spec: FieldSpec;
  picker?: Picker;
  read(): { value: unknown; problem?: string };
  focus(): void;
  /** A value set from outside (a prefill); the plain inputs are set directly. */
  set?(value: string): void;
  error: HTMLElement;
  input: HTMLElement;
}

function enumLabel(spec: FieldSpec, value: string): string {
  if (spec.enum === "ActorKind") return actorKind(value);
  if (spec.enum === "OfferingKind") return offeringKind(value);
  if (spec.enum === "MeasureStatus") return MEASURE_STATUS[value] ?? value;
  if (spec.enum === "MeasurePriority") return MEASURE_PRIORITY[value] ?? value;
  if (spec.enum === "EventKind") return eventKind(value);
  if (spec.enum === "EventStatus") return eventStatus(value);
  return value;
}

function refsOf(value: unknown): Option[] {
  if (Array.isArray(value)) return value as Option[];
  if (value && typeof value === "object") return [value as Option];
  return [];
}

function control(spec: FieldSpec, initial: unknown): { wrapper: HTMLElement; control: Control } {
  const id = `f-${spec.name}`;
  const errorId = `${id}-error`;
  const error = h("p", { id: errorId, class: "field-error" });
  const required = spec.required ? h("span", { class: "required" }, " (Pflichtfeld)") : null;
  if (spec.control === "ref" || spec.control === "refs") {
    const chooser: Picker = picker(id, spec.label, spec.ref ?? "", spec.control === "ref", errorId);
    chooser.set(refsOf(initial));
    const wrapper = h("div", { class: "field", "data-field": spec.name },
      h("label", { for: id }, spec.label, required), chooser.element, error);
    return {
      wrapper,
      control: {
        spec, error, input: chooser.input, picker: chooser,
        read: () => ({ value: spec.control === "ref" ? chooser.value()[0] ?? null : chooser.value() }),
        focus: () => chooser.input.focus(),
      },
    };
  }
  if (spec.control === "gaps") {
    const gaps = gapKeysField(id, spec.label, typeof initial === "string" ? initial : "", errorId);
    const wrapper = h("div", { class: "field", "data-field": spec.name }, gaps.element, error);
    return {
      wrapper,
      control: {
        spec, error, input: gaps.input, set: gaps.set,
        read: () => ({ value: gaps.value() }),
        focus: () => gaps.input.focus(),
      },
    };
  }
  let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  const common = { id, name: spec.name, "aria-describedby": errorId, "aria-required": spec.required ? "true" : null };
  if (spec.control === "enum") {
    input = h("select", common,
      h("option", { value: "" }, "– bitte wählen –"),
      ...(spec.values ?? []).map((value) => h("option", { value }, enumLabel(spec, value))));
  } else if (spec.control === "textarea") {
    input = h("textarea", { ...common, rows: 4 });
  } else {
    const type = { url: "url", email: "email", tel: "tel", date: "date" }[spec.control] ?? "text";
    const inputmode = spec.control === "int" ? "numeric" : spec.control === "float" ? "decimal" : null;
    // a date field takes four-digit years only: Chromium lets a typed 31122026 become 22026
    input = h("input", { ...common, type, inputmode, max: type === "date" ? "9999-12-31" : null });
  }
  input.value = initial === null || initial === undefined ? "" :
    spec.control === "float" ? euros(Number(initial)) : String(initial);
  const wrapper = h("div", { class: "field", "data-field": spec.name }, h("label", { for: id }, spec.label, required), input, error);
  return {
    wrapper,
    control: {
      spec, error, input,
      focus: () => input.focus(),
      read() {
        const raw = input.value.trim();
        if (spec.control === "date" && input instanceof HTMLInputElement && input.validity.badInput) {
          return { value: null, problem: "Das Datum ist unvollständig oder ungültig; bitte Tag, Monat und Jahr angeben." };
        }
        if (!raw) return { value: null };
        if (spec.control === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
          return { value: null, problem: "Bitte ein Datum mit vierstelliger Jahreszahl angeben, z. B. 31.12.2026." };
        }
        if (spec.control === "int") {
          return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { value: null, problem: "Bitte eine ganze Zahl eingeben." };
        }
        if (spec.control === "float") {
          const number = euroAmount(raw);
          if (/^-/.test(raw)) return { value: null, problem: "Ein Betrag kann nicht negativ sein; 0 heißt kostenlos." };
          return Number.isFinite(number) ? { value: number } : { value: null, problem: "Bitte einen Betrag in Euro eingeben, z. B. 12,50." };
        }
        return { value: raw };
      },
    },
  };
}

/**
 * An amount in Euro as people write it: "5,50", "5,50 €", "1.200 EUR", "12 Euro", and
 * "5.50" from an English keyboard (a dot is a thousands separator only before groups of
 * three digits, so "5.50" is never 550); NaN for anything else.
 */
function euroAmount(text: string): number {
  const amount = text.replace(/\s*(€|EUR|Euro)$/i, "").replace(/^(€|EUR)\s*/i, "");
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(amount)) return Number(amount.replace(/\./g, "").replace(",", "."));
  if (/^\d+(,\d+)?$/.test(amount)) return Number(amount.replace(",", "."));
  if (/^\d+\.\d{1,2}$/.test(amount)) return Number(amount);
  return NaN;
}

/** An amount in Euro as a German form shows it and `euroAmount` reads it back: 5,50 (cents
 * always two digits), 1.200 for a whole amount; every stored digit kept, so that an
 * untouched field never counts as changed. */
function euros(amount: number): string {
  return amount.toLocaleString("de-DE", { minimumFractionDigits: Number.isInteger(amount) ? 0 : 2, maximumFractionDigits: 20 });
}

/** The stored value of a field as the input would take it (references as ids). */
function stored(spec: FieldSpec, value: unknown): unknown {
  if (spec.control === "refs") return refsOf(value).map((o) => o.id).sort();
  if (spec.control === "ref") return refsOf(value)[0]?.id ?? null;
  return value === undefined || value === "" ? null : value;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  return a === b;
}

export interface EditForm {
  element: HTMLFormElement;
  pickers: Map<string, Picker>;
  /** Set a field's value as if typed (a prefill): `gapKeys` from the gap's row. */
  set(name: string, value: string): void;
  /** The input: every field on create, only the changed ones on update; null when a field is not valid. */
  collect(onlyChanged: boolean): Values | null;
  showErrors(error: ApiError): boolean;
  clearErrors(): void;
}

/** The fields of one kind with the record's current values (empty for a new record). */
export function editForm(kind: KindSpec, record: Values | null, extra: HTMLElement[], onSubmit: () => void): EditForm {
  const controls: Control[] = [];
  const body: HTMLElement[] = [];
  for (const spec of kind.fields) {
    const drawn = control(spec, record ? record[spec.name] : undefined);
    controls.push(drawn.control);
    body.push(drawn.wrapper);
  }
  const element = h("form", { class: "edit-form", novalidate: true, "aria-label": `${kind.label} ${record ? "bearbeiten" : "anlegen"}` }, ...extra, ...body);
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit();
  });

  function clearErrors(): void {
    for (const c of controls) {
      c.error.textContent = "";
      c.input.removeAttribute("aria-invalid");
    }
    for (const other of element.querySelectorAll<HTMLElement>(".extra-error")) other.textContent = "";
  }

  function mark(name: string, message: string): boolean {
    const target = controls.find((c) => c.spec.name === name);
    if (target) {
      target.error.textContent = target.error.textContent ? `${target.error.textContent} ${message}` : message;
      target.input.setAttribute("aria-invalid", "true");
      return true;
    }
    const extraField = element.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"] .extra-error`);
    if (extraField) {
      extraField.textContent = message;
      return true;
    }
    return false;
  }

  function focusFirstInvalid(): void {
    const first = element.querySelector<HTMLElement>("[aria-invalid='true']");
    first?.focus();
  }

  return {
    element,
    pickers: new Map(controls.filter((c) => c.picker).map((c) => [c.spec.name, c.picker as Picker])),
    clearErrors,
    set(name: string, value: string): void {
      const target = controls.find((c) => c.spec.name === name);
      if (target?.set) target.set(value);
      else if (target && "value" in target.input) (target.input as HTMLInputElement).value = value;
    },
    collect(onlyChanged: boolean): Values | null {
      clearErrors();
      const values: Values = {};
      let ok = true;
      for (const c of controls) {
        const { value, problem } = c.read();
        if (problem) {
          mark(c.spec.name, problem);
          ok = false;
          continue;
        }
        if (c.spec.required && (value === null || value === "")) {
          mark(c.spec.name, "Pflichtfeld: bitte ausfüllen.");
          ok = false;
          continue;
        }
        if (onlyChanged && record && same(stored(c.spec, record[c.spec.name]), value)) continue;
        if (!onlyChanged && (value === null || (Array.isArray(value) && value.length === 0))) continue;
        values[c.spec.name] = value;
      }
      if (!ok) focusFirstInvalid();
      return ok ? values : null;
    },
    showErrors(error: ApiError): boolean {
      clearErrors();
      const problems = error.extensions.problems ?? (error.extensions.field ? [{ field: error.extensions.field, message: error.message }] : []);
      let shown = false;
      for (const problem of problems) {
        const name = problem.field.replace(/^input\./, "").split(".")[0] ?? "";
        if (mark(name, fieldMessage(problem))) shown = true;
      }
      if (shown) focusFirstInvalid();
      return shown;
    },
  };
}
