// Refresh tokens against DynamoDB Local: rotation, reuse detection, concurrent use, logout, expiry.
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/accounts/index.js";
import {
  authenticate,
  FAMILY_LIFETIME_SECONDS,
  REFRESH_GRACE_SECONDS,
  refreshSession,
  revokeAllFamilies,
  signIn,
  signOut,
} from "../../src/auth/index.js";
import { ManualClock } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

async function signedIn() {
  const clock = new ManualClock("2026-02-02T08:00:00Z");
  const t = await testPlatform({ clock });
  const user = await createUser(t.platform, {
    email: "rt@example.com",
    name: "Rita",
    emailVerified: true,
    signInMethod: "password",
  });
  const session = await signIn(t.platform, user, "password");
  return { ...t, clock, user, session };
}

describe("refresh tokens", () => {
  it("rotates on every use: the new token works, the access token names the same sign-in", async () => {
    const { platform: p, session } = await signedIn();
    const next = await refreshSession(p, session.refresh.token);
    expect(next.refresh.token).not.toBe(session.refresh.token);
    expect(next.refresh.familyId).toBe(session.refresh.familyId);
    const after = await refreshSession(p, next.refresh.token);
    expect(after.refresh.familyId).toBe(session.refresh.familyId);
    expect(await authenticate(p, after.accessToken)).toMatchObject({ userId: session.user.id, role: "learner" });
  });

  it("reuse of a rotated token after the grace revokes the whole family: the newest token and access tokens stop working", async () => {
    const { platform: p, session, clock } = await signedIn();
    const next = await refreshSession(p, session.refresh.token);
    clock.advance((REFRESH_GRACE_SECONDS + 1) * 1000);
    await expect(refreshSession(p, session.refresh.token)).rejects.toMatchObject({
      status: 401,
      code: "auth.refresh_reused",
    });
    await expect(refreshSession(p, next.refresh.token)).rejects.toMatchObject({
      status: 401,
      code: "auth.refresh_invalid",
    });
    await expect(authenticate(p, next.accessToken)).rejects.toMatchObject({ status: 401, code: "auth.session_ended" });
  });

  it("gives concurrent refreshes with one token (two tabs) the same new pair, rotating once, ending nothing", async () => {
    const { platform: p, session } = await signedIn();
    const results = await Promise.all([
      refreshSession(p, session.refresh.token),
      refreshSession(p, session.refresh.token),
      refreshSession(p, session.refresh.token),
    ]);
    expect(new Set(results.map((r) => r.refresh.token)).size).toBe(1);
    expect(results[0]!.refresh.token).not.toBe(session.refresh.token);
    for (const r of results) expect((await authenticate(p, r.accessToken)).userId).toBe(session.user.id);
    // The one new token keeps working: nobody was signed out.
    const next = await refreshSession(p, results[0]!.refresh.token);
    expect(next.refresh.familyId).toBe(session.refresh.familyId);
  });

  it("answers a retried refresh whose response was lost, within the grace, with the current pair", async () => {
    const { platform: p, session, clock } = await signedIn();
    const lost = await refreshSession(p, session.refresh.token);
    clock.advance((REFRESH_GRACE_SECONDS - 1) * 1000);
    const retried = await refreshSession(p, session.refresh.token);
    expect(retried.refresh.token).toBe(lost.refresh.token);
    expect(retried.refresh.expiresAt).toEqual(lost.refresh.expiresAt);
    expect((await authenticate(p, retried.accessToken)).userId).toBe(session.user.id);
    // Once the current token has been rotated in turn, the grace of the older one gives nothing newer: reuse.
    const newer = await refreshSession(p, lost.refresh.token);
    clock.advance((REFRESH_GRACE_SECONDS + 1) * 1000);
    await expect(refreshSession(p, session.refresh.token)).rejects.toMatchObject({ code: "auth.refresh_reused" });
    await expect(authenticate(p, newer.accessToken)).rejects.toMatchObject({ code: "auth.session_ended" });
  });

  it("ends a sign-in after its absolute lifetime however often it was refreshed", async () => {
    const { platform: p, session, clock } = await signedIn();
    let token = session.refresh.token;
    let last = session.refresh;
    const days = FAMILY_LIFETIME_SECONDS / 86400;
    // Every three days for 27 days, then once more on day 29: each refresh alone would give 7 more days.
    for (const step of [...Array(Math.floor((days - 3) / 3)).fill(3), 2]) {
      clock.advance(step * 86400_000);
      last = (await refreshSession(p, token)).refresh;
      token = last.token;
    }
    // Never past the family's end, whatever the 7-day rule would give.
    const end = new Date(new Date("2026-02-02T08:00:00Z").getTime() + FAMILY_LIFETIME_SECONDS * 1000);
    expect(last.expiresAt.getTime()).toBeLessThanOrEqual(end.getTime());
    clock.set(new Date(end.getTime() + 1000));
    await expect(refreshSession(p, token)).rejects.toMatchObject({ status: 401, code: "auth.refresh_invalid" });
  });

  it("logout ends the sign-in; other sign-ins of the user keep working", async () => {
    const { platform: p, session, user } = await signedIn();
    const laptop = await signIn(p, user, "password");
    await signOut(p, session.refresh.token);
    await expect(refreshSession(p, session.refresh.token)).rejects.toMatchObject({ status: 401 });
    await expect(authenticate(p, session.accessToken)).rejects.toMatchObject({ code: "auth.session_ended" });
    expect((await refreshSession(p, laptop.refresh.token)).user.id).toBe(user.id);
  });

  it("expires after 7 days without use, and a used token lives 7 days from its rotation", async () => {
    const { platform: p, session, clock } = await signedIn();
    clock.advance(6 * 24 * 3600 * 1000);
    const next = await refreshSession(p, session.refresh.token);
    clock.advance(6 * 24 * 3600 * 1000);
    const again = await refreshSession(p, next.refresh.token);
    clock.advance(7 * 24 * 3600 * 1000 + 1000);
    await expect(refreshSession(p, again.refresh.token)).rejects.toMatchObject({
      status: 401,
      code: "auth.refresh_invalid",
    });
  });

  it("revoking all families signs the user out everywhere", async () => {
    const { platform: p, session, user } = await signedIn();
    const other = await signIn(p, user, "password");
    expect(await revokeAllFamilies(p, user.id, "password_reset")).toBe(2);
    for (const s of [session, other]) {
      await expect(refreshSession(p, s.refresh.token)).rejects.toMatchObject({ status: 401 });
    }
  });

  it("refuses unknown tokens and a missing cookie", async () => {
    const { platform: p } = await signedIn();
    await expect(refreshSession(p, "x".repeat(43))).rejects.toMatchObject({
      status: 401,
      code: "auth.refresh_invalid",
    });
    await expect(refreshSession(p, undefined)).rejects.toMatchObject({ status: 401 });
  });

  it("stores only hashes of refresh tokens", async () => {
    const { platform: p, session, user } = await signedIn();
    const items = await p.store.queryAll({ index: "gsi2", pk: `USER#${user.id}` });
    expect(JSON.stringify(items)).not.toContain(session.refresh.token);
    expect(items.some((i) => i.type === "RefreshToken")).toBe(true);
  });
});
