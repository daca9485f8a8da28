// The one way the cockpit talks to the server: POST /graphql on the same origin, JSON.
// A bearer token pasted into "Anmelden" is kept in sessionStorage and sent with every request.

import { reportReachable } from "./connection";

const TOKEN_KEY = "integration-graph.token";

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code?: string) {
    super(message);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Answers worth waiting for: the server is still computing, or the database is back soon. */
const WAIT_FOR: Record<string, { message: string; tries: number }> = {
  // The analyses go on computing on the server after a request's 30 s budget ran out and
  // are kept once done, so asking again soon gets the answer (large networks, first visit
  // after a change).
  TIMEOUT: {
    message:
      "Die Auswertung wird nach der letzten Datenänderung neu berechnet; bei großen Netzen dauert das etwas. Neuer Versuch läuft … (still computing, retrying)",
    tries: 10,
  },
  SERVICE_UNAVAILABLE: {
    message: "Die Datenbank ist gerade nicht erreichbar. Neuer Versuch läuft … (database unavailable, retrying)",
    tries: 12,
  },
};
const RETRY_SECONDS = 5;
/** No request waits longer than this for an answer (the server's own budget is 30 s). */
const TIMEOUT_SECONDS = 45;

let onWaiting: (message: string | null) => void = () => undefined;

/** Tell the page what a request is waiting for (null: nothing any more). */
export function whileWaiting(listener: (message: string | null) => void): void {
  onWaiting = listener;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Run a GraphQL document. Answers that say "not yet" (TIMEOUT while the server computes,
 * SERVICE_UNAVAILABLE) are retried a bounded number of times, with a status for the page;
 * `retry: false` (the revision poll) gives up at once.
 */
export async function request<T>(
  document: string,
  variables: Record<string, unknown> = {},
  { retry = true, timeoutSeconds = TIMEOUT_SECONDS }: { retry?: boolean; timeoutSeconds?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await requestOnce<T>(document, variables, timeoutSeconds);
      if (attempt > 1) onWaiting(null);
      return data;
    } catch (error) {
      const wait = error instanceof ApiError && error.code ? WAIT_FOR[error.code] : undefined;
      if (!retry || !wait || attempt >= wait.tries) {
        if (attempt > 1) onWaiting(null);
        throw error;
      }
      onWaiting(wait.message);
      await new Promise((resolve) => window.setTimeout(resolve, RETRY_SECONDS * 1000));
    }
  }
}

async function requestOnce<T>(document: string, variables: Record<string, unknown>, timeoutSeconds: number): Promise<T> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
  };
  const bearer = token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let response: Response;
  let body: GraphQLResponse<T>;
  const abort = new AbortController();
  const timer = window.setTimeout(() => abort.abort(), timeoutSeconds * 1000);
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document, variables }),
      signal: abort.signal,
    });
    body = (await response.json().catch((error: unknown) => {
      if (abort.signal.aborted) throw error;
      return {};
    })) as GraphQLResponse<T>;
  } catch {
    // no answer at all; a slow answer (time-out) is not yet an outage, the revision probe decides
    if (!abort.signal.aborted) reportReachable(false);
    throw abort.signal.aborted
      ? new ApiError(`Der Server hat nicht innerhalb von ${timeoutSeconds} s geantwortet. Bitte später erneut versuchen.`, 0, "CLIENT_TIMEOUT")
      : new ApiError("Der Server ist nicht erreichbar. Die Seite versucht es von selbst erneut.", 0, "UNREACHABLE");
  } finally {
    window.clearTimeout(timer);
  }
  reportReachable(true);
  const first = body.errors?.[0];
  if (response.status === 401) {
    throw new ApiError("Die Anmeldung ist ungültig oder abgelaufen / the token was refused.", 401, "UNAUTHENTICATED");
  }
  if (first) throw new ApiError(first.message, response.status, first.extensions?.code);
  if (!response.ok || !body.data) throw new ApiError(`HTTP ${response.status}`, response.status);
  return body.data;
}
