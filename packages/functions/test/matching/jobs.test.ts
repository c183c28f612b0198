// The scheduled side of matching: the daily run forms pods, and each pod's own schedule fires at its deadline.
import type { Actor } from "@pactly/core/access";
import { createUser } from "@pactly/core/accounts";
import { seedCatalog } from "@pactly/core/catalog";
import { deliverDueEffects, ManualClock } from "@pactly/core/platform";
import { acceptInvitation, getPod, joinWaitlist, listMyPods, listWaitlist } from "@pactly/core/pods";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { runScheduledJob } from "../../src/jobs/registry.js";
import { SchedulerRunner } from "../../src/local/scheduler-runner.js";

const HOUR = 3_600_000;

describe("matching jobs", () => {
  it("forms pods daily, then lets unanswered invitations lapse at their deadline", async () => {
    const clock = new ManualClock("2026-03-02T06:00:00Z");
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, clock });
    await seedCatalog(p);
    const actors: Actor[] = [];
    for (const name of ["Ada", "Bob", "Cy"]) {
      const user = await createUser(p, {
        email: `${name}@example.com`,
        name,
        emailVerified: true,
        signInMethod: "password",
      });
      const actor: Actor = { userId: user.id, role: "learner" };
      await joinWaitlist(p, actor, {
        sprintType: "gym_3x_week",
        timezone: "Europe/Madrid",
        locale: "en",
        // The gym sprint meets three times a week: three mornings, a day apart.
        windows: [1, 3, 5].map((weekday) => ({ weekday, start: "07:00", end: "08:30" })),
        experienceLevel: "beginner",
        collaborationStyle: "quiet",
      });
      actors.push(actor);
    }
    const [ada, bob, cy] = actors as [Actor, Actor, Actor];

    await runScheduledJob(p, { job: "matching.run", payload: {} });
    const [pod] = (await listMyPods(p, ada)).items;
    expect(pod).toMatchObject({ sprintType: "gym_3x_week", status: "forming", members: 3 });
    // Inside everyone's windows, 07:00–08:30 in Madrid on Mondays, Wednesdays and Fridays.
    expect(pod!.meetingTime).toMatch(/^Mondays (07:[0-5]\d|08:00)–.*, Wednesdays .*, Fridays /);
    await acceptInvitation(p, ada, pod!.id);
    await acceptInvitation(p, bob, pod!.id);
    // The pod's review schedule leaves through the outbox, as the dispatcher delivers it after commit.
    await deliverDueEffects(p);

    const runner = new SchedulerRunner(p, (e) => runScheduledJob(p, e));
    clock.advance(47 * HOUR);
    expect(await runner.fireDue()).toBe(0);
    expect((await getPod(p, cy, pod!.id)).status).toBe("forming");
    clock.advance(2 * HOUR);
    expect(await runner.fireDue()).toBe(1);

    // Cy never answered and nobody else is waiting: the pod cannot go ahead, Ada and Bob wait with priority.
    expect((await getPod(p, ada, pod!.id)).status).toBe("disbanded");
    expect((await listWaitlist(p, bob))[0]!.prioritySince).toBe(clock.now().toISOString());
    expect(await listWaitlist(p, cy)).toEqual([]);
  });
});
