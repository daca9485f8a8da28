// Netzwerkkarte: the collaboration network drawn with sigma.js (WebGL) from the positions
// the server computed once per graph revision; nothing is laid out in the browser, so the
// map opens fast and stays interactive with 10,000 actors.

import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import type { EdgeDisplayData, NodeDisplayData, PartialButFor } from "sigma/types";
import { request } from "../api";
import { h, num } from "../dom";
import mapDocument from "../graphql/networkMap.graphql?raw";
import { actorKind, municipalityKind } from "../labels";
import { href } from "../router";
import type { ViewFactory } from "../view";
import { type DataSources, figureNote, heading } from "./common";

interface MapNode {
  id: string; name: string; kind: string; x: number; y: number; community: number | null;
  betweenness: number; ties: number; isolated: boolean; articulationPoint: boolean;
  topics: string[]; targetGroups: string[]; municipalities: string[];
}
interface MapEdge { source: string; target: string; weight: number; bridge: boolean }
interface Named { id: string; name: string }
interface Place extends Named { kind: string; partOf: { id: string } | null }
interface MapData {
  dataStatus: DataSources;
  gaps: { networkMap: {
    revision: number; updating: boolean; betweennessSampled: boolean; layout: string;
    nodes: MapNode[]; edges: MapEdge[];
    communities: { index: number; size: number; x: number; y: number; label: string }[];
  } };
  topics: { edges: { node: Named }[] };
  targetGroups: { edges: { node: Named }[] };
  municipalities: { edges: { node: Place }[] };
}

interface Filters { topic: string; targetGroup: string; municipality: string; kind: string; search: string }

// Colour-blind-safe palette (Okabe-Ito, then Tableau), repeated for many communities.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D31",
  "#4E79A7", "#B07AA1", "#59A14F", "#9C755F", "#EDC948"];
const ISOLATED = "#6b6b6b";
const BRIDGE = "#c40000";
const DIMMED = "#e4e4e4";

export function communityColour(community: number | null): string {
  return community === null ? ISOLATED : PALETTE[community % PALETTE.length];
}

/** Up to this many visible actors every one is named; above it the largest (Vermittlerrolle). */
const NAME_ALL = 40;
const NAME_TOP = 15;

interface DrawnLabel { id: string; label: string; left: number; right: number }

declare global {
  interface Window { cockpitMap?: Sigma; cockpitMapLabels?: DrawnLabel[] }
}

export const networkMapView: ViewFactory = (root) => {
  const data = heading(root, "Netzwerkkarte",
    "Wer mit wem zusammenarbeitet (Kooperationen, gemeinsame Angebote, Förderungen, Arbeitskreise). " +
    "Farben zeigen Gemeinschaften, die Größe die Vermittlerrolle. Klicken Sie auf einen Akteur, um ihn zu öffnen.");
  const filters: Filters = { topic: "", targetGroup: "", municipality: "", kind: "", search: "" };
  let renderer: Sigma | null = null;

  function dispose(): void {
    renderer?.kill();
    renderer = null;
    delete window.cockpitMap;
  }

  return {
    title: "Netzwerkkarte",
    dispose,
    async load() {
      const result = await request<MapData>(mapDocument);
      dispose();
      const map = result.gaps.networkMap;
      const places = result.municipalities.edges.map((edge) => edge.node);
      const scope = placeScope(places);
      const graph = buildGraph(map.nodes, map.edges);
      const container = h("div", {
        class: "map", id: "netzwerkkarte", role: "img",
        "aria-label": `Netzwerkkarte mit ${map.nodes.length} Akteuren und ${map.edges.length} Verbindungen; ` +
          "Schlüsselakteure, Brücken und Akteure ohne Verbindung sind unten als Listen aufgeführt.",
      });
      const count = h("p", { class: "map-count", "aria-live": "polite", id: "map-count" });
      const state = { hovered: null as string | null, neighbours: new Set<string>(), visible: new Set<string>(), matched: new Set<string>() };

      const controls = filterControls(result, places, map.nodes, filters, () => apply());
      const lists = h("div", { id: "karte-liste" });
      /** the actors named on the map: all visible ones when few, else the largest and the key actors */
      let named = new Set<string>();
      const drawn: DrawnLabel[] = [];
      window.cockpitMapLabels = drawn;
      const zoom = (text: string, id: string, act: () => void) =>
        h("button", { type: "button", id, onclick: act }, text);
      data.replaceChildren(
        ...(map.updating ? [h("p", { class: "note", id: "map-updating", role: "status" },
          "Die Karte wird aktualisiert: Sie zeigt den Stand vor der letzten Änderung, die neue Anordnung erscheint von selbst.")] : []),
        controls,
        count,
        h("div", { class: "map-zoom no-print", role: "group", "aria-label": "Kartenausschnitt" },
          zoom("Vergrößern (+)", "map-zoom-in", () => void renderer?.getCamera().animatedZoom({ duration: 250 })),
          zoom("Verkleinern (−)", "map-zoom-out", () => void renderer?.getCamera().animatedUnzoom({ duration: 250 })),
          zoom("Ganze Karte", "map-zoom-reset", () => void renderer?.getCamera().animatedReset({ duration: 250 }))),
        figureNote(result.dataStatus,
          "Die meisten Akteure dieser Karte und ihre Verbindungen sind zur Veranschaulichung erfunden; die Karte zeigt, wie die Auswertung arbeitet."),
        container,
        legend(map),
        h("p", { class: "method" }, map.layout,
          map.betweennessSampled ? " Die Vermittlerrolle ist bei dieser Netzgröße aus einer Stichprobe geschätzt." : ""),
        lists,
      );

      // A label goes left of its actor where it would run past the right edge, and never
      // starts before the left edge: no name is cut off by the canvas.
      const drawLabel = (context: CanvasRenderingContext2D,
        node: PartialButFor<NodeDisplayData, "x" | "y" | "size" | "label" | "color">,
        settings: { labelSize: number; labelFont: string; labelWeight: string }): void => {
        if (!node.label) return;
        context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
        const width = context.measureText(node.label).width;
        const edge = container.clientWidth - 2;
        let left = node.x + node.size + 3;
        if (left + width > edge) left = node.x - node.size - 3 - width;
        left = Math.max(2, Math.min(left, edge - width));
        const y = node.y + settings.labelSize / 3;
        context.lineWidth = 3;
        context.strokeStyle = "rgba(255,255,255,0.85)";
        context.strokeText(node.label, left, y);
        context.fillStyle = "#1b1b1b";
        context.fillText(node.label, left, y);
        drawn.push({ id: String((node as { key?: string }).key ?? ""), label: node.label, left, right: left + width });
      };

      const large = map.nodes.length > 2000;
      renderer = new Sigma(graph, container, {
        labelDensity: 0.5,
        labelRenderedSizeThreshold: 9,
        // while the user drags or zooms a large map, draw nodes only: it keeps panning fluid
        hideEdgesOnMove: large,
        hideLabelsOnMove: large,
        // on a large map, ties as one-pixel lines: far cheaper to draw than rectangles
        ...(large ? { defaultEdgeType: "line", edgeProgramClasses: { line: EdgeLineProgram } } : {}),
        zIndex: true,
        defaultEdgeColor: "#b5b5b5",
        labelFont: "system-ui, sans-serif",
        defaultDrawNodeLabel: drawLabel,
        nodeReducer: (node, attributes) => {
          if (!state.hovered && !state.matched.size && state.visible.size === map.nodes.length) {
            return named.has(node) ? { ...attributes, forceLabel: true } : attributes;
          }
          const display: Partial<NodeDisplayData> = { ...attributes };
          if (named.has(node)) display.forceLabel = true;
          if (!state.visible.has(node)) display.hidden = true;
          else if (state.hovered && node !== state.hovered && !state.neighbours.has(node)) {
            display.color = DIMMED; display.label = ""; display.zIndex = 0;
          } else if (state.matched.size && !state.matched.has(node) && !state.hovered) {
            display.color = DIMMED; display.label = ""; display.zIndex = 0;
          } else if (state.hovered === node || state.matched.has(node)) {
            display.highlighted = true; display.zIndex = 3;
          }
          return display;
        },
        edgeReducer: (edge, attributes) => {
          if (!state.hovered) return attributes;
          const display: Partial<EdgeDisplayData> = { ...attributes };
          if (!graph.hasExtremity(edge, state.hovered)) display.hidden = true;
          return display;
        },
      });
      window.cockpitMap = renderer;
      renderer.on("beforeRender", () => { drawn.length = 0; });
      // Hover: on a small map everything else fades and only the actor's ties show. On a large
      // map any refresh redraws every actor and tie (hundreds of milliseconds where WebGL runs
      // on the CPU), so there sigma's own hover layer alone marks the actor and its name; its
      // ties are on its page, one click away.
      renderer.on("enterNode", ({ node }) => {
        if (large) return;
        state.hovered = node;
        state.neighbours = new Set(graph.neighbors(node));
        renderer?.refresh({ skipIndexation: true });
      });
      renderer.on("leaveNode", () => {
        if (large) return;
        state.hovered = null;
        state.neighbours.clear();
        renderer?.refresh({ skipIndexation: true });
      });
      renderer.on("clickNode", ({ node }) => { location.hash = href("akteur", node); });

      function apply(): void {
        const allowed = filters.municipality ? scope(filters.municipality) : null;
        state.visible = new Set(map.nodes.filter((node) =>
          (!filters.topic || node.topics.includes(filters.topic)) &&
          (!filters.targetGroup || node.targetGroups.includes(filters.targetGroup)) &&
          (!filters.kind || node.kind === filters.kind) &&
          (!allowed || node.municipalities.some((id) => allowed.has(id)))).map((node) => node.id));
        const needle = filters.search.toLocaleLowerCase("de-DE");
        state.matched = new Set(needle ? map.nodes.filter((node) => state.visible.has(node.id) &&
          node.name.toLocaleLowerCase("de-DE").includes(needle)).map((node) => node.id) : []);
        const visibleNodes = map.nodes.filter((node) => state.visible.has(node.id));
        named = new Set(visibleNodes.length <= NAME_ALL ? visibleNodes.map((node) => node.id) : [
          ...[...visibleNodes].sort((a, b) => b.betweenness - a.betweenness).slice(0, NAME_TOP).map((node) => node.id),
          ...visibleNodes.filter((node) => node.articulationPoint && map.nodes.length <= 2000).map((node) => node.id),
          // the isolated actors, in their own grid below the network, are named when few
          ...(visibleNodes.filter((node) => node.isolated).length <= NAME_ALL
            ? visibleNodes.filter((node) => node.isolated).map((node) => node.id) : []),
        ]);
        const filtered = visibleNodes.length < map.nodes.length;
        lists.replaceChildren(textLists(visibleNodes, map.edges.filter((edge) =>
          state.visible.has(edge.source) && state.visible.has(edge.target)), filtered ? map.nodes.length : null));
        count.textContent = `${num(state.visible.size)} von ${num(map.nodes.length)} Akteuren sichtbar` +
          (needle ? `, ${num(state.matched.size)} Treffer für „${filters.search}“` : "") +
          (visibleNodes.length <= NAME_ALL ? ", alle beschriftet" : `, die ${NAME_TOP} größten beschriftet`);
        container.dataset.visible = String(state.visible.size);
        renderer?.refresh({ skipIndexation: true });
        // a filtered map zooms to the actors it shows, so their names have room
        if (renderer && !needle) {
          const points = visibleNodes.map((node) => renderer?.getNodeDisplayData(node.id)).filter((p) => p !== undefined);
          if (filtered && points.length) {
            const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
            const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
            void renderer.getCamera().animate({
              x: (Math.max(...xs) + Math.min(...xs)) / 2, y: (Math.max(...ys) + Math.min(...ys)) / 2,
              ratio: Math.min(1, Math.max(0.15, span * 1.4)),
            }, { duration: 300 });
          } else if (!filtered) void renderer.getCamera().animatedReset({ duration: 300 });
        }
        const first = [...state.matched][0];
        if (first && renderer) {
          const position = renderer.getNodeDisplayData(first);
          if (position) void renderer.getCamera().animate({ x: position.x, y: position.y, ratio: 0.3 }, { duration: 400 });
        }
      }
      apply();
      container.dataset.nodes = String(graph.order);
      container.dataset.edges = String(graph.size);
    },
  };
};

function buildGraph(nodes: MapNode[], edges: MapEdge[]): Graph {
  const graph = new Graph({ type: "undirected", multi: false });
  const top = Math.max(...nodes.map((node) => node.betweenness), 0) || 1;
  for (const node of nodes) {
    graph.addNode(node.id, {
      x: node.x, y: node.y, label: node.name,
      size: 3 + 14 * Math.sqrt(node.betweenness / top) + (node.articulationPoint ? 2 : 0),
      color: communityColour(node.isolated ? null : node.community),
      // key actors always named on a small map; on a large one there are too many to name
      forceLabel: node.articulationPoint && nodes.length <= 2000,
      zIndex: node.articulationPoint ? 2 : 1,
    });
  }
  for (const edge of edges) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target) || graph.hasEdge(edge.source, edge.target)) continue;
    graph.addEdge(edge.source, edge.target, {
      size: edge.bridge ? 3 : Math.min(0.5 + edge.weight / 3, 3),
      color: edge.bridge ? BRIDGE : "#b5b5b5",
      zIndex: edge.bridge ? 1 : 0,
    });
  }
  return graph;
}

/** For a chosen municipality: itself, its parts at any depth, and what encloses it (as the API's default scope). */
function placeScope(places: Place[]): (id: string) => Set<string> {
  const parent = new Map(places.map((place) => [place.id, place.partOf?.id ?? null]));
  return (id) => {
    const allowed = new Set<string>();
    for (const place of places) {
      for (let at: string | null = place.id; at; at = parent.get(at) ?? null) {
        if (at === id) { allowed.add(place.id); break; }
      }
    }
    for (let at: string | null = id; at; at = parent.get(at) ?? null) allowed.add(at);
    return allowed;
  };
}

function select(id: string, text: string, options: [string, string][], onChange: (value: string) => void): HTMLElement {
  const element = h("select", { id }, h("option", { value: "" }, "alle"),
    ...options.map(([value, label]) => h("option", { value }, label)));
  element.addEventListener("change", () => onChange(element.value));
  return h("div", { class: "control" }, h("label", { for: id }, text), element);
}

function filterControls(result: MapData, places: Place[], nodes: MapNode[], filters: Filters, apply: () => void): HTMLElement {
  const byName = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1], "de-DE");
  const kinds = [...new Set(nodes.map((node) => node.kind))].map((kind): [string, string] => [kind, actorKind(kind)]).sort(byName);
  const placeOptions = places
    .filter((place) => place.kind !== "UNINCORPORATED_AREA")
    .map((place): [string, string] => [place.id, `${place.name} (${municipalityKind(place.kind)})`]);
  const searchInput = h("input", { id: "map-search", type: "search", autocomplete: "off" });
  const form = h("form", { class: "control search", role: "search" },
    h("label", { for: "map-search" }, "Akteur suchen"), searchInput,
    h("button", { type: "submit" }, "Finden"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filters.search = searchInput.value.trim();
    apply();
  });
  searchInput.value = filters.search;
  const box = h("fieldset", { class: "filters no-print" },
    h("legend", {}, "Filter"),
    select("map-topic", "Handlungsfeld", result.topics.edges.map((e): [string, string] => [e.node.id, e.node.name]),
      (value) => { filters.topic = value; apply(); }),
    select("map-target-group", "Zielgruppe", result.targetGroups.edges.map((e): [string, string] => [e.node.id, e.node.name]),
      (value) => { filters.targetGroup = value; apply(); }),
    select("map-municipality", "Gemeinde (mit Mitgliedsgemeinden)", placeOptions,
      (value) => { filters.municipality = value; apply(); }),
    select("map-kind", "Art des Akteurs", kinds, (value) => { filters.kind = value; apply(); }),
    form);
  for (const [id, value] of [["map-topic", filters.topic], ["map-target-group", filters.targetGroup],
    ["map-municipality", filters.municipality], ["map-kind", filters.kind]]) {
    const element = box.querySelector<HTMLSelectElement>(`#${id}`);
    if (element) element.value = value;
  }
  return box;
}

function legend(map: MapData["gaps"]["networkMap"]): HTMLElement {
  const communities = [...map.communities].sort((a, b) => b.size - a.size).slice(0, 12);
  return h("section", { class: "legend", "aria-labelledby": "legende" },
    h("h2", { id: "legende" }, "Legende"),
    h("ul", {},
      h("li", {}, h("span", { class: "swatch", style: `background:${ISOLATED}` }), "grau: ohne Verbindung (isoliert)"),
      h("li", {}, h("span", { class: "swatch line", style: `background:${BRIDGE}` }), "rote Linie: Brücke (einzige Verbindung zu einem Teil des Netzes)"),
      h("li", {}, "Beschriftet und größer: Schlüsselakteur (ohne ihn zerfiele das Netz)"),
      h("li", {}, "Punktgröße: Vermittlerrolle (wie oft ein Akteur auf dem kürzesten Weg zwischen anderen liegt)")),
    h("h3", {}, `Gemeinschaften (${map.communities.length}${map.communities.length > 12 ? ", die größten 12" : ""})`),
    h("ul", { class: "communities" }, ...communities.map((community) => h("li", {},
      h("span", { class: "swatch", style: `background:${communityColour(community.index)}` }),
      `${community.label} (${num(community.size)} Akteure)`))));
}

/** The map as text, for the actors the filter shows (`of`: the whole map's count when filtered). */
function textLists(nodes: MapNode[], edges: MapEdge[], of: number | null): HTMLElement {
  const names = new Map(nodes.map((node) => [node.id, node.name]));
  const actor = (id: string) => h("a", { href: href("akteur", id) }, names.get(id) ?? id);
  const keyActors = nodes.filter((node) => node.articulationPoint).slice(0, 50);
  const isolated = nodes.filter((node) => node.isolated).slice(0, 50);
  const bridges = edges.filter((edge) => edge.bridge).slice(0, 50);
  const list = (items: HTMLElement[], empty: string) => items.length ? h("ul", { class: "columns" }, ...items) : h("p", {}, empty);
  return h("section", { class: "map-lists", "aria-labelledby": "karte-listen" },
    h("h2", { id: "karte-listen" }, "Die Karte als Liste"),
    of !== null ? h("p", { class: "filter-note" }, `Gefiltert wie die Karte: ${num(nodes.length)} von ${num(of)} Akteuren.`) : "",
    nodes.length <= NAME_ALL && of !== null ? h("h3", {}, `Sichtbare Akteure (${num(nodes.length)})`) : "",
    nodes.length <= NAME_ALL && of !== null
      ? list([...nodes].sort((a, b) => a.name.localeCompare(b.name, "de-DE")).map((node) => h("li", {}, actor(node.id))), "Keine.") : "",
    h("h3", {}, `Schlüsselakteure (${num(nodes.filter((n) => n.articulationPoint).length)})`),
    list(keyActors.map((node) => h("li", {}, actor(node.id))), "Keine."),
    h("h3", {}, `Brücken (${num(edges.filter((e) => e.bridge).length)})`),
    list(bridges.map((edge) => h("li", {}, actor(edge.source), " – ", actor(edge.target))), "Keine."),
    h("h3", {}, `Ohne Verbindung (${num(nodes.filter((n) => n.isolated).length)})`),
    list(isolated.map((node) => h("li", {}, actor(node.id))), "Keine."));
}
