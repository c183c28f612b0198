// Reads at the floor: a learner's pods and dashboard come from summaries in their partition, a roster from one Query.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWireCounter, type WireCounter } from "../../../functions/src/local/dynamo-wire-counter.js";
import type { Actor } from "../../src/access/index.js";
import { getDashboard } from "../../src/accounts/index.js";
import { seedCatalog } from "../../src/catalog/index.js";
import { ManualClock, type Platform } from "../../src/platform/index.js";
import {
  acceptInvitation,
  declineInvitation,
  getPod,
  listMyPods,
  renamePodMember,
  runFormation,
} from "../../src/pods/index.js";
import { podsDomain } from "../../src/pods/module.js";
import { eraseUser } from "../../src/privacy/index.js";
import { emulatorEndpoints } from "../helpers/emulators.js";
import { testPlatform } from "../helpers/platform.js";
import { admin, START, waitlisted } from "./helpers.js";

let wire: WireCounter;
beforeAll(async () => {
  wire = await startWireCounter(emulatorEndpoints().dynamoEndpoint);
});
afterAll(() => wire.stop());

async function setup() {
  const clock = new ManualClock(START);
  const t = await testPlatform({ clock, dynamoEndpoint: wire.endpoint, domains: [podsDomain] });
  await seedCatalog(t.platform);
  return { p: t.platform, clock, table: t.tableName };
}

async function formedPod(p: Platform, names: string[]) {
  const members = await waitlisted(p, names);
  const run = await runFormation(p, admin, {
    sprintType: "net_prompting",
    podSize: { min: 3, max: Math.max(3, names.length) },
  });
  expect(run.podIds).toHaveLength(1);
  return { podId: run.podIds[0]!, members };
}

/** What one call sends to this test's table, by operation. */
async function requestsOf(table: string, call: () => Promise<unknown>): Promise<string[]> {
  wire.reset();
  await call();
  return wire.requests.filter((r) => r.table === table).map((r) => r.operation);
}

describe("pod summaries", () => {
  it("follow the pod through invitation, answers and activation, and leave with a declined place", async () => {
    const { p, table } = await setup();
    const { podId, members } = await formedPod(p, ["Ada", "Bob", "Cy", "Di"]);
    const [ada, bob, cy, di] = members as [Actor, Actor, Actor, Actor];

    const mine = await listMyPods(p, ada);
    expect(mine.items).toEqual([
      expect.objectContaining({
        id: podId,
        status: "forming",
        myStatus: "invited",
        members: 4,
        sprintType: "net_prompting",
      }),
    ]);
    expect(mine.items[0]!.meetingTime).toMatch(/^(Tuesdays|Thursdays) /);
    expect((await getDashboard(p, ada, ada.userId)).pods).toEqual([
      expect.objectContaining({
        id: podId,
        name: "Prompting and LLM programs pod",
        status: "forming",
        myStatus: "invited",
      }),
    ]);

    await declineInvitation(p, di, podId);
    expect((await listMyPods(p, di)).items).toEqual([]);
    expect((await listMyPods(p, ada)).items[0]).toMatchObject({ members: 3 });

    await acceptInvitation(p, ada, podId);
    await acceptInvitation(p, bob, podId);
    await acceptInvitation(p, cy, podId);
    expect((await listMyPods(p, ada)).items[0]).toMatchObject({ status: "active", myStatus: "accepted" });
    const dashboard = await getDashboard(p, cy, cy.userId);
    expect(dashboard.pods).toEqual([expect.objectContaining({ id: podId, status: "active", myStatus: "accepted" })]);

    // The reads themselves: one Query each, whatever the pod count.
    expect(await requestsOf(table, () => listMyPods(p, ada))).toEqual(["Query"]);
    expect(await requestsOf(table, () => getDashboard(p, ada, ada.userId))).toEqual(["Query"]);
  });

  it("a pod with its roster is one Query: names are kept on the memberships, renamed and erased there", async () => {
    const { p, table } = await setup();
    const { podId, members } = await formedPod(p, ["Ada", "Bob", "Cy"]);
    const [ada, bob, cy] = members as [Actor, Actor, Actor];
    await acceptInvitation(p, bob, podId);

    expect(await requestsOf(table, () => getPod(p, ada, podId))).toEqual(["Query"]);
    const names = async () => (await getPod(p, ada, podId)).members.map((m) => m.displayName).sort();
    expect(await names()).toEqual(["Ada", "Bob", "Cy"]);

    await renamePodMember(p, bob.userId, "Robert");
    expect(await names()).toEqual(["Ada", "Cy", "Robert"]);

    await eraseUser(p, cy, cy.userId);
    const roster = (await getPod(p, ada, podId)).members;
    expect(roster.map((m) => m.displayName)).not.toContain("Cy");
    expect(await requestsOf(table, () => getPod(p, ada, podId))).toEqual(["Query"]);
  });
});
