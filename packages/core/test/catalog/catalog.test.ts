// The catalog is read from the store at most once a minute per container, and seeding reports real failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWireCounter, type WireCounter } from "../../../functions/src/local/dynamo-wire-counter.js";
import {
  CATALOG_CACHE_MS,
  getSprintType,
  listSprintTypes,
  SEED_SPRINT_TYPES,
  saveSprintType,
  seedCatalog,
} from "../../src/catalog/index.js";
import { DynamoStore, ManualClock } from "../../src/platform/index.js";
import { emulatorEndpoints } from "../helpers/emulators.js";
import { TEST_START, testPlatform } from "../helpers/platform.js";

let wire: WireCounter;
beforeAll(async () => {
  wire = await startWireCounter(emulatorEndpoints().dynamoEndpoint);
});
afterAll(() => wire.stop());

describe("the sprint catalog", () => {
  it("is read once, served from memory for a minute, then read again", async () => {
    const clock = new ManualClock(TEST_START);
    const { platform: p } = await testPlatform({ clock, dynamoEndpoint: wire.endpoint });
    await seedCatalog(p);
    wire.reset();

    expect((await listSprintTypes(p)).map((s) => s.id).sort()).toEqual(SEED_SPRINT_TYPES.map((s) => s.id).sort());
    await listSprintTypes(p);
    expect((await getSprintType(p, "gym_3x_week")).name).toBe("Gym 3× a week");
    expect(wire.requests.map((r) => r.operation)).toEqual(["Query"]);

    clock.advance(CATALOG_CACHE_MS);
    await listSprintTypes(p);
    expect(wire.requests.map((r) => r.operation)).toEqual(["Query", "Query"]);
  });

  it("shows an edit made in this container at once", async () => {
    const { platform: p } = await testPlatform();
    await seedCatalog(p);
    await listSprintTypes(p);
    const gym = SEED_SPRINT_TYPES.find((s) => s.id === "gym_3x_week")!;
    await saveSprintType(p, { ...gym, name: "Gym, three times a week" });
    expect((await getSprintType(p, "gym_3x_week")).name).toBe("Gym, three times a week");
  });

  it("finds a sprint type added elsewhere after this container cached the catalog, and 404s an unknown one", async () => {
    const { platform: p, tableName } = await testPlatform();
    await listSprintTypes(p); // empty, and now cached
    const { platform: other } = await testPlatform({ tableName });
    await seedCatalog(other);
    expect((await getSprintType(p, "net_prompting")).id).toBe("net_prompting");
    await expect(getSprintType(p, "nope")).rejects.toMatchObject({ status: 404, code: "sprint_type.not_found" });
  });

  it("seeding skips what is already there but reports any other failure", async () => {
    const { platform: p } = await testPlatform();
    expect(await seedCatalog(p)).toBe(SEED_SPRINT_TYPES.length);
    expect(await seedCatalog(p)).toBe(0);
    const missing = {
      ...p,
      store: new DynamoStore({
        tableName: "t_does_not_exist",
        region: "us-east-1",
        endpoint: emulatorEndpoints().dynamoEndpoint,
      }),
    };
    await expect(seedCatalog(missing)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
