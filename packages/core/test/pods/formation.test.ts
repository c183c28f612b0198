// Formation runs: pods stored with their invitations, leftovers told why, and nobody ever placed twice.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import type { Item, Platform } from "../../src/platform/index.js";
import { deliverDueEffects } from "../../src/platform/index.js";
import { acceptInvitation, getPod, listMyPods, listWaitlist, runFormation } from "../../src/pods/index.js";
import { admin, failure, londoner, newYorker, podsPlatform, SATURDAY_MORNINGS, waitlisted } from "./helpers.js";

/** Every membership item in the table that places `userId` in a forming or active pod. */
async function placements(p: Platform, actors: Actor[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const a of actors) {
    const memberships = await p.store.queryAll<Item & { podId: string; status: string }>({
      index: "gsi2",
      pk: `USER#${a.userId}`,
      sk: { beginsWith: "POD#" },
    });
    out.set(
      a.userId,
      memberships.filter((m) => m.status === "invited" || m.status === "accepted").map((m) => m.podId),
    );
  }
  return out;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

describe("formation run", () => {
  it("forms a pod, invites its members by email in their own time, and tells the one left over why", async () => {
    const { p } = await podsPlatform();
    const london = await waitlisted(p, ["Ada", "Bob"]);
    const ny = await waitlisted(p, ["Cy", "Di"], newYorker());
    const [sat] = await waitlisted(p, ["Sat"], { ...londoner(), windows: SATURDAY_MORNINGS });

    const run = await runFormation(p, admin, { sprintType: "net_prompting" });
    expect(run).toMatchObject({ waitlisted: 5, podsFormed: 1, matched: 4, stillWaiting: 1, conflicts: 0 });
    expect(run.meanScore).toBeGreaterThan(0);

    const [podId] = run.podIds;
    const fromLondon = await getPod(p, london[0]!, podId!);
    const fromNewYork = await getPod(p, ny[0]!, podId!);
    expect(fromLondon.status).toBe("forming");
    expect(fromLondon.members.map((m) => m.status)).toEqual(["invited", "invited", "invited", "invited"]);
    // One weekly time, shown five hours apart (New York is on standard time until 8 March).
    const [lDay, lTime] = fromLondon.meetingTime.split(" ");
    const [nDay, nTime] = fromNewYork.meetingTime.split(" ");
    expect(lDay).toBe(nDay);
    expect(minutes(lTime!.slice(0, 5)) - minutes(nTime!.slice(0, 5))).toBe(300);
    expect(fromLondon.explanation!.headline).toBe(`You can all meet ${fromLondon.meetingTime} your time.`);

    await deliverDueEffects(p);
    const mails = (await p.local!.outbox.list({ limit: 50 })).items.filter((m) => m.template === "pod_invited");
    expect(mails).toHaveLength(4);
    const adaMail = mails.find((m) => m.to.startsWith("ada."))!;
    expect(adaMail.text).toContain(`You can all meet ${fromLondon.meetingTime} your time.`);
    expect(adaMail.text).toContain("Accept or decline by Wednesday 4 March, 09:00 (Europe/London)");
    const cyMail = mails.find((m) => m.to.startsWith("cy."))!;
    expect(cyMail.text).toContain("Accept or decline by Wednesday 4 March, 04:00 (America/New_York)");

    const [waiting] = await listWaitlist(p, sat!);
    expect(waiting).toMatchObject({ reason: "no_common_slot", lastRunAt: run.startedAt });
    expect(waiting!.reasonText).toContain("availability");
    // The placed learners are off the waitlist.
    expect(await listWaitlist(p, london[0]!)).toEqual([]);
    expect((await listMyPods(p, ny[1]!)).items.map((s) => [s.id, s.myStatus])).toEqual([[podId, "invited"]]);
  });

  it("never places anyone twice, whether re-run or run twice at once", async () => {
    const { p } = await podsPlatform();
    const actors = await waitlisted(p, ["A", "B", "C", "D", "E", "F", "G", "H", "I"]);

    const [first, second] = await Promise.all([
      runFormation(p, admin, { sprintType: "net_prompting" }),
      runFormation(p, admin, { sprintType: "net_prompting", seed: 7 }),
    ]);
    const again = await runFormation(p, admin, { sprintType: "net_prompting" });
    expect(again.podsFormed).toBe(0);

    const placed = await placements(p, actors);
    for (const pods of placed.values()) expect(pods.length).toBeLessThanOrEqual(1);
    const everyone = [...placed.values()].flat();
    expect(everyone.length).toBe(first.matched + second.matched);
    expect(everyone.length).toBe(9);
    // Each stored pod is whole: its members are exactly those whose seat points at it.
    for (const podId of [...first.podIds, ...second.podIds]) {
      const view = await getPod(p, admin, podId);
      expect(view.members.length).toBeGreaterThanOrEqual(3);
      expect(view.members.length).toBeLessThanOrEqual(5);
    }
  });

  it("refuses a pod built from a stale read of the waitlist (as a slower concurrent run would have)", async () => {
    const { p } = await podsPlatform();
    const actors = await waitlisted(p, ["A", "B", "C", "D"]);
    const stale = await p.store.queryAll({ index: "gsi1", pk: "WAITLIST#net_prompting#en" });
    const late: Platform = {
      ...p,
      store: Object.assign(Object.create(p.store), {
        queryAll: async (input: { pk: string }) =>
          input.pk === "WAITLIST#net_prompting#en" ? stale : p.store.queryAll(input as never),
      }),
    };

    const first = await runFormation(p, admin, { sprintType: "net_prompting" });
    const second = await runFormation(late, admin, { sprintType: "net_prompting", seed: 3 });
    expect(first.podsFormed).toBe(1);
    expect(second).toMatchObject({ waitlisted: 4, podsFormed: 0, conflicts: 1 });
    const placed = await placements(p, actors);
    expect([...placed.values()].map((pods) => pods.length)).toEqual([1, 1, 1, 1]);
  });

  it("takes narrower pod sizes from the admin, but none outside the catalog's", async () => {
    const { p } = await podsPlatform();
    await waitlisted(p, ["A", "B", "C", "D", "E", "F"]);
    const wide = await failure(runFormation(p, admin, { sprintType: "net_prompting", podSize: { min: 2, max: 6 } }));
    expect([wide.status, wide.code]).toEqual([400, "matching.pod_size_out_of_range"]);
    expect(wide.details?.allowed).toEqual({ min: 3, max: 5 });

    const run = await runFormation(p, admin, { sprintType: "net_prompting", podSize: { min: 3, max: 3 } });
    expect(run).toMatchObject({ podsFormed: 2, matched: 6 });
  });

  it("is for admins and the system only", async () => {
    const { p } = await podsPlatform();
    const [ada] = await waitlisted(p, ["Ada"]);
    const denied = await failure(runFormation(p, ada!, { sprintType: "net_prompting" }));
    expect([denied.status, denied.code]).toEqual([403, "auth.forbidden"]);
  });

  it("says the sprint, not the learner's language, is short of people when too few wait for it at all", async () => {
    const { p } = await podsPlatform();
    const [ada] = await waitlisted(p, ["Ada", "Bob"], londoner());
    await runFormation(p, admin, { sprintType: "net_prompting" });
    const [waiting] = await listWaitlist(p, ada!);
    expect(waiting).toMatchObject({
      reason: "sprint_pool_too_small",
      reasonText: expect.stringContaining("Not enough learners have joined this sprint yet"),
    });
    expect(waiting!.reasonText).not.toContain("language");
  });

  it("offers a free place in a pod that just started to a waitlisted learner whose hours fit, not after its first week", async () => {
    const { p, clock } = await podsPlatform();
    const founders = await waitlisted(p, ["Ada", "Bob", "Cy"], londoner());
    const first = await runFormation(p, admin, { sprintType: "net_prompting" });
    const podId = first.podIds[0]!;
    for (const a of founders) await acceptInvitation(p, a, podId);
    expect((await getPod(p, founders[0]!, podId)).status).toBe("active");

    clock.advance(2 * 86_400_000);
    const [dee] = await waitlisted(p, ["Dee"], londoner());
    const run = await runFormation(p, admin, { sprintType: "net_prompting" });
    expect(run).toMatchObject({ invitedToOpenPods: 1, podsFormed: 0 });
    expect((await listMyPods(p, dee!)).items.map((s) => [s.id, s.myStatus])).toEqual([[podId, "invited"]]);
    await acceptInvitation(p, dee!, podId);
    expect((await getPod(p, dee!, podId)).members.filter((m) => m.status === "accepted")).toHaveLength(4);

    // A week and more into the sprint, the pod is not offered any more: Eve waits for a pod of her own.
    clock.advance(6 * 86_400_000);
    const [eve] = await waitlisted(p, ["Eve"], londoner());
    expect(await runFormation(p, admin, { sprintType: "net_prompting" })).toMatchObject({ invitedToOpenPods: 0 });
    expect((await listMyPods(p, eve!)).items).toEqual([]);
  });
});
