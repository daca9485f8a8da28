// Live refresh by polling the root field `revision` (one tiny read). Polling rather than a
// subscription: it works through every proxy, costs one index lookup on the server, and a
// few seconds of delay is fine for a planning dashboard. Paused while the tab is hidden.

import { ApiError, request } from "./api";
import { reportReachable } from "./connection";
import revisionDocument from "./graphql/revision.graphql?raw";

const DEFAULT_SECONDS = 5;
/** The revision is one index lookup: a server that takes longer than this is not answering. */
const PROBE_TIMEOUT_SECONDS = 4;

/** Where the analyses stand: the revision of the newest finished result, and whether a
 * newer one is being computed in the background after a change. */
export interface AnalysisStatus { revision: number | null; updating: boolean }

interface Probe { revision: number; analysisStatus: AnalysisStatus }

async function probe(): Promise<Probe> {
  try {
    return await request<Probe>(
      revisionDocument, {}, { retry: false, timeoutSeconds: PROBE_TIMEOUT_SECONDS });
  } catch (error) {
    if (error instanceof ApiError && error.code === "CLIENT_TIMEOUT") reportReachable(false);
    throw error;
  }
}

/** Ask for the revision once; a time-out counts as "server not reachable". */
export async function probeRevision(): Promise<number> {
  return (await probe()).revision;
}

/** Poll interval: `?aktualisierung=<seconds>` in the page URL, else 5 s (0 turns it off). */
export function pollSeconds(): number {
  const raw = new URLSearchParams(location.search).get("aktualisierung");
  const parsed = raw === null ? DEFAULT_SECONDS : Number(raw);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : DEFAULT_SECONDS;
}

/**
 * Calls `onChange` when the graph revision moved, and `onAnalyses` with the analyses' state
 * on every poll (`finished` is true when a newer result than the last one seen is ready).
 */
export function watchRevision(
  onChange: (revision: number) => void,
  onAnalyses: (status: AnalysisStatus, finished: boolean) => void = () => undefined,
): void {
  const seconds = pollSeconds();
  if (seconds === 0) return;
  let known: number | null = null;
  let analysed: number | null = null;
  let busy = false;
  const poll = async (): Promise<void> => {
    if (document.hidden || busy) return;
    busy = true;
    try {
      const { revision, analysisStatus } = await probe();
      const moved = known !== null && revision !== known;
      if (moved) onChange(revision);
      known = revision;
      const finished = !moved && analysed !== null && analysisStatus.revision !== analysed;
      analysed = analysisStatus.revision;
      onAnalyses(analysisStatus, finished);
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
