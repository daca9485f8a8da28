// What the cockpit offers to edit: the API decides (and refuses anything else with
// FORBIDDEN); the cockpit only hides buttons that would lead to a refusal. The rule mirrors
// the contract: editor and admin edit every record, a member its own actors, their
// offerings and their coordinators, a reader nothing.

import { atLeast, currentAccount } from "../session";

export interface Owned {
  id: string;
  providers?: { id: string }[];
  worksFor?: { id: string }[];
}

export function mayEdit(kind: string, record: Owned): boolean {
  const account = currentAccount();
  if (!account) return false;
  if (atLeast("editor")) return true;
  if (account.role !== "member") return false;
  const own = new Set(account.actorIds);
  if (kind === "actor") return own.has(record.id);
  if (kind === "offering") return (record.providers ?? []).some((p) => own.has(p.id));
  if (kind === "coordinator") return (record.worksFor ?? []).some((a) => own.has(a.id));
  return false;
}

/** May the caller create records of this kind? A member: offerings and coordinators of its own. */
export function mayCreate(kind: string): boolean {
  if (atLeast("editor")) return true;
  const account = currentAccount();
  return account?.role === "member" && account.actorIds.length > 0 && (kind === "offering" || kind === "coordinator");
}

/** Deleting: editors and admins; a member its own offerings and coordinators. */
export function mayDelete(kind: string, record: Owned): boolean {
  if (atLeast("editor")) return true;
  return kind !== "actor" && mayEdit(kind, record);
}
