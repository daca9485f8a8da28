// Who is signed in, as the server says: GET /auth/session on load, POST /auth/login with
// e-mail and password, POST /auth/logout. The session itself lives in an HttpOnly cookie
// the page cannot read; the page keeps only the account (for the header and to hide what
// the API would refuse anyway) and the CSRF token it must send with every POST.

import { credentials, request } from "./api";
import meDocument from "./graphql/me.graphql?raw";

export type Role = "reader" | "member" | "editor" | "admin";

export interface Account {
  id: string;
  email: string;
  role: Role;
  actorIds: string[];
  displayName?: string | null;
  /** A member's organisations with their names (from `me`; absent until it answered). */
  actors?: { id: string; name: string | null }[];
}

export const ROLE_NAMES: Record<Role, string> = {
  reader: "Lesend",
  member: "Mitglied",
  editor: "Redaktion",
  admin: "Verwaltung",
};

const RANK: Record<Role, number> = { reader: 0, member: 1, editor: 2, admin: 3 };

let account: Account | null = null;
const listeners: ((account: Account | null, notice: string | null) => void)[] = [];

export function currentAccount(): Account | null {
  return account;
}

export function atLeast(role: Role): boolean {
  return account !== null && RANK[account.role] >= RANK[role];
}

/** Called with the new account (null: signed out) and a notice to show, if any. */
export function onSessionChange(listener: (account: Account | null, notice: string | null) => void): void {
  listeners.push(listener);
}

function set(next: Account | null, csrf: string | null, notice: string | null): void {
  const changed = (account?.id ?? null) !== (next?.id ?? null) || notice !== null;
  account = next;
  credentials.csrfToken = next ? csrf : null;
  if (changed) for (const listener of listeners) listener(account, notice);
}

credentials.onExpired = (why: string) => {
  if (account) set(null, null, why);
};

interface SessionAnswer {
  signedIn: boolean;
  expired?: boolean;
  account?: Account;
  csrfToken?: string;
}

/** Ask the server whether this browser has a session (on load, and after a refusal). */
export async function loadSession(): Promise<void> {
  try {
    const response = await fetch("/auth/session", { credentials: "same-origin", headers: { accept: "application/json" } });
    if (!response.ok) return;
    const body = (await response.json()) as SessionAnswer;
    if (body.signedIn && body.account && body.csrfToken) await signedInAs(body.account, body.csrfToken);
    else if (body.expired) set(null, null, "Ihre Sitzung ist abgelaufen. Öffentliche Inhalte bleiben sichtbar; bitte melden Sie sich erneut an.");
    else set(null, null, null);
  } catch {
    // the server is unreachable: the views say so themselves
  }
}

/** Take the account, checked against `me` first; then tell the listeners once. */
async function signedInAs(next: Account, csrf: string): Promise<void> {
  account = next;
  credentials.csrfToken = csrf;
  await refreshFromApi();
  const fresh = account;
  account = null;
  set(fresh, csrf, null);
}

/** The role and organisations as the API sees them now (an admin may have changed them). */
async function refreshFromApi(): Promise<void> {
  try {
    const { me } = await request<{ me: Pick<Account, "id" | "email" | "role" | "actorIds" | "actors"> | null }>(meDocument, {}, { retry: false });
    if (me && account && me.id === account.id) account = { ...account, role: me.role, actorIds: me.actorIds, actors: me.actors };
  } catch {
    // the session answer stands
  }
}

/** Sign in; resolves with an error message for the form, or null when signed in. */
export async function signIn(email: string, password: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch("/auth/login", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    return "Der Server ist nicht erreichbar. Bitte später erneut versuchen.";
  }
  const body = (await response.json().catch(() => ({}))) as {
    account?: Account; csrfToken?: string; error?: { code?: string; message?: string; retryAfter?: number };
  };
  if (response.ok && body.account && body.csrfToken) {
    await signedInAs(body.account, body.csrfToken);
    return null;
  }
  if (body.error?.message) return body.error.message;
  if (response.status === 401) return "E-Mail oder Passwort ist falsch.";
  if (response.status === 429) return "Zu viele Fehlversuche. Bitte später erneut versuchen.";
  if (response.status === 403) return "Dieses Konto ist gesperrt.";
  return `Die Anmeldung ist fehlgeschlagen (HTTP ${response.status}).`;
}

export async function signOut(): Promise<void> {
  const csrf = credentials.csrfToken;
  try {
    await fetch("/auth/logout", {
      method: "POST",
      credentials: "same-origin",
      headers: csrf ? { "x-csrf-token": csrf } : {},
    });
  } finally {
    set(null, null, null);
  }
}
