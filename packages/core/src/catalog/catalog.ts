// The sprint catalog in the store: one partition, read with one Query and kept in memory for a short while.
import { defineEntity, type Item, isConditionFailed, notFound, type Platform, type Store } from "../platform/index.js";
import { SEED_SPRINT_TYPES, SprintType, type StoredSprintType, upgradeSprintType } from "./model.js";

/** The catalog's items and how they are found (docs/data-model.md, platform: access patterns). */
export const SprintTypeRecord = defineEntity("SprintType", {
  all: { name: "The sprint catalog", pk: "CATALOG", sk: { beginsWith: "SPRINT#" } },
  one: { name: "One sprint type", pk: "CATALOG", sk: "SPRINT#<id>" },
});
const key = (id: string) => SprintTypeRecord.key("one", { id });

/**
 * How long a container trusts its copy of the catalog. The catalog changes rarely (an admin edit, a deploy's
 * seeding); an edit made in another container shows here within this time, an edit made here at once.
 */
export const CATALOG_CACHE_MS = 60_000;

/** One copy per store (so per container in the cloud, per table in tests), stamped with the platform clock. */
const cache = new WeakMap<Store, { at: number; types: Promise<SprintType[]> }>();

async function readCatalog(p: Platform): Promise<SprintType[]> {
  const items = await p.store.queryAll<Item & { sprintType: StoredSprintType }>(SprintTypeRecord.query("all", {}));
  return items.map((i) => upgradeSprintType(i.sprintType));
}

export async function listSprintTypes(p: Platform): Promise<SprintType[]> {
  const now = p.clock.now().getTime();
  const held = cache.get(p.store);
  // A clock that went back (tests) makes the copy stale too.
  if (held && now >= held.at && now - held.at < CATALOG_CACHE_MS) return held.types;
  const types = readCatalog(p);
  cache.set(p.store, { at: now, types });
  try {
    return await types;
  } catch (e) {
    // A failed read is not kept: the next call tries again.
    if (cache.get(p.store)?.types === types) cache.delete(p.store);
    throw e;
  }
}

/** Forgets this container's copy, so the next read sees the store (after a write here). */
export function forgetCatalog(p: Platform): void {
  cache.delete(p.store);
}

export async function getSprintType(p: Platform, id: string): Promise<SprintType> {
  const cached = (await listSprintTypes(p)).find((s) => s.id === id);
  if (cached) return cached;
  // Not in this container's copy: added elsewhere within the cache time, or unknown. The item decides.
  const item = await p.store.get<Item & { sprintType: StoredSprintType }>(key(id));
  if (!item) throw notFound("sprint_type.not_found", `No sprint type "${id}".`, { sprintType: id });
  forgetCatalog(p);
  return upgradeSprintType(item.sprintType);
}

export async function saveSprintType(p: Platform, sprintType: SprintType): Promise<SprintType> {
  const valid = SprintType.parse(sprintType);
  await p.store.put({
    ...key(valid.id),
    type: "SprintType",
    sprintType: valid,
    updatedAt: p.clock.now().toISOString(),
  });
  forgetCatalog(p);
  return valid;
}

/**
 * Adds the seed sprint types that are missing; never overwrites an edited one. Only "already there" (the
 * conditional put refused) is expected; any other failure (no table, throttling, no permission) is thrown, so a
 * deploy or a start-up that cannot seed says so.
 */
export async function seedCatalog(p: Platform): Promise<number> {
  let added = 0;
  for (const s of SEED_SPRINT_TYPES) {
    try {
      await p.store.put(
        { ...key(s.id), type: "SprintType", sprintType: s, updatedAt: p.clock.now().toISOString() },
        { absent: true },
      );
      added++;
    } catch (e) {
      // Already there (perhaps edited since): kept as it is. Anything else is a real failure.
      if (!isConditionFailed(e)) throw e;
    }
  }
  if (added > 0) forgetCatalog(p);
  return added;
}
