// Erasure: each listed domain anonymises what pod-mates share, then every record and blob of the user is deleted.
import { type Actor, assertCanAccess } from "../access/index.js";
import { profileKey } from "../accounts/index.js";
import { revokeAllFamilies } from "../auth/index.js";
import { erasureStepsOf } from "../domain/index.js";
import type { Item, Key, Platform } from "../platform/index.js";
import { findUserRecords, userBlobPrefix } from "./locate.js";

/** How an erased member appears in what others keep (pod rosters, shared notes, check-ins). */
export const FORMER_MEMBER_NAME = "Former member";

export interface ErasureReport {
  userId: string;
  recordsDeleted: number;
  blobsDeleted: number;
  /** The domains whose erasure step ran, in order. */
  steps: string[];
}

const sameKey = (a: Key, b: Key) => a.pk === b.pk && a.sk === b.sk;

async function deleteAll(p: Platform, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 10) {
    await Promise.all(items.slice(i, i + 10).map((it) => p.store.delete({ pk: it.pk, sk: it.sk })));
  }
}

/**
 * Erases a user. Idempotent: running it again (after a failure, or twice) finishes or does nothing. Sign-ins
 * are ended first; the profile goes last, so until the very end the user can still retry a failed erasure.
 */
export async function eraseUser(p: Platform, actor: Actor, userId: string): Promise<ErasureReport> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  await revokeAllFamilies(p, userId, "erasure");
  // In the list's order: a domain listed later may rely on what an earlier one left.
  const steps = erasureStepsOf(p.domains);
  for (const { name, erase } of steps) {
    await erase(p, userId, { formerMemberName: FORMER_MEMBER_NAME });
    p.log.info("erasure step done", { userId, domain: name });
  }
  const profile = profileKey(userId);
  let recordsDeleted = 0;
  const records = await findUserRecords(p, userId);
  const rest = records.filter((r) => !sameKey(r, profile));
  await deleteAll(p, rest);
  recordsDeleted += rest.length;
  const blobsDeleted = await p.blob.deletePrefix(userBlobPrefix(userId));
  if (records.length !== rest.length) {
    await p.store.delete(profile);
    recordsDeleted++;
  }
  // Anything written while the erasure ran (a job finishing, a late request) goes too.
  const late = await findUserRecords(p, userId);
  await deleteAll(p, late);
  recordsDeleted += late.length;
  p.log.info("user erased", { userId, recordsDeleted, blobsDeleted });
  return { userId, recordsDeleted, blobsDeleted, steps: steps.map((s) => s.name) };
}
