// Every read route makes at most two DynamoDB requests, authentication included, counted on the wire.
import { ManualClock } from "@pactly/core/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureRoutes, READ_GOAL } from "../../../../bench/lib/db-calls-scenario.js";
import { emulatorEndpoints } from "../../../core/test/helpers/emulators.js";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { startWireCounter, type WireCounter } from "../../src/local/dynamo-wire-counter.js";

let wire: WireCounter;
beforeAll(async () => {
  wire = await startWireCounter(emulatorEndpoints().dynamoEndpoint);
});
afterAll(() => wire.stop());

describe("DynamoDB requests per read route", () => {
  it(`stay at ${READ_GOAL} or fewer for a signed-in learner with an active pod, and read only`, async () => {
    const { platform, tableName } = await testPlatform({
      clock: new ManualClock("2026-03-02T09:00:00Z"),
      config: { devSignIn: true },
      dynamoEndpoint: wire.endpoint,
      domains: DOMAIN_MODULES,
    });
    const measures = await measureRoutes(platform, wire, tableName);
    const reads = measures.filter((m) => m.kind === "read");
    expect(reads.map((m) => m.route)).toEqual(
      expect.arrayContaining([
        "GET /v1/me",
        "GET /v1/me/dashboard",
        "GET /v1/pods",
        "GET /v1/pods/{id}",
        "GET /v1/goals",
        "GET /v1/sprint-types",
        "GET /v1/admin/users",
      ]),
    );
    const over = reads.filter((m) => m.reads + m.writes + m.standIn > READ_GOAL || m.writes > 0);
    expect(over).toEqual([]);
    // The pod really is active and shown: the bound holds where reads cost most.
    const dashboard = reads.find((m) => m.route === "GET /v1/me/dashboard")!.answer as { pods: unknown[] };
    expect(dashboard.pods).toEqual([expect.objectContaining({ status: "active", myStatus: "accepted" })]);
    const pod = reads.find((m) => m.route === "GET /v1/pods/{id}")!.answer as { members: { displayName: string }[] };
    expect(pod.members.map((m) => m.displayName).sort()).toEqual(["Ada", "Bob", "Cy"]);
  });
});
