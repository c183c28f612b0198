// The sprint catalog in the store: one partition, read with one Query.
import { type Item, isConditionFailed, notFound, type Platform } from "../platform/index.js";
import { SEED_SPRINT_TYPES, SprintType } from "./model.js";

const PK = "CATALOG";
const key = (id: string) => ({ pk: PK, sk: `SPRINT#${id}` });

export async function listSprintTypes(p: Platform): Promise<SprintType[]> {
  const items = await p.store.queryAll<Item & { sprintType: SprintType }>({ pk: PK, sk: { beginsWith: "SPRINT#" } });
  return items.map((i) => i.sprintType);
}

export async function getSprintType(p: Platform, id: string): Promise<SprintType> {
  const item = await p.store.get<Item & { sprintType: SprintType }>(key(id));
  if (!item) throw notFound("sprint_type.not_found", `No sprint type "${id}".`, { sprintType: id });
  return item.sprintType;
}

export async function saveSprintType(p: Platform, sprintType: SprintType): Promise<SprintType> {
  const valid = SprintType.parse(sprintType);
  await p.store.put({
    ...key(valid.id),
    type: "SprintType",
    sprintType: valid,
    updatedAt: p.clock.now().toISOString(),
  });
  return valid;
}

/** Adds the seed sprint types that are missing; never overwrites an edited one. */
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
  return added;
}
