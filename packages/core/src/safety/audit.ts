// The moderation audit log: every report, decision, suspension and appeal, appended in the transaction of the change
// it records and never changed afterwards (each entry is put on a new key with `attribute_not_exists`).
import { type Actor, requireRole } from "../access/index.js";
import { profileKey, type StoredUser } from "../accounts/index.js";
import type { Page, Platform, TransactOp } from "../platform/index.js";
import type { AuditEntry } from "./model.js";
import { type AuditItem, AuditRecord } from "./records.js";

export interface AuditInput {
  actorId: string;
  action: string;
  reportId?: string | null;
  subjectUserId?: string | null;
  details?: Record<string, unknown>;
}

/** The put that appends one entry; commit it with the change it records. */
export function auditOp(p: Platform, entry: AuditInput): TransactOp {
  const id = p.ids.next();
  const at = p.clock.now().toISOString();
  const item: AuditItem = {
    pk: "AUDIT",
    sk: `${at}#${id}`,
    ...(entry.subjectUserId ? { gsi1pk: `AUDITOF#${entry.subjectUserId}`, gsi1sk: `${at}#${id}` } : {}),
    type: "AuditEntry",
    id,
    at,
    actorId: entry.actorId,
    action: entry.action,
    reportId: entry.reportId ?? null,
    subjectUserId: entry.subjectUserId ?? null,
    details: entry.details ?? {},
  };
  return { put: item, condition: { absent: true } };
}

/** Who an id is, as the log is read: the account's current name, "Pactly" for the system, or a former member. */
async function namesOf(p: Platform, items: readonly AuditItem[]): Promise<Map<string, string>> {
  const ids = [...new Set(items.flatMap((i) => [i.actorId, i.subjectUserId ?? ""]))].filter(
    (id) => id && id !== "system" && id !== "erased",
  );
  const users = await p.store.getMany<StoredUser>(ids.map(profileKey));
  return new Map([["system", "Pactly (automatic)"], ...users.map((u) => [u.id, u.name] as [string, string])]);
}

const toEntry = (i: AuditItem, names: Map<string, string>): AuditEntry => ({
  id: i.id,
  at: i.at,
  actorId: i.actorId,
  actorName: names.get(i.actorId) ?? "Former member",
  action: i.action,
  reportId: i.reportId,
  subjectUserId: i.subjectUserId,
  subjectName: i.subjectUserId ? (names.get(i.subjectUserId) ?? "Former member") : null,
  details: i.details,
});

/** The log newest first, or only the entries about one learner. Admins only. */
export async function listAudit(
  p: Platform,
  actor: Actor,
  query: { subjectUserId?: string | undefined; limit: number; cursor?: string | null | undefined },
): Promise<Page<AuditEntry>> {
  requireRole(actor, "admin", "system");
  const page = { limit: query.limit, cursor: query.cursor ?? null };
  const out = await p.store.query<AuditItem>(
    query.subjectUserId
      ? AuditRecord.query("about", { userId: query.subjectUserId }, page)
      : AuditRecord.query("all", {}, page),
  );
  const names = await namesOf(p, out.items);
  return { items: out.items.map((i) => toEntry(i, names)), nextCursor: out.nextCursor };
}
