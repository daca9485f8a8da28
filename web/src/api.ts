// The one way the cockpit talks to the server: POST /graphql on the same origin, JSON.
// A bearer token pasted into "Anmelden" is kept in sessionStorage and sent with every request.

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

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function request<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
  };
  const bearer = token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document, variables }),
    });
  } catch {
    throw new ApiError("Der Server ist nicht erreichbar / the server cannot be reached.", 0);
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<T>;
  const first = body.errors?.[0];
  if (response.status === 401) {
    throw new ApiError("Die Anmeldung ist ungültig oder abgelaufen / the token was refused.", 401, "UNAUTHENTICATED");
  }
  if (first) throw new ApiError(first.message, response.status, first.extensions?.code);
  if (!response.ok || !body.data) throw new ApiError(`HTTP ${response.status}`, response.status);
  return body.data;
}
