// The cockpit's shell: navigation, sign-in, the current view, live refresh.

import "./styles.css";
import { ApiError, whileWaiting } from "./api";
import { authControls } from "./auth";
import { german, h } from "./dom";
import { watchConnection } from "./connection";
import { probeRevision, watchRevision } from "./live";
import { currentRoute, href, onRouteChange, type Route } from "./router";
import type { View, ViewFactory } from "./view";
import { coverageView } from "./views/coverage";
import { actorView, coordinatorView, municipalityView, offeringView, workingGroupView } from "./views/details";
import { gapsView } from "./views/gaps";
import { developmentView } from "./views/development";
import { measuresView, measureView, workingGroupsView } from "./views/measures";
import { languagesView } from "./views/languages";
import { networkMapView } from "./views/networkMap";
import { overviewView } from "./views/overview";
import { searchView } from "./views/search";
import { editRecordView, newRecordView } from "./views/edit";
import { eventView } from "./views/event";
import { changesView } from "./views/history";
import { loadSession, onSessionChange } from "./session";
import { accountsView } from "./views/accounts";
import { staleView } from "./views/stale";
import { uploadView } from "./views/upload";

/** Short names (the pages' titles say more: "Netzwerkkarte", "Lücken und Vorschläge"), so the
 * navigation fits one row beside the brand and the account at 1,280 px. */
const NAVIGATION: [string, string][] = [
  ["ueberblick", "Überblick"],
  ["karte", "Karte"],
  ["versorgung", "Versorgung"],
  ["sprachen", "Sprachen"],
  ["luecken", "Lücken"],
  ["massnahmen", "Maßnahmen"],
  ["arbeitskreise", "Arbeitskreise"],
  ["suche", "Suche"],
  ["aenderungen", "Änderungen"],
  ["entwicklung", "Entwicklung"],
];
// "Tabelle hochladen" and the admins' "Konten" sit in the account's menu (auth.ts), so the
// navigation is the same for everyone and the header one row at 1,280 px.

const VIEWS: Record<string, ViewFactory> = {
  ueberblick: overviewView,
  karte: networkMapView,
  versorgung: coverageView,
  sprachen: languagesView,
  luecken: gapsView,
  massnahmen: measuresView,
  massnahme: measureView,
  arbeitskreise: workingGroupsView,
  suche: searchView,
  akteur: actorView,
  angebot: offeringView,
  arbeitskreis: workingGroupView,
  gemeinde: municipalityView,
  koordination: coordinatorView,
  ereignis: eventView,
  aenderungen: changesView,
  entwicklung: developmentView,
  bearbeiten: editRecordView,
  neu: newRecordView,
  konten: accountsView,
  nachpruefen: staleView,
  hochladen: uploadView,
};

const main = document.getElementById("inhalt") as HTMLElement;
const status = document.getElementById("live-status") as HTMLElement;
let current: View | null = null;
let loading: Promise<void> = Promise.resolve();

function drawNavigation(route: Route): void {
  const list = h("ul", {}, ...NAVIGATION.map(([view, text]) =>
    h("li", {}, h("a", { href: href(view), "aria-current": route.view === view ? "page" : null }, text))));
  document.getElementById("nav")?.replaceChildren(list);
}

function show(route: Route, moveFocus: boolean): void {
  current?.dispose?.();
  drawNavigation(route);
  main.removeAttribute("data-ready");
  main.dataset.view = route.view;
  const content = h("div", { class: "view" });
  main.replaceChildren(content);
  const factory = VIEWS[route.view];
  if (!factory) {
    content.append(h("h1", {}, "Seite nicht gefunden"), h("p", {}, h("a", { href: href("ueberblick") }, "Zum Überblick")));
    main.dataset.ready = "true";
    current = null;
    return;
  }
  const view = factory(content, route);
  current = view;
  document.title = `${view.title} · Netzwerk-Cockpit`;
  if (moveFocus) main.focus({ preventScroll: true });
  loading = run(view, content);
}

async function run(view: View, content: HTMLElement): Promise<void> {
  try {
    await view.load();
  } catch (error) {
    content.append(errorBox(error));
  }
  if (current === view) {
    main.dataset.ready = "true";
    // time from navigation start to the view's data on screen, read by bench/bench_web.py
    performance.mark("cockpit-ready", { detail: view.title });
  }
}

function errorBox(error: unknown): HTMLElement {
  const message = german(error instanceof ApiError || error instanceof Error ? error.message : String(error));
  return h("div", { class: "error", role: "alert" },
    h("p", {}, h("strong", {}, "Die Daten konnten nicht geladen werden. "), message));
}

async function refresh(reason: string): Promise<void> {
  await loading;
  const view = current;
  if (!view) return;
  main.dataset.refreshing = "true";
  try {
    await view.load();
    status.textContent = `${reason} (${new Date().toLocaleTimeString("de-DE")})`;
  } catch (error) {
    status.textContent = `Aktualisierung fehlgeschlagen: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    delete main.dataset.refreshing;
  }
}

document.getElementById("auth")?.replaceChildren(
  authControls(document.getElementById("session-notice") as HTMLElement));
onRouteChange((route) => show(route, true));
// Ask who is signed in before the first view, so "Bearbeiten" shows at once; a server
// that does not answer leaves the page public. The revision's poll starts after it too: sent
// with the session's cookie before its CSRF token was known, it was refused with 403.
void loadSession().finally(() => {
  show(currentRoute(), false);
  onSessionChange(() => show(currentRoute(), false));
  startPolling();
});
whileWaiting((message) => {
  status.textContent = message ?? "";
});

// after an outage: the current view afresh, without the errors it showed meanwhile
watchConnection(probeRevision, () => {
  status.textContent = "";
  show(currentRoute(), false);
});

const UPDATING = "Auswertungen und Netzwerkkarte werden aktualisiert … (angezeigt wird bis dahin der letzte fertige Stand)";

/** The live poll of the revision and the analyses. */
function startPolling(): void {
  watchRevision(
    (revision) => {
      main.dataset.revision = String(revision);
      void refresh("Daten aktualisiert");
    },
    (analyses, finished) => {
      // After a change the analyses are recomputed in the background: say so, and show the
      // new results once they are there (the views answer from the last finished ones meanwhile).
      if (analyses.updating) {
        main.dataset.analysesUpdating = "true";
        status.textContent = UPDATING;
      } else if (main.dataset.analysesUpdating) {
        delete main.dataset.analysesUpdating;
        if (status.textContent === UPDATING) status.textContent = "";
      }
      if (finished) void refresh("Auswertungen aktualisiert");
    },
  );
}
