// Small DOM helpers: build elements without innerHTML, so no data is ever parsed as markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function link(href: string, text: string): HTMLAnchorElement {
  return h("a", { href }, text);
}

/** German number formatting (1.234), the way the county's reports write figures. */
export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return "–";
  return value.toLocaleString("de-DE", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A cost as the pages write it: "5,50 €", 0 as "kostenlos". */
export function euro(amount: number): string {
  return amount === 0 ? "kostenlos" : `${num(amount, 2)} €`;
}

/** A share in [0, 1] as a German percentage with one decimal (0.252 -> "25,2 %"), as the
 * reasons of the analyses write it: the same figure reads the same on every page. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined) return "–";
  return `${num(share * 100, 1)} %`;
}

/** Text as the search compares it: case and umlauts aside ("Büro" finds "Buero" and "BÜRO"). */
export function folded(text: string): string {
  return text.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
    .normalize("NFD").replace(/\p{Diacritic}/gu, "");
}

/** A stored date in German: "31. Dezember 2026", with the time where it has one; a year
 * ("2017") or a month ("2017-06" -> "Juni 2017") only as precise as stored, for partial
 * dates such as an actor's founding. */
export function date(value: string | null | undefined): string {
  if (!value) return "unbekannt";
  if (/^\d{4}$/.test(value)) return value;
  if (/^\d{4}-\d{2}$/.test(value)) {
    return new Date(`${value}-01T12:00:00Z`).toLocaleString("de-DE", { month: "long", year: "numeric", timeZone: "UTC" });
  }
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  const withTime = value.includes("T");
  return parsed.toLocaleString("de-DE", withTime
    ? { dateStyle: "long", timeStyle: "short" }
    : { dateStyle: "long" });
}

export function visuallyHidden(text: string): HTMLSpanElement {
  return h("span", { class: "visually-hidden" }, text);
}

/** A definition list from label/value pairs; empty values are left out, not shown as "–". */
export function facts(pairs: [string, Child | Child[]][]): HTMLDListElement {
  const list = h("dl", { class: "facts" });
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && value.length === 0)) continue;
    append(list, [h("dt", {}, label), h("dd", {}, ...(Array.isArray(value) ? value : [value]))]);
  }
  return list;
}

/** Links separated by commas. */
export function links(items: { href: string; text: string }[]): Child[] {
  return items.flatMap((item, index) => [index ? ", " : null, link(item.href, item.text)]);
}

/**
 * The German half of a server message: the API writes "Deutsch / English"; the cockpit's
 * readers read German, so the English repetition is left out (a message without it stays).
 */
export function german(message: string): string {
  const parts = message.split(" / ");
  return parts.length === 2 && parts[0].trim() ? parts[0].trim().replace(/[.:]?$/, ".") : message;
}
