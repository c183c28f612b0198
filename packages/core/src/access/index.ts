// Who is acting, and the one ownership rule every domain applies before reading or changing a record.

import { forbidden, notFound } from "../platform/errors.js";
import { z } from "../platform/schema.js";

export const Role = z.enum(["learner", "admin", "system"]);
export type Role = z.infer<typeof Role>;

export interface Actor {
  userId: string;
  role: Role;
  /** When the sign-in behind the request began (ISO): refreshes keep it; sensitive actions want it recent. */
  signedInAt?: string;
  /**
   * Set while the account is suspended (`until` null: with no end). A suspended learner still reads, exports, erases
   * and appeals; every other write answers 403 `account.suspended`.
   */
  suspended?: { until: string | null };
}

export const systemActor: Actor = { userId: "system", role: "system" };

export const isPrivileged = (actor: Actor) => actor.role === "admin" || actor.role === "system";

/**
 * A learner reaches only records they own (or, through `sharedWith`, records of a group they belong to).
 * Someone else's record answers 404 rather than 403 so that ids cannot be probed.
 */
export function assertCanAccess(
  actor: Actor,
  record: { ownerId: string; sharedWith?: readonly string[] } | undefined,
  what = "record",
): void {
  if (!record) throw notFound(`${what}.not_found`, `No such ${what}.`);
  if (isPrivileged(actor) || record.ownerId === actor.userId || record.sharedWith?.includes(actor.userId)) return;
  throw notFound(`${what}.not_found`, `No such ${what}.`);
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden("auth.forbidden", "You do not have permission to do this.");
}
