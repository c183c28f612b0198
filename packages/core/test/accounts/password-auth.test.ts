// Email + password sign-in and provider linking against DynamoDB Local, with emails read from the outbox.
import { describe, expect, it } from "vitest";
import { findUserByEmail, getUser, passwordKey } from "../../src/accounts/index.js";
import {
  forgotPassword,
  linkIdentity,
  logIn,
  refreshSession,
  resendVerification,
  resetPassword,
  signIn,
  signUp,
  verifyEmail,
} from "../../src/auth/index.js";
import { deliverDueEffects, ManualClock, type Platform } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

const origin = { ip: "198.51.100.7" };

async function mailTo(p: Platform, to: string) {
  // Mail leaves through the outbox after the change committed: deliver what is due, as the dispatcher would.
  await deliverDueEffects(p);
  return (await p.local!.outbox.list({ to })).items;
}

/** The token of the newest email to `to` whose link goes to `path`. */
async function tokenFrom(p: Platform, to: string, path: string): Promise<string> {
  const mail = (await mailTo(p, to)).find((m) => m.text.includes(`/${path}?token=`));
  if (!mail) throw new Error(`no ${path} email to ${to}`);
  return new URL(/https?:\/\/\S+/.exec(mail.text.slice(mail.text.indexOf(`/${path}?`) - 40))![0]).searchParams.get(
    "token",
  )!;
}

async function setup(limits: { loginLimitPerEmail?: number; loginLimitPerIp?: number } = {}) {
  const clock = new ManualClock("2026-01-05T09:00:00Z");
  const t = await testPlatform({ clock, config: { webUrl: "https://app.pactly.test", ...limits } });
  return { ...t, p: t.platform, clock };
}

describe("sign-up and verification", () => {
  it("sends a verification email with text and HTML parts linking to the web app; verifying allows sign-in", async () => {
    const { p } = await setup();
    await signUp(p, { email: "Ada@Example.com", password: "a long passphrase", name: "Ada" }, origin);
    const [mail] = await mailTo(p, "ada@example.com");
    expect(mail).toMatchObject({ subject: "Confirm your email for Pactly", template: "auth.verify_email" });
    expect(mail!.text).toMatch(/https:\/\/app\.pactly\.test\/verify-email\?token=[A-Za-z0-9_-]{43}/);
    expect(mail!.html).toContain("https://app.pactly.test/verify-email?token=");

    await expect(logIn(p, { email: "ada@example.com", password: "a long passphrase" }, origin)).rejects.toMatchObject({
      status: 403,
      code: "auth.email_not_verified",
    });
    const token = await tokenFrom(p, "ada@example.com", "verify-email");
    await verifyEmail(p, token);
    await expect(verifyEmail(p, token)).rejects.toMatchObject({ status: 400, code: "auth.verify_token_invalid" });
    const session = await logIn(p, { email: "ADA@example.com", password: "a long passphrase" }, origin);
    expect(session.user).toMatchObject({ email: "ada@example.com", emailVerified: true, name: "Ada" });
  });

  it("answers a sign-up with a taken address exactly as any other, and tells the owner by email", async () => {
    const { p } = await setup();
    await signUp(p, { email: "bob@example.com", password: "bobs first password", name: "Bob" }, origin);
    await verifyEmail(p, await tokenFrom(p, "bob@example.com", "verify-email"));
    await expect(
      signUp(p, { email: "bob@example.com", password: "an attackers password", name: "Mallory" }, origin),
    ).resolves.toBeUndefined();
    const mails = await mailTo(p, "bob@example.com");
    expect(mails[0]).toMatchObject({ template: "auth.account_exists" });
    // The original password still works; the attacker's does not.
    await expect(
      logIn(p, { email: "bob@example.com", password: "an attackers password" }, origin),
    ).rejects.toMatchObject({
      status: 401,
    });
    expect((await logIn(p, { email: "bob@example.com", password: "bobs first password" }, origin)).user.name).toBe(
      "Bob",
    );
  });

  it("verifies with the password of the sign-up whose link was clicked, not a squatter's earlier one", async () => {
    const { p } = await setup();
    // The squatter registers the address first, with a password of their own.
    await signUp(p, { email: "val@example.com", password: "the squatter's password", name: "Squatter" }, origin);
    const squatterLink = await tokenFrom(p, "val@example.com", "verify-email");
    // The address's owner signs up later and clicks the link of their own sign-up (the newest email).
    await signUp(p, { email: "val@example.com", password: "val's own password", name: "Val" }, origin);
    const ownLink = await tokenFrom(p, "val@example.com", "verify-email");
    expect(ownLink).not.toBe(squatterLink);
    await verifyEmail(p, ownLink);

    await expect(
      logIn(p, { email: "val@example.com", password: "the squatter's password" }, origin),
    ).rejects.toMatchObject({ status: 401, code: "auth.invalid_credentials" });
    const session = await logIn(p, { email: "val@example.com", password: "val's own password" }, origin);
    expect(session.user).toMatchObject({ emailVerified: true, name: "Val" });
    // The earlier pending sign-up is dropped: its link no longer works.
    await expect(verifyEmail(p, squatterLink)).rejects.toMatchObject({
      status: 400,
      code: "auth.verify_token_invalid",
    });
    await expect(
      logIn(p, { email: "val@example.com", password: "the squatter's password" }, origin),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("greets nobody by a name the sender chose in mail to an unverified address", async () => {
    const { p } = await setup();
    const lure = "Win a prize at https://evil.example/claim";
    await signUp(p, { email: "target@example.com", password: "a long passphrase", name: lure }, origin);
    await signUp(p, { email: "target@example.com", password: "a long passphrase", name: lure }, origin);
    await forgotPassword(p, "target@example.com", origin);
    const mails = await mailTo(p, "target@example.com");
    expect(mails.length).toBe(3);
    for (const mail of mails) {
      expect(mail.text).not.toContain("evil.example");
      expect(mail.html).not.toContain("evil.example");
      expect(mail.text).not.toContain("Win a prize");
    }
  });

  it("expires verification links after an hour", async () => {
    const { p, clock } = await setup();
    await signUp(p, { email: "late@example.com", password: "slow but sure!", name: "Late" }, origin);
    const token = await tokenFrom(p, "late@example.com", "verify-email");
    clock.advance(3600_000 + 1000);
    await expect(verifyEmail(p, token)).rejects.toMatchObject({ status: 400 });
    expect((await findUserByEmail(p, "late@example.com"))?.emailVerified).toBe(false);
  });
});

describe("resending the verification link", () => {
  it("sends a new working link after the first expired, and nothing to verified or unknown addresses", async () => {
    const { p, clock } = await setup();
    await signUp(p, { email: "late@example.com", password: "slow but sure!", name: "Late" }, origin);
    await signUp(p, { email: "done@example.com", password: "quick and sure", name: "Done" }, origin);
    await verifyEmail(p, await tokenFrom(p, "done@example.com", "verify-email"));
    const expired = await tokenFrom(p, "late@example.com", "verify-email");
    clock.advance(3600_000 + 1000);

    // The same (empty) answer in every case; only the unverified account gets an email.
    for (const email of ["LATE@example.com", "done@example.com", "nobody@example.com"])
      await expect(resendVerification(p, email, origin)).resolves.toBeUndefined();
    expect(await mailTo(p, "late@example.com")).toHaveLength(2);
    expect(await mailTo(p, "done@example.com")).toHaveLength(1);
    expect(await mailTo(p, "nobody@example.com")).toHaveLength(0);

    const fresh = await tokenFrom(p, "late@example.com", "verify-email");
    expect(fresh).not.toBe(expired);
    await verifyEmail(p, fresh);
    expect((await findUserByEmail(p, "late@example.com"))?.emailVerified).toBe(true);
  });

  it("stops sending quietly per address, and answers 429 per IP", async () => {
    const { p } = await setup();
    await signUp(p, { email: "eager@example.com", password: "again and again", name: "Eager" }, origin);
    for (let i = 0; i < 5; i++) await resendVerification(p, "eager@example.com", origin);
    // Sign-up's email and two resends use the address's allowance of three an hour; the rest send nothing.
    expect(await mailTo(p, "eager@example.com")).toHaveLength(3);
    const other = { ip: "203.0.113.9" };
    for (let i = 0; i < 20; i++) await resendVerification(p, `someone${i}@example.com`, other);
    await expect(resendVerification(p, "eager@example.com", other)).rejects.toMatchObject({ status: 429 });
  });
});

describe("password sign-in", () => {
  it("gives the same 401 for an unknown email and a wrong password", async () => {
    const { p } = await setup();
    await signUp(p, { email: "cy@example.com", password: "cyclist password", name: "Cy" }, origin);
    const unknown = await logIn(p, { email: "nobody@example.com", password: "whatever it is" }, origin).catch((e) => e);
    const wrong = await logIn(p, { email: "cy@example.com", password: "whatever it is" }, origin).catch((e) => e);
    expect([unknown.status, unknown.code, unknown.message]).toEqual([wrong.status, wrong.code, wrong.message]);
    expect(wrong).toMatchObject({ status: 401, code: "auth.invalid_credentials" });
  });

  it("limits attempts per email (429 + Retry-After), and successes do not use the allowance up", async () => {
    // Three per address here (five in production), to keep the slow password hashing to a few rounds.
    const { p } = await setup({ loginLimitPerEmail: 3 });
    await signUp(p, { email: "dee@example.com", password: "dee's password!", name: "Dee" }, origin);
    await verifyEmail(p, await tokenFrom(p, "dee@example.com", "verify-email"));
    for (let i = 0; i < 4; i++) await logIn(p, { email: "dee@example.com", password: "dee's password!" }, origin);
    for (let i = 0; i < 3; i++) {
      await expect(
        logIn(p, { email: "dee@example.com", password: "guess " + i }, { ip: `203.0.113.${i}` }),
      ).rejects.toMatchObject({
        status: 401,
      });
    }
    const limited = await logIn(
      p,
      { email: "dee@example.com", password: "dee's password!" },
      { ip: "203.0.113.99" },
    ).catch((e) => e);
    expect(limited).toMatchObject({ status: 429, code: "rate.limited" });
    expect(limited.retryAfter).toBeGreaterThan(0);
  });

  it("limits attempts per IP across many emails", async () => {
    const { p } = await setup({ loginLimitPerIp: 4 });
    const ip = { ip: "192.0.2.50" };
    for (let i = 0; i < 4; i++) {
      await expect(logIn(p, { email: `victim${i}@example.com`, password: "password1234" }, ip)).rejects.toMatchObject({
        status: 401,
      });
    }
    await expect(logIn(p, { email: "victim99@example.com", password: "password1234" }, ip)).rejects.toMatchObject({
      status: 429,
    });
  });
});

describe("forgotten password", () => {
  it("answers the same for known and unknown emails, and only emails the known one", async () => {
    const { p } = await setup();
    await signUp(p, { email: "eve@example.com", password: "eve's password!", name: "Eve" }, origin);
    await expect(forgotPassword(p, "eve@example.com", origin)).resolves.toBeUndefined();
    await expect(forgotPassword(p, "ghost@example.com", origin)).resolves.toBeUndefined();
    expect(await mailTo(p, "ghost@example.com")).toEqual([]);
    const [reset] = await mailTo(p, "eve@example.com");
    expect(reset).toMatchObject({ subject: "Reset your Pactly password", template: "auth.reset_password" });
    expect(reset!.html).toContain("https://app.pactly.test/reset-password?token=");
  });

  it("does the same work for an unknown address as for a known one, so its timing tells nothing", async () => {
    const { p } = await setup();
    await signUp(p, { email: "kim@example.com", password: "kim's password!", name: "Kim" }, origin);
    let ops: string[] = [];
    const store = new Proxy(p.store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          ops.push(String(key));
          return value.apply(target, args);
        };
      },
    });
    // The store of the request path is counted; the mailer keeps its own (the mail itself goes to the known one only).
    const counted = { ...p, store };
    const timed = async (email: string) => {
      ops = [];
      const start = performance.now();
      await forgotPassword(counted, email, origin);
      return { ops, ms: performance.now() - start };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Two rounds: the address's sign-up mail and two resets use its hourly allowance of three.
    for (let i = 0; i < 2; i++) {
      const k = await timed("kim@example.com");
      const u = await timed(`nobody${i}@example.com`);
      expect(u.ops).toEqual(k.ops);
      // The reset token is written in one transaction either way; the known address's email joins it.
      expect(k.ops).toContain("transact");
      known.push(k.ms);
      unknown.push(u.ms);
    }
    expect(await mailTo(p, "nobody0@example.com")).toEqual([]);
    expect((await mailTo(p, "kim@example.com")).filter((m) => m.template === "auth.reset_password")).toHaveLength(2);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
    console.info(`forgot-password median ms: known ${median(known)}, unknown ${median(unknown)}`);
  });

  it("resets once per link, verifies the address, ends every sign-in and retires older links", async () => {
    const { p, clock } = await setup();
    await signUp(p, { email: "fay@example.com", password: "fay's old password", name: "Fay" }, origin);
    await verifyEmail(p, await tokenFrom(p, "fay@example.com", "verify-email"));
    const session = await logIn(p, { email: "fay@example.com", password: "fay's old password" }, origin);
    await forgotPassword(p, "fay@example.com", origin);
    const older = await tokenFrom(p, "fay@example.com", "reset-password");
    clock.advance(60_000);
    await forgotPassword(p, "fay@example.com", origin);
    const newer = await tokenFrom(p, "fay@example.com", "reset-password");
    expect(newer).not.toBe(older);

    await resetPassword(p, newer, "fay's new password");
    await expect(resetPassword(p, newer, "again and again")).rejects.toMatchObject({ status: 400 });
    await expect(resetPassword(p, older, "via the old link")).rejects.toMatchObject({ status: 400 });
    await expect(refreshSession(p, session.refresh.token)).rejects.toMatchObject({ status: 401 });
    await expect(logIn(p, { email: "fay@example.com", password: "fay's old password" }, origin)).rejects.toMatchObject({
      status: 401,
    });
    expect((await logIn(p, { email: "fay@example.com", password: "fay's new password" }, origin)).user.name).toBe(
      "Fay",
    );
  });

  it("refuses a reset link after an hour", async () => {
    const { p, clock } = await setup();
    await signUp(p, { email: "gus@example.com", password: "gus's password!", name: "Gus" }, origin);
    await forgotPassword(p, "gus@example.com", origin);
    const token = await tokenFrom(p, "gus@example.com", "reset-password");
    clock.advance(3601_000);
    await expect(resetPassword(p, token, "too late now!")).rejects.toMatchObject({ status: 400 });
  });
});

describe("linking provider identities", () => {
  const identity = (over: Partial<Parameters<typeof linkIdentity>[1]> = {}) => ({
    provider: "google" as const,
    subject: "g-100",
    email: "hal@example.com",
    emailVerified: true,
    name: "Hal",
    ...over,
  });

  it("creates a verified account on first sign-in and finds it again by subject", async () => {
    const { p } = await setup();
    const first = await linkIdentity(p, identity());
    expect(first).toMatchObject({ email: "hal@example.com", emailVerified: true, signInMethods: ["google"] });
    const again = await linkIdentity(p, identity({ email: "changed@example.com" }));
    expect(again.id).toBe(first.id);
  });

  it("links to an existing account by verified email, never by an unverified one", async () => {
    const { p } = await setup();
    await signUp(p, { email: "ivy@example.com", password: "ivy's password!", name: "Ivy" }, origin);
    await verifyEmail(p, await tokenFrom(p, "ivy@example.com", "verify-email"));
    await expect(linkIdentity(p, identity({ email: "ivy@example.com", emailVerified: false }))).rejects.toMatchObject({
      status: 403,
      code: "auth.oauth_email_unverified",
    });
    const linked = await linkIdentity(p, identity({ email: "ivy@example.com", subject: "g-ivy" }));
    expect(linked.signInMethods).toEqual(["password", "google"]);
    // The owner hears of the new way into their account.
    const [notice] = await mailTo(p, "ivy@example.com");
    expect(notice).toMatchObject({ template: "auth.sign_in_method_added" });
    expect(notice!.text).toContain("sign in to Pactly with google");
    expect(notice!.text).toContain("Hi Ivy,");
    // Signing in again with the same identity is not news.
    await linkIdentity(p, identity({ email: "ivy@example.com", subject: "g-ivy" }));
    expect((await mailTo(p, "ivy@example.com")).filter((m) => m.template === "auth.sign_in_method_added")).toHaveLength(
      1,
    );
    expect((await logIn(p, { email: "ivy@example.com", password: "ivy's password!" }, origin)).user.id).toBe(linked.id);
  });

  it("drops the password of an unverified account when the address's real owner signs in with a provider", async () => {
    const { p } = await setup();
    // Someone registers the address first, hoping its owner later signs in with Google.
    await signUp(p, { email: "jo@example.com", password: "squatter password", name: "Squatter" }, origin);
    const owner = await linkIdentity(p, identity({ email: "jo@example.com", subject: "g-jo", name: "Jo" }));
    expect(owner).toMatchObject({ emailVerified: true, signInMethods: ["google"] });
    expect(await p.store.get(passwordKey(owner.id))).toBeUndefined();
    await expect(logIn(p, { email: "jo@example.com", password: "squatter password" }, origin)).rejects.toMatchObject({
      status: 401,
    });
    // The squatter's pending verification link is gone too.
    const stale = await tokenFrom(p, "jo@example.com", "verify-email");
    await expect(verifyEmail(p, stale)).rejects.toMatchObject({ status: 400 });
    expect((await getUser(p, owner.id))?.signInMethods).toEqual(["google"]);
    expect((await signIn(p, owner, "google")).user.id).toBe(owner.id);
  });
});
