// Every record of a user, found by Query alone: their partition, the owner index, and their jobs.
import { defineEntity, type IndexName, type Item, type Key, type Platform } from "../platform/index.js";

/** Every record of a user (export, erasure): the three Queries, named as in docs/data-model.md. */
export const PersonalData = defineEntity("PersonalData", {
  partition: { name: "Every record of a user: their partition", pk: "USER#<userId>" },
  ownerIndex: { name: "Every record of a user: the owner index", index: "gsi2", pk: "USER#<userId>" },
  jobs: { name: "Every record of a user: their jobs", index: "gsi1", pk: "USER#<userId>#JOBS" },
});

/** Where a user's records are. The first two follow the personal-data rule (docs/data-model.md). */
export const PERSONAL_DATA_QUERIES: readonly { name: string; index?: IndexName; pk: (userId: string) => string }[] = [
  { name: "user partition", pk: (userId) => PersonalData.query("partition", { userId }).pk },
  { name: "owner index", index: "gsi2", pk: (userId) => PersonalData.query("ownerIndex", { userId }).pk },
  // Jobs predate the rule and list their owner's jobs on gsi1.
  { name: "jobs", index: "gsi1", pk: (userId) => PersonalData.query("jobs", { userId }).pk },
];

const id = (k: Key) => `${k.pk}\u0000${k.sk}`;

/** Each record once, in the order the queries found them. */
export async function findUserRecords(p: Platform, userId: string): Promise<Item[]> {
  const found = new Map<string, Item>();
  for (const q of PERSONAL_DATA_QUERIES) {
    const items = await p.store.queryAll({ ...(q.index ? { index: q.index } : {}), pk: q.pk(userId) });
    for (const item of items) if (!found.has(id(item))) found.set(id(item), item);
  }
  return [...found.values()];
}

/** Blobs (uploads, exports) of a user live under this prefix, so erasure can remove them all. */
export const userBlobPrefix = (userId: string) => `users/${userId}/`;
