// The pod lifecycle a learner goes through: accept, decline and backfill, lapse, rematch, merge, completion.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import { getPreferences, putPreferences } from "../../src/accounts/index.js";
import type { Platform } from "../../src/platform/index.js";
import { deliverDueEffects } from "../../src/platform/index.js";
import {
  acceptInvitation,
  declineInvitation,
  disbandPod,
  getMatches,
  getPod,
  joinWaitlist,
  listMyPods,
  listWaitlist,
  requestRematch,
  reviewPod,
  runFormation,
} from "../../src/pods/index.js";
import { eraseUser, findUserRecords } from "../../src/privacy/index.js";
import { admin, failure, learner, londoner, podsPlatform, SATURDAY_MORNINGS, waitlisted } from "./helpers.js";

const HOUR = 3_600_000;

/** Forms one pod of exactly `names.length` (3 by default) and returns its id and members. */
async function formedPod(p: Platform, names = ["Ada", "Bob", "Cy"]) {
  const members = await waitlisted(p, names);
  const run = await runFormation(p, admin, {
    sprintType: "net_prompting",
    podSize: { min: 3, max: Math.max(3, names.length) },
  });
  expect(run.podIds).toHaveLength(1);
  return { podId: run.podIds[0]!, members };
}

async function mailsTo(p: Platform, actor: Actor, template: string) {
  await deliverDueEffects(p);
  const pod = await p.local!.outbox.list({ limit: 100 });
  const user = await p.store.get<{ email: string } & import("../../src/platform/index.js").Item>({
    pk: `USER#${actor.userId}`,
    sk: "PROFILE",
  });
  return pod.items.filter((m) => m.to === user!.email && m.template === template);
}

describe("pod lifecycle", () => {
  it("becomes active once every member has answered and enough accepted, and says so by email", async () => {
    const { p } = await podsPlatform();
    const { podId, members } = await formedPod(p, ["Ada", "Bob", "Cy", "Di"]);
    const [ada, bob, cy, di] = members as [Actor, Actor, Actor, Actor];

    expect(await acceptInvitation(p, ada, podId)).toEqual({ podId, myStatus: "accepted", podStatus: "forming" });
    await acceptInvitation(p, bob, podId);
    await acceptInvitation(p, cy, podId);
    // Three have accepted, but Di has not answered yet: still forming.
    expect((await getPod(p, ada, podId)).status).toBe("forming");
    // Accepting twice changes nothing.
    expect((await acceptInvitation(p, ada, podId)).myStatus).toBe("accepted");
    expect(await acceptInvitation(p, di, podId)).toMatchObject({ podStatus: "active" });

    const view = await getPod(p, cy, podId);
    expect(view).toMatchObject({ status: "active", myStatus: "accepted" });
    expect(view.endsAt).toBe(new Date(new Date(view.activatedAt!).getTime() + 6 * 7 * 24 * HOUR).toISOString());
    expect(await mailsTo(p, di, "pod_active")).toHaveLength(1);
  });

  it("offers a declined place to the best-fitting learner still waiting", async () => {
    const { p } = await podsPlatform();
    const { podId, members } = await formedPod(p);
    const [ada, bob, cy] = members as [Actor, Actor, Actor];
    const [eve] = await waitlisted(p, ["Eve"]);
    const [sat] = await waitlisted(p, ["Sat"], { ...londoner(), windows: SATURDAY_MORNINGS });

    await acceptInvitation(p, ada, podId);
    expect(await declineInvitation(p, bob, podId)).toEqual({ podId, myStatus: "declined", podStatus: "forming" });
    // Bob no longer sees the pod and is free to join again.
    expect((await failure(getPod(p, bob, podId))).status).toBe(404);
    await joinWaitlist(p, bob, londoner());

    const view = await getPod(p, eve!, podId);
    expect(view.members.map((m) => [m.displayName, m.status])).toEqual(
      expect.arrayContaining([
        ["Ada", "accepted"],
        ["Cy", "invited"],
        ["Eve", "invited"],
      ]),
    );
    expect(view.members).toHaveLength(3);
    // Sat shares no time with the pod and stays on the waitlist; Eve is off it.
    expect(await listWaitlist(p, sat!)).toHaveLength(1);
    expect(await listWaitlist(p, eve!)).toEqual([]);
    expect(await mailsTo(p, eve!, "pod_invited")).toHaveLength(1);

    await acceptInvitation(p, cy, podId);
    expect((await acceptInvitation(p, eve!, podId)).podStatus).toBe("active");
    const accepted = await failure(declineInvitation(p, ada, podId));
    expect([accepted.status, accepted.code]).toEqual([409, "pod.already_accepted"]);
  });

  it("lets invitations lapse at the deadline and disbands a pod that cannot fill, returning members with priority", async () => {
    const { p, clock } = await podsPlatform();
    const { podId, members } = await formedPod(p);
    const [ada, bob, cy] = members as [Actor, Actor, Actor];
    await acceptInvitation(p, ada, podId);
    await acceptInvitation(p, bob, podId);

    clock.advance(49 * HOUR);
    const late = await failure(acceptInvitation(p, cy, podId));
    expect([late.status, late.code]).toEqual([409, "pod.invitation_expired"]);
    expect(await reviewPod(p, podId)).toBe("disbanded");

    const [adaEntry] = await listWaitlist(p, ada);
    expect(adaEntry!.prioritySince).toBe(clock.now().toISOString());
    // Cy let the invitation lapse: free, but not prioritised.
    expect(await listWaitlist(p, cy)).toEqual([]);
    expect(await mailsTo(p, bob, "pod_disbanded")).toHaveLength(1);
  });

  it("sends a rematching member back to the waitlist ahead of others, and fills their place", async () => {
    const { p, clock } = await podsPlatform();
    const { podId, members } = await formedPod(p, ["Ada", "Bob", "Cy", "Di"]);
    for (const m of members) await acceptInvitation(p, m, podId);
    const [ada, bob] = members as [Actor, Actor];
    clock.advance(24 * HOUR);
    const [eve] = await waitlisted(p, ["Eve"]);
    const earlier = await waitlisted(p, ["F", "G", "H"]);
    clock.advance(HOUR);

    const entry = await requestRematch(p, ada, podId, { reason: "schedule_changed", note: "new job" });
    expect(entry).toMatchObject({ sprintType: "net_prompting", prioritySince: clock.now().toISOString() });
    expect((await failure(getPod(p, ada, podId))).status).toBe(404);
    expect((await listMyPods(p, ada)).items).toEqual([]);
    // Back on the waitlist, her matches are there at once: the learners still waiting who share her hours.
    const [matches] = await getMatches(p, ada, "net_prompting");
    expect(matches!.candidates.map((c) => c.userId).sort()).toEqual([...earlier.map((a) => a.userId)].sort());

    // Eve, the first to join of those who fit, is offered Ada's place.
    const view = await getPod(p, bob, podId);
    expect(view.status).toBe("active");
    expect(view.members.find((m) => m.userId === eve!.userId)?.status).toBe("invited");
    expect(view.members.some((m) => m.userId === ada.userId)).toBe(false);
    expect(await mailsTo(p, bob, "pod_member_left")).toHaveLength(1);

    // Four alike learners wait for one pod of three: Ada, back from a rematch, goes before those who joined earlier.
    const run = await runFormation(p, admin, { sprintType: "net_prompting", podSize: { min: 3, max: 3 } });
    expect(run).toMatchObject({ matched: 3, stillWaiting: 1 });
    expect((await listMyPods(p, ada)).items).toHaveLength(1);
    const placed = await Promise.all(earlier.map(async (a) => (await listMyPods(p, a)).items.length));
    expect(placed.sort()).toEqual([0, 1, 1]);
  });

  it("merges a pod that shrank below its minimum into a compatible pod with room", async () => {
    const { p } = await podsPlatform();
    const actors = await waitlisted(p, ["A", "B", "C", "D", "E", "F"]);
    // Six alike learners and pods of 3 to 5: two pods of three, each with room for two more.
    const run = await runFormation(p, admin, { sprintType: "net_prompting" });
    expect(run.podIds).toHaveLength(2);
    for (const a of actors) {
      const [mine] = (await listMyPods(p, a)).items;
      await acceptInvitation(p, a, mine!.id);
    }
    const [shrinking, target] = run.podIds as [string, string];
    const inShrinking = (await getPod(p, admin, shrinking)).members.map((m) => m.userId);
    const leaver = actors.find((a) => a.userId === inShrinking[0])!;
    const stayers = actors.filter((a) => inShrinking.slice(1).includes(a.userId));

    await requestRematch(p, leaver, shrinking, { reason: "pace_mismatch" });

    const merged = await getPod(p, admin, shrinking);
    expect(merged.status).toBe("disbanded");
    const into = await getPod(p, stayers[0]!, target);
    expect(into.status).toBe("active");
    expect(into.members).toHaveLength(5);
    expect(into.members.every((m) => m.status === "accepted")).toBe(true);
    expect((await listMyPods(p, stayers[1]!)).items.map((s) => s.id)).toEqual([target]);
    expect(await mailsTo(p, stayers[0]!, "pod_moved")).toHaveLength(1);
    // The leaver is waiting again and is in neither pod.
    expect(await listWaitlist(p, leaver)).toHaveLength(1);
    expect(into.members.some((m) => m.userId === leaver.userId)).toBe(false);
  });

  it("completes at the sprint's end and frees everyone for the next sprint", async () => {
    const { p, clock } = await podsPlatform();
    const { podId, members } = await formedPod(p);
    for (const m of members) await acceptInvitation(p, m, podId);
    clock.advance(6 * 7 * 24 * HOUR - HOUR);
    expect(await reviewPod(p, podId)).toBe("active");
    clock.advance(2 * HOUR);
    expect(await reviewPod(p, podId)).toBe("completed");
    expect((await getPod(p, members[0]!, podId)).status).toBe("completed");
    expect(await mailsTo(p, members[1]!, "pod_completed")).toHaveLength(1);
    await joinWaitlist(p, members[0]!, londoner());
  });

  it("shows a member's pod in the timezone they use now, not the one they joined with", async () => {
    const { p } = await podsPlatform();
    const { podId, members } = await formedPod(p);
    const ada = members[0]!;
    const before = await getPod(p, ada, podId);
    expect(before.timezone).toBe("Europe/London");
    const prefs = await getPreferences(p, ada, ada.userId);
    const { updatedAt: _unsent, ...current } = prefs;
    await putPreferences(p, ada, ada.userId, { ...current, timezone: "Europe/Berlin" });

    const after = await getPod(p, ada, podId);
    expect(after.timezone).toBe("Europe/Berlin");
    expect(after.meetingTime).not.toBe(before.meetingTime);
    expect(after.members.find((m) => m.isYou)?.timezone).toBe("Europe/Berlin");
    const [summary] = (await listMyPods(p, ada)).items;
    expect(summary).toMatchObject({ timezone: "Europe/Berlin", meetingTime: after.meetingTime });
    // The others still see their own time.
    expect((await getPod(p, members[1]!, podId)).timezone).toBe("Europe/London");
  });

  it("keeps a pod private to its members: anyone else gets 404, an admin may look", async () => {
    const { p } = await podsPlatform();
    const { podId } = await formedPod(p);
    const outsider = await learner(p, "Mallory");
    const denied = await failure(getPod(p, outsider, podId));
    expect([denied.status, denied.code]).toEqual([404, "pod.not_found"]);
    expect((await failure(acceptInvitation(p, outsider, podId))).status).toBe(404);
    expect((await getPod(p, admin, podId)).myStatus).toBeNull();
  });

  it("holds a learner in one pod per sprint type: joining the waitlist again answers 409", async () => {
    const { p } = await podsPlatform();
    const { members } = await formedPod(p);
    const again = await failure(joinWaitlist(p, members[0]!, londoner()));
    expect([again.status, again.code]).toEqual([409, "pod.already_member"]);
  });

  it("lets an admin disband a pod, sending its members back with priority", async () => {
    const { p } = await podsPlatform();
    const { podId, members } = await formedPod(p);
    expect((await failure(disbandPod(p, members[0]!, podId, "safety"))).status).toBe(403);
    expect(await disbandPod(p, admin, podId, "safety")).toBe("disbanded");
    expect((await listWaitlist(p, members[2]!))[0]!.prioritySince).not.toBeNull();
  });

  it("on erasure, frees the learner's place and leaves a former member on finished pods", async () => {
    const { p, clock } = await podsPlatform();
    const { podId, members } = await formedPod(p);
    for (const m of members) await acceptInvitation(p, m, podId);
    clock.advance(7 * 7 * 24 * HOUR);
    await reviewPod(p, podId);
    const [ada, bob] = members as [Actor, Actor];

    await eraseUser(p, ada, ada.userId);
    expect(await findUserRecords(p, ada.userId)).toEqual([]);
    const view = await getPod(p, bob, podId);
    expect(view.members.map((m) => m.displayName).sort()).toEqual(["Bob", "Cy", "Former member"]);
    expect(JSON.stringify(view)).not.toContain(ada.userId);
  });
});
