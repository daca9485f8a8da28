// Whether the server answers at all, for the whole page. Every request reports what it saw
// (an answer, or no answer: refused connection, time-out); the page shows a banner while the
// server cannot be reached, probes every few seconds, and redraws the current view once the
// server is back, so an old error does not stay on screen until the user navigates.

import { h } from "./dom";

type Listener = (reachable: boolean) => void;

const PROBE_SECONDS = 2;
let up = true;
const listeners: Listener[] = [];

/** Called by the request layer after every attempt: did any answer come back? */
export function reportReachable(reachable: boolean): void {
  if (reachable === up) return;
  up = reachable;
  for (const listener of listeners) listener(reachable);
}

export function isReachable(): boolean {
  return up;
}

export function onReachability(listener: Listener): void {
  listeners.push(listener);
}

/**
 * The banner and the probe: `probe` asks the server something tiny (it reports through
 * `reportReachable` itself); `recovered` runs once the server answers again.
 */
export function watchConnection(probe: () => Promise<unknown>, recovered: () => void): void {
  const banner = h("div", { id: "connection-banner", class: "connection-banner", role: "alert", hidden: true });
  document.getElementById("live-status")?.before(banner);
  let timer: number | undefined;
  let since = 0;
  const tick = (): void => {
    const seconds = Math.round((Date.now() - since) / 1000);
    banner.replaceChildren(
      h("strong", {}, "Server nicht erreichbar, neuer Versuch …"),
      ` Der Server antwortet seit ${seconds} s nicht. Die Seite lädt sich von selbst neu, sobald er wieder antwortet.`);
    void probe().catch(() => undefined);
  };
  onReachability((reachable) => {
    if (!reachable) {
      since = Date.now();
      banner.hidden = false;
      document.body.dataset.offline = "true";
      tick();
      timer = window.setInterval(tick, PROBE_SECONDS * 1000);
      return;
    }
    window.clearInterval(timer);
    banner.hidden = true;
    banner.replaceChildren();
    delete document.body.dataset.offline;
    recovered();
  });
}
