// Consents: storing learning data and non-essential emails, each with when it was last given or withdrawn.
import { type Actor, assertCanAccess } from "../access/index.js";
import type { Item, Platform } from "../platform/index.js";
import { consentsKey } from "./keys.js";
import { CONSENT_TYPES, type Consents, type ConsentsInput, type ConsentType } from "./model.js";

type StoredConsents = Item & { type: "Consents"; userId: string } & Consents;

/** Nothing is consented to until the learner says so. */
const NONE: Consents = {
  learningData: { granted: false, changedAt: null },
  emails: { granted: false, changedAt: null },
};

async function read(p: Platform, userId: string, consistent = false): Promise<Consents> {
  const s = await p.store.get<StoredConsents>(consentsKey(userId), { consistent });
  return s ? { learningData: s.learningData, emails: s.emails } : structuredClone(NONE);
}

/** For other domains: e.g. the tutor stores learning traces only with `learningData`. */
export async function hasConsent(p: Platform, userId: string, type: ConsentType): Promise<boolean> {
  return (await read(p, userId))[type].granted;
}

export async function getConsents(p: Platform, actor: Actor, userId: string): Promise<Consents> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  return read(p, userId);
}

/** Records each consent; a timestamp moves only when that consent actually changes. */
export async function putConsents(p: Platform, actor: Actor, userId: string, input: ConsentsInput): Promise<Consents> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const now = p.clock.now().toISOString();
  const current = await read(p, userId, true);
  const next = { ...current };
  for (const type of CONSENT_TYPES) {
    if (current[type].granted !== input[type] || current[type].changedAt === null) {
      next[type] = { granted: input[type], changedAt: now };
    }
  }
  await p.store.put<StoredConsents>({ ...consentsKey(userId), type: "Consents", userId, ...next });
  return next;
}
