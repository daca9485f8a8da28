// Live refresh by polling the root field `revision` (one tiny read). Polling rather than a
// subscription: it works through every proxy, costs one index lookup on the server, and a
// few seconds of delay is fine for a planning dashboard. Paused while the tab is hidden.

import { ApiError, request } from "./api";
import { reportReachable } from "./connection";
import revisionDocument from "./graphql/revision.graphql?raw";

const DEFAULT_SECONDS = 5;
/** The revision is one index lookup: a server that takes longer than this is not answering. */
const PROBE_TIMEOUT_SECONDS = 4;

/** Ask for the revision once; a time-out counts as "server not reachable". */
export async function probeRevision(): Promise<number> {
  try {
    const { revision } = await request<{ revision: number }>(
      revisionDocument, {}, { retry: false, timeoutSeconds: PROBE_TIMEOUT_SECONDS });
    return revision;
  } catch (error) {
    if (error instanceof ApiError && error.code === "CLIENT_TIMEOUT") reportReachable(false);
    throw error;
  }
}

/** Poll interval: `?aktualisierung=<seconds>` in the page URL, else 5 s (0 turns it off). */
export function pollSeconds(): number {
  const raw = new URLSearchParams(location.search).get("aktualisierung");
  const parsed = raw === null ? DEFAULT_SECONDS : Number(raw);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : DEFAULT_SECONDS;
}

export function watchRevision(onChange: (revision: number) => void): void {
  const seconds = pollSeconds();
  if (seconds === 0) return;
  let known: number | null = null;
  let busy = false;
  const poll = async (): Promise<void> => {
    if (document.hidden || busy) return;
    busy = true;
    try {
      const revision = await probeRevision();
      if (known !== null && revision !== known) onChange(revision);
      known = revision;
    } catch {
      // a missed poll is retried at the next tick; no answer at all shows the outage banner
    } finally {
      busy = false;
    }
  };
  void poll();
  window.setInterval(() => void poll(), seconds * 1000);
  document.addEventListener("visibilitychange", () => void poll());
}
