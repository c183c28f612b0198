// An active pod with its sessions, and a runner for what the cloud would do on its own (outbox, schedules).

import { expect } from "vitest";
import type { Actor } from "../../src/access/index.js";
import { seedCatalog } from "../../src/catalog/index.js";
import { scheduledJobsOf } from "../../src/domain/index.js";
import { deliverDueEffects, type Item, ManualClock, type Platform } from "../../src/platform/index.js";
import { acceptInvitation, runFormation } from "../../src/pods/index.js";
import { podsDomain } from "../../src/pods/module.js";
import { sessionsDomain } from "../../src/sessions/module.js";

import { testPlatform } from "../helpers/platform.js";
import { admin, waitlisted } from "../pods/helpers.js";

/** Monday 2 March 2026, 09:00 UTC. */
export const START = "2026-03-02T09:00:00.000Z";

export async function sessionsPlatform(): Promise<{ p: Platform; clock: ManualClock }> {
  const clock = new ManualClock(START);
  const { platform } = await testPlatform({ clock, domains: [podsDomain, sessionsDomain] });
  await seedCatalog(platform);
  return { p: platform, clock };
}

/**
 * Delivers every due outbox effect and fires every due local schedule into its job, until nothing is left due:
 * what the stream dispatcher and EventBridge Scheduler do in the cloud. Returns the schedules fired, by job.
 */
export async function settle(p: Platform): Promise<string[]> {
  const jobs = scheduledJobsOf(p.domains);
  const fired: string[] = [];
  for (let round = 0; round < 20; round++) {
    const delivered = await deliverDueEffects(p);
    let ran = 0;
    for (const due of await p.local!.scheduler.due(100)) {
      const s = await p.local!.scheduler.claim(due);
      if (!s) continue;
      await jobs.get(s.job)!(p, s.payload);
      await p.local!.scheduler.completed(s);
      fired.push(s.name);
      ran++;
    }
    if (delivered === 0 && ran === 0) return fired;
  }
  throw new Error("effects and schedules kept coming");
}

/** Forms a London pod of `names` on the evenings slot and has everyone accept: it is active. */
export async function activePod(
  p: Platform,
  names = ["Ada", "Bob", "Cy"],
): Promise<{ podId: string; members: Actor[] }> {
  const members = await waitlisted(p, names);
  const run = await runFormation(p, admin, {
    sprintType: "net_prompting",
    podSize: { min: 3, max: Math.max(3, names.length) },
  });
  expect(run.podIds).toHaveLength(1);
  const podId = run.podIds[0]!;
  for (const m of members) await acceptInvitation(p, m, podId);
  return { podId, members };
}

export async function mailsTo(p: Platform, actor: Actor) {
  const user = await p.store.get<Item & { email: string }>({
    pk: `USER#${actor.userId}`,
    sk: "PROFILE",
  });
  return (await p.local!.outbox.list({ to: user!.email, limit: 100 })).items;
}
