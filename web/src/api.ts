// The one way the cockpit talks to the server: POST /graphql on the same origin, JSON.
// A signed-in browser carries its session in an HttpOnly cookie (sent by the browser,
// never readable here) and proves each POST with the X-CSRF-Token header the session gave
// it (see session.ts). A server that no longer knows the session answers as to a visitor
// and says so (`X-Session: expired`, or UNAUTHENTICATED on a write): the cockpit then
// signs out and tells the user, while public reading goes on. Every request ends within
// TIMEOUT_SECONDS, and each answer (or its absence) tells connection.ts whether the server
// is reachable.

import { reportReachable } from "./connection";

export interface ErrorExtensions {
  code?: string;
  /** the input at fault, e.g. `input.title` */
  field?: string;
  /** every field at fault: `message` "Deutsch / English", `german` what the form shows, `type` the kind of problem */
  problems?: { field: string; message: string; german?: string; type?: string }[];
  dependents?: { kind: string; id: string }[];
  currentVersion?: number;
  changes?: { author: string; at: string; fields: { field: string; old: string | null; new: string | null }[] }[];
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly extensions: ErrorExtensions = {},
  ) {
    super(message);
  }
}

/** What requests need to know about the session; session.ts fills it in. */
export const credentials: {
  csrfToken: string | null;
  onExpired: (why: string) => void;
} = { csrfToken: null, onExpired: () => undefined };

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
  errors?: { message: string; extensions?: ErrorExtensions }[];
}

export interface RequestOptions {
  retry?: boolean;
  operationName?: string;
  timeoutSeconds?: number;
}

/**
 * Run a GraphQL document. Answers that say "not yet" (TIMEOUT while the server computes,
 * SERVICE_UNAVAILABLE) are retried a bounded number of times, with a status for the page;
 * `retry: false` (the revision poll, every write) gives up at once.
 */
export async function request<T>(
  document: string,
  variables: Record<string, unknown> = {},
  { retry = true, operationName, timeoutSeconds = TIMEOUT_SECONDS }: RequestOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await requestOnce<T>(document, variables, operationName, timeoutSeconds);
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

/** A write: never retried on its own (the user decides), same error handling. */
export function mutate<T>(document: string, operationName: string, variables: Record<string, unknown>): Promise<T> {
  return request<T>(document, variables, { retry: false, operationName });
}

const EXPIRED = "Ihre Sitzung ist abgelaufen. Sie wurden abgemeldet; öffentliche Inhalte bleiben sichtbar. Bitte melden Sie sich erneut an.";
const REFUSED = "Der Server hat Ihre Anmeldung nicht mehr angenommen. Sie wurden abgemeldet; öffentliche Inhalte bleiben sichtbar. Bitte melden Sie sich erneut an.";

async function requestOnce<T>(
  document: string,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  timeoutSeconds: number,
): Promise<T> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
  };
  const signedIn = credentials.csrfToken !== null;
  if (credentials.csrfToken) headers["x-csrf-token"] = credentials.csrfToken;
  let response: Response;
  let body: GraphQLResponse<T> & { error?: { code?: string; message?: string } };
  const abort = new AbortController();
  const timer = window.setTimeout(() => abort.abort(), timeoutSeconds * 1000);
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      credentials: "same-origin",
      body: JSON.stringify(operationName ? { query: document, variables, operationName } : { query: document, variables }),
      signal: abort.signal,
    });
    body = (await response.json().catch((error: unknown) => {
      if (abort.signal.aborted) throw error;
      return {};
    })) as GraphQLResponse<T> & { error?: { code?: string; message?: string } };
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
  if (signedIn && response.headers.get("x-session") === "expired") credentials.onExpired(EXPIRED);
  const first = body.errors?.[0];
  const code = first?.extensions?.code ?? body.error?.code;
  if (signedIn && (code === "UNAUTHENTICATED" || code === "CSRF_REJECTED")) credentials.onExpired(REFUSED);
  if (first) throw new ApiError(first.message, response.status, first.extensions?.code, first.extensions ?? {});
  if (body.error?.message) throw new ApiError(body.error.message, response.status, body.error.code);
  if (!response.ok || !body.data) throw new ApiError(`HTTP ${response.status}`, response.status);
  return body.data;
}
