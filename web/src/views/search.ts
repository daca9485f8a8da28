// Suche: full-text search (umlaut- and case-tolerant) over every searchable kind (the API's
// full-text index: actors, offerings, working groups, topics, target groups, events, measures,
// and whatever kind is added to the registry with a searchable property); the coordinators are
// listed beside it, narrowed to those whose name, function or organisation holds the
// search text. A hit shows its title and German kind name as the API gives them, and links
// to the detail page of its kind when the cockpit has one (the routes of forms.json).

import { request } from "../api";
import { folded, h, num } from "../dom";
import { exportButtons } from "../export";
import coordinatorsDocument from "../graphql/coordinators.graphql?raw";
import searchDocument from "../graphql/search.graphql?raw";
import { actorKind, offeringKind } from "../labels";
import { href, type Route } from "../router";
import type { ViewFactory } from "../view";
import { KINDS } from "../edit/form";
import { mayCreate } from "../edit/permissions";
import { heading } from "./common";
import { status as measureStatus } from "../measures/list";

interface Hit {
  score: number; kind: string; kindName: string; nodeId: string; title: string;
  node: { __typename: string; actorKind?: string; offeringKind?: string; measureStatus?: string };
}
interface Coordinators {
  coordinators: { totalCount: number; edges: { node: { id: string; name: string; role: string; worksFor: { id: string; name: string }[] } }[] };
}

/** The detail page of a kind, where the cockpit has one (forms.json names each kind's route). */
function pageOf(typeName: string): string | undefined {
  return Object.values(KINDS).find((spec) => spec.typeName === typeName)?.route;
}

/** A hit's sub-kind: the kind of actor or offering, the status of a measure. */
function subKind(node: Hit["node"]): string {
  if (node.actorKind) return actorKind(node.actorKind);
  if (node.offeringKind) return offeringKind(node.offeringKind);
  if (node.measureStatus) return measureStatus(node.measureStatus);
  return "";
}
/** hits without a page of their own open where a planner asks about them: Versorgung narrowed
 * to that field of action or target group (which municipalities have an offering for it) */
const ELSEWHERE: Record<string, (id: string) => string> = {
  Topic: (id) => `${href("versorgung")}?spalte=${encodeURIComponent(id)}`,
  TargetGroup: (id) => `${href("versorgung")}?spalten=zielgruppe&spalte=${encodeURIComponent(id)}`,
};

export const searchView: ViewFactory = (root, route: Route) => {
  const data = heading(root, "Suche",
    "Suchen Sie in Namen, Titeln und Beschreibungen: Akteure, Angebote, Arbeitskreise, Maßnahmen, Ereignisse, Handlungsfelder, Zielgruppen und jede weitere durchsuchbare Art. Umlaute und Groß-/Kleinschreibung sind egal.");
  const text = route.query.get("text") ?? "";
  const input = h("input", { id: "search-text", type: "search", value: text, autocomplete: "off" });
  const form = h("form", { role: "search", class: "search-form" },
    h("label", { for: "search-text" }, "Suchbegriff"), input, h("button", { type: "submit" }, "Suchen"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `${href("suche")}?text=${encodeURIComponent(input.value.trim())}`;
  });
  const results = h("section", { "aria-labelledby": "treffer", "aria-live": "polite" });
  const people = h("section", { "aria-labelledby": "koordination" });
  const deleted = route.query.get("geloescht");
  const creatable = Object.entries(KINDS).filter(([kind]) => mayCreate(kind));
  data.replaceChildren(
    deleted ? h("p", { class: "saved", role: "status" }, `„${deleted}“ wurde gelöscht. Die Löschung steht in „Änderungen“.`) : "",
    form,
    creatable.length ? h("div", { class: "edit-bar" }, ...creatable.map(([, spec]) =>
      h("a", { href: href("neu", spec.route), class: "button-link secondary" }, `Neu: ${spec.label}`))) : "",
    results, people);
  return {
    title: text ? `Suche: ${text}` : "Suche",
    async load() {
      const [hits, coordinators] = await Promise.all([
        text ? request<{ search: Hit[] }>(searchDocument, { text }).then((r) => r.search) : Promise.resolve(null),
        request<Coordinators>(coordinatorsDocument),
      ]);
      results.replaceChildren(h("h2", { id: "treffer" }, hits === null ? "Treffer" : `${num(hits.length)} Treffer für „${text}“`),
        hits === null ? h("p", {}, "Geben Sie oben einen Suchbegriff ein.") :
          hits.length === 0 ? h("p", {}, "Nichts gefunden. Versuchen Sie ein anderes Wort.") :
            h("ol", { class: "hits" }, ...hits.map((hit) => {
              const page = pageOf(hit.node.__typename);
              const kind = subKind(hit.node);
              const elsewhere = ELSEWHERE[hit.node.__typename];
              return h("li", { "data-kind": hit.kind }, page ? h("a", { href: href(page, hit.nodeId) }, hit.title)
                : elsewhere ? h("a", { href: elsewhere(hit.nodeId) }, hit.title) : hit.title,
                h("span", { class: "hit-kind" }, ` ${hit.kindName}${kind ? `, ${kind}` : ""}`));
            })),
        hits && hits.length ? exportButtons("Suchergebnisse", () => ({
          title: `Suche ${text}`,
          columns: [{ label: "Treffer" }, { label: "Art" }, { label: "Unterart" }, { label: "Kennung" }, { label: "Relevanz", type: "number" }],
          rows: hits.map((hit) => [hit.title, hit.kindName, subKind(hit.node), hit.nodeId, hit.score]),
        }), "search-export") : "");
      const all = coordinators.coordinators.edges;
      const wanted = folded(text);
      const matching = text ? all.filter(({ node }) => folded([node.name, node.role, ...node.worksFor.map((a) => a.name)].join(" ")).includes(wanted)) : all;
      people.hidden = Boolean(text) && !matching.length; // no person to show beside the hits
      if (people.hidden) {
        people.replaceChildren();
        return;
      }
      people.replaceChildren(h("h2", { id: "koordination" }, text
        ? `Koordination: ${matching.length === 1 ? "eine Person passt" : `${num(matching.length)} Personen passen`} zu „${text}“`
        : `Koordination (${num(coordinators.coordinators.totalCount)})`),
        h("ul", { class: "columns" }, ...matching.map(({ node }) => h("li", {},
          h("a", { href: href("koordination", node.id) }, node.name), `, ${node.role}`,
          node.worksFor.length ? ` (${node.worksFor.map((a) => a.name).join(", ")})` : ""))));
    },
  };
};
