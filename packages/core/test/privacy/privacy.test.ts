// Export and erasure against DynamoDB Local and the S3 emulator: every record of the user, and nothing of others.

import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import {
  createUser,
  DEFAULT_PREFERENCES,
  ownerIndex,
  putConsents,
  putPreferences,
  updateOnboarding,
} from "../../src/accounts/index.js";
import { linkIdentity, logIn, refreshSession, signIn, signUp, verifyEmail } from "../../src/auth/index.js";
import { defineDomain } from "../../src/domain/index.js";
import { getJob, runJob } from "../../src/jobs/index.js";
import { deliverDueEffects, INDEX_NAMES, type Item, ManualClock, type Platform } from "../../src/platform/index.js";
import {
  type ExportDocument,
  eraseUser,
  FORMER_MEMBER_NAME,
  requestExport,
  runExport,
  traceExpiry,
} from "../../src/privacy/index.js";
import { EXPORT_JOB_KIND } from "../../src/privacy/module.js";
import { testPlatform } from "../helpers/platform.js";

const origin = { ip: "198.51.100.20" };
const key = (i: Item) => `${i.pk} | ${i.sk}`;

/** Everything keyed by the user's id, read the way a reviewer would: the table's key and every index. */
async function everythingKeyedBy(p: Platform, userId: string): Promise<Item[]> {
  const pks = [`USER#${userId}`, `USER#${userId}#JOBS`];
  const found: Item[] = [];
  for (const pk of pks) {
    found.push(...(await p.store.queryAll({ pk })));
    for (const index of INDEX_NAMES) found.push(...(await p.store.queryAll({ index, pk })));
  }
  return [...new Map(found.map((i) => [key(i), i])).values()];
}

/** A user with something in every corner: password, provider link, sessions, preferences, a pod-mate's view. */
async function busyUser() {
  const clock = new ManualClock("2026-01-05T09:00:00Z");
  const t = await testPlatform({ clock });
  const p = t.platform;
  await signUp(p, { email: "ada@example.com", password: "ada's password!", name: "Ada" }, origin);
  await deliverDueEffects(p);
  const verify = (await p.local!.outbox.list({ to: "ada@example.com" })).items[0]!;
  await verifyEmail(p, new URL(/https?:\/\/\S+/.exec(verify.text)![0]).searchParams.get("token")!);
  const session = await logIn(p, { email: "ada@example.com", password: "ada's password!" }, origin);
  const ada = session.user;
  const asAda: Actor = { userId: ada.id, role: "learner" };
  await linkIdentity(p, {
    provider: "github",
    subject: "gh-1",
    email: "ada@example.com",
    emailVerified: true,
    name: "Ada",
  });
  await putPreferences(p, asAda, ada.id, { ...DEFAULT_PREFERENCES, timezone: "Europe/London" });
  await updateOnboarding(p, asAda, ada.id, { step: "profile", completed: true });
  await putConsents(p, asAda, ada.id, { learningData: true, emails: false });
  // Another domain's records following the rule: one under the user's partition, one on the owner index.
  await p.store.put({ pk: `USER#${ada.id}`, sk: "GOAL#g1", type: "Goal", title: "Run 5k" });
  await p.store.put({ pk: "POD#p1", sk: `MEMBER#${ada.id}`, type: "PodMember", ...ownerIndex(ada.id, "POD#p1") });
  // What pod-mates keep: the pod's roster, naming Ada.
  await p.store.put({
    pk: "POD#p1",
    sk: "ROSTER",
    type: "PodRoster",
    members: [
      { userId: ada.id, name: "Ada" },
      { userId: "bob", name: "Bob" },
    ],
  });

  const bob = await createUser(p, {
    email: "bob@example.com",
    name: "Bob",
    emailVerified: true,
    signInMethod: "password",
  });
  await p.store.put({ pk: `USER#${bob.id}`, sk: "GOAL#g2", type: "Goal", title: "Bob's goal" });
  const bobSession = await signIn(p, bob, "password");
  return { ...t, p, clock, ada, asAda, session, bob, bobSession, asBob: { userId: bob.id, role: "learner" } as Actor };
}

async function runExportJob(p: Platform, actor: Actor, userId: string) {
  const job = await requestExport(p, actor, userId);
  await runJob(p, { jobId: job.id, kind: job.kind }, { [EXPORT_JOB_KIND]: runExport }, { receiveCount: 1 });
  return getJob(p, actor, job.id);
}

describe("export", () => {
  it("writes every record of the user, and nothing of anyone else, behind a 15-minute link", async () => {
    const { p, ada, asAda } = await busyUser();
    const job = await runExportJob(p, asAda, ada.id);
    expect(job.status).toBe("succeeded");
    const result = job.result as { downloadUrl: string; expiresAt: string; recordCount: number };
    expect(new URL(result.downloadUrl).searchParams.get("X-Amz-Expires")).toBe("900");
    expect(result.expiresAt).toBe("2026-01-05T09:15:00.000Z");

    const res = await fetch(result.downloadUrl);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as ExportDocument;
    expect(doc).toMatchObject({ format: "pactly-export/1", userId: ada.id, recordCount: result.recordCount });

    const expected = await everythingKeyedBy(p, ada.id);
    const exportedKeys = doc.records.map((r) => `${r.key.pk} | ${r.key.sk}`);
    const expectedKeys = expected.map((i) =>
      i.type === "RefreshToken" || i.type === "EmailToken" ? `${i.pk.split("#")[0]}#[withheld] | ${i.sk}` : key(i),
    );
    expect(exportedKeys.sort()).toEqual(expectedKeys.sort());
    const types = new Set(doc.records.map((r) => r.type));
    for (const t of ["User", "EmailAddress", "PasswordCredential", "ExternalIdentity", "Preferences", "Onboarding"]) {
      expect(types).toContain(t);
    }
    for (const t of ["Consents", "RefreshFamily", "RefreshToken", "Goal", "PodMember", "Job"])
      expect(types).toContain(t);

    const text = JSON.stringify(doc);
    expect(text).not.toContain("Bob's goal");
    expect(text).not.toMatch(/scrypt\$/);
    expect(doc.records.find((r) => r.type === "PasswordCredential")!.data.hash).toBe("[withheld]");
  });

  it("is not available to anyone else: not the job, not a request for someone else's data", async () => {
    const { p, ada, asAda, asBob } = await busyUser();
    await expect(requestExport(p, asBob, ada.id)).rejects.toMatchObject({ status: 404 });
    const job = await runExportJob(p, asAda, ada.id);
    await expect(getJob(p, asBob, job.id)).rejects.toMatchObject({ status: 404, code: "job.not_found" });
  });
});

describe("erasure", () => {
  it("deletes every record keyed by the user, anonymises what pod-mates keep, and ends every sign-in", async () => {
    const { p, ada, asAda, session, bob, bobSession } = await busyUser();
    await runExportJob(p, asAda, ada.id);
    const rosterDomain = defineDomain({
      name: "test-roster",
      erase: async (pl, userId, { formerMemberName }) => {
        const roster = await pl.store.get<Item & { members: { userId: string; name: string }[] }>({
          pk: "POD#p1",
          sk: "ROSTER",
        });
        if (!roster) return;
        const members = roster.members.map((m) =>
          m.userId === userId ? { userId: "former", name: formerMemberName } : m,
        );
        await pl.store.put({ ...roster, members });
      },
    });
    expect((await everythingKeyedBy(p, ada.id)).length).toBeGreaterThan(10);

    const report = await eraseUser({ ...p, domains: [rosterDomain] }, asAda, ada.id);
    expect(report.steps).toEqual(["test-roster"]);
    expect(report.blobsDeleted).toBe(1);

    expect(await everythingKeyedBy(p, ada.id)).toEqual([]);
    expect(await p.store.get({ pk: "EMAIL#ada@example.com", sk: "EMAIL" })).toBeUndefined();
    expect(await p.store.get({ pk: "IDENTITY#github#gh-1", sk: "IDENTITY" })).toBeUndefined();
    const roster = await p.store.get<Item & { members: unknown[] }>({ pk: "POD#p1", sk: "ROSTER" });
    expect(roster?.members).toEqual([
      { userId: "former", name: FORMER_MEMBER_NAME },
      { userId: "bob", name: "Bob" },
    ]);
    await expect(refreshSession(p, session.refresh.token)).rejects.toMatchObject({ status: 401 });
    await expect(logIn(p, { email: "ada@example.com", password: "ada's password!" }, origin)).rejects.toMatchObject({
      status: 401,
    });

    // Bob is untouched.
    expect((await everythingKeyedBy(p, bob.id)).map((i) => i.type)).toEqual(
      expect.arrayContaining(["User", "Goal", "RefreshFamily"]),
    );
    expect((await refreshSession(p, bobSession.refresh.token)).user.id).toBe(bob.id);

    // Again: harmless.
    await expect(eraseUser(p, asAda, ada.id)).resolves.toMatchObject({ recordsDeleted: 0, blobsDeleted: 0 });
    expect(await everythingKeyedBy(p, ada.id)).toEqual([]);
  });

  it("may not be started for someone else", async () => {
    const { p, ada, asBob } = await busyUser();
    await expect(eraseUser(p, asBob, ada.id)).rejects.toMatchObject({ status: 404 });
    expect((await everythingKeyedBy(p, ada.id)).length).toBeGreaterThan(0);
  });
});

describe("retention", () => {
  it("gives learning traces a TTL of 90 days by default, or the configured number of days", async () => {
    const clock = new ManualClock("2026-01-05T09:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    expect(traceExpiry(p)).toBe(Date.parse("2026-04-05T09:00:00Z") / 1000);
    const { platform: short } = await testPlatform({ clock, config: { traceRetentionDays: 30 } });
    expect(traceExpiry(short, new Date("2026-01-10T00:00:00Z"))).toBe(Date.parse("2026-02-09T00:00:00Z") / 1000);
  });
});
