// The one way the cockpit talks to the server: POST /graphql on the same origin, JSON.
// A signed-in browser carries its session in an HttpOnly cookie (sent by the browser,
// never readable here) and proves each POST with the X-CSRF-Token header the session gave
// it (see session.ts). A server that no longer knows the session answers as to a visitor
// and says so (`X-Session: expired`, or UNAUTHENTICATED on a write): the cockpit then
// signs out and tells the user, while public reading goes on.

export interface ErrorExtensions {
  code?: string;
  /** the input at fault, e.g. `input.title` */
  field?: string;
  problems?: { field: string; message: string }[];
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
}

/**
 * Run a GraphQL document. Answers that say "not yet" (TIMEOUT while the server computes,
 * SERVICE_UNAVAILABLE) are retried a bounded number of times, with a status for the page;
 * `retry: false` (the revision poll, every write) gives up at once.
 */
export async function request<T>(
  document: string,
  variables: Record<string, unknown> = {},
  { retry = true, operationName }: RequestOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await requestOnce<T>(document, variables, operationName);
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
): Promise<T> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
  };
  const signedIn = credentials.csrfToken !== null;
  if (credentials.csrfToken) headers["x-csrf-token"] = credentials.csrfToken;
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      credentials: "same-origin",
      body: JSON.stringify(operationName ? { query: document, variables, operationName } : { query: document, variables }),
    });
  } catch {
    throw new ApiError("Der Server ist nicht erreichbar / the server cannot be reached.", 0);
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<T> & { error?: { code?: string; message?: string } };
  if (signedIn && response.headers.get("x-session") === "expired") credentials.onExpired(EXPIRED);
  const first = body.errors?.[0];
  const code = first?.extensions?.code ?? body.error?.code;
  if (signedIn && (code === "UNAUTHENTICATED" || code === "CSRF_REJECTED")) credentials.onExpired(REFUSED);
  if (first) throw new ApiError(first.message, response.status, first.extensions?.code, first.extensions ?? {});
  if (body.error?.message) throw new ApiError(body.error.message, response.status, body.error.code);
  if (!response.ok || !body.data) throw new ApiError(`HTTP ${response.status}`, response.status);
  return body.data;
}
