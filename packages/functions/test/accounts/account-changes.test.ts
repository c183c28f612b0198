// Changing password and email over HTTP: a recent sign-in, the current password, the owner told by email, other
// devices signed out, the new address proved by its own link, and nothing to learn about other accounts.
import { REAUTH_WINDOW_SECONDS } from "@pactly/core/auth";
import { deliverDueEffects, type ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { accountsApp, CookieJar, call, emailToken, signedUp } from "./helpers.js";

const read = async (res: Response): Promise<any> => res.json();

async function mailsTo(p: Awaited<ReturnType<typeof accountsApp>>["p"], to: string) {
  await deliverDueEffects(p);
  return (await p.local!.outbox.list({ to })).items;
}

// Each test hashes passwords (scrypt) several times over.
describe("changing the password", { timeout: 60_000 }, () => {
  it("needs the current password and a recent sign-in, signs out every other device and tells the owner", async () => {
    const { app, p, clock } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    // A second device, signed in too.
    const phone = new CookieJar();
    await call(app, "POST", "/v1/auth/login", {
      body: { email: "ada@example.com", password: ada.password },
      jar: phone,
    });

    const wrong = await call(app, "POST", "/v1/me/password", {
      token: ada.token,
      body: { currentPassword: "not my password", newPassword: "a brand new passphrase" },
    });
    expect(wrong.status).toBe(401);
    expect((await read(wrong)).error.code).toBe("auth.wrong_password");
    const missing = await call(app, "POST", "/v1/me/password", {
      token: ada.token,
      body: { newPassword: "a brand new passphrase" },
    });
    expect(missing.status).toBe(401);
    const short = await call(app, "POST", "/v1/me/password", {
      token: ada.token,
      body: { currentPassword: ada.password, newPassword: "short" },
    });
    expect(short.status).toBe(400);

    const changed = await call(app, "POST", "/v1/me/password", {
      token: ada.token,
      jar: ada.jar,
      body: { currentPassword: ada.password, newPassword: "a brand new passphrase" },
    });
    expect(changed.status).toBe(200);
    const fresh = await read(changed);
    expect(fresh.accessToken).toEqual(expect.any(String));
    // This device keeps going with its new sign-in; the other device's refresh is refused.
    expect((await call(app, "POST", "/v1/auth/refresh", { jar: ada.jar })).status).toBe(200);
    expect((await call(app, "POST", "/v1/auth/refresh", { jar: phone })).status).toBe(401);
    expect((await call(app, "GET", "/v1/me", { token: ada.token })).status).toBe(401);

    const login = (password: string) =>
      call(app, "POST", "/v1/auth/login", { body: { email: "ada@example.com", password } });
    expect((await login(ada.password)).status).toBe(401);
    expect((await login("a brand new passphrase")).status).toBe(200);
    const told = (await mailsTo(p, "ada@example.com")).filter((m) => m.template === "auth.password_changed");
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("every other device was signed out");

    // Ten minutes later, a refreshed token is not enough.
    (clock as ManualClock).advance((REAUTH_WINDOW_SECONDS + 60) * 1000);
    const refreshed = await read(await call(app, "POST", "/v1/auth/refresh", { jar: ada.jar }));
    const stale = await call(app, "POST", "/v1/me/password", {
      token: refreshed.accessToken,
      body: { currentPassword: "a brand new passphrase", newPassword: "yet another passphrase" },
    });
    expect(stale.status).toBe(401);
    expect((await read(stale)).error.code).toBe("auth.reauth_required");
  });
});

describe("changing the email", { timeout: 60_000 }, () => {
  it("moves the account once the new address confirms, telling the old one at each step", async () => {
    const { app, p } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    const asked = await call(app, "POST", "/v1/me/email", { token: ada.token, body: { email: "Ada@New.Example" } });
    expect(asked.status).toBe(202);
    // Nothing changed yet.
    expect((await read(await call(app, "GET", "/v1/me", { token: ada.token }))).email).toBe("ada@example.com");
    const notice = (await mailsTo(p, "ada@example.com")).find((m) => m.template === "auth.email_change_requested");
    expect(notice?.text).toContain("a***@new.example");
    expect(notice?.text).not.toContain("ada@new.example");

    const token = await emailToken(p, "ada@new.example", "confirm-email-change");
    const confirmed = await call(app, "POST", "/v1/auth/email-change/confirm", { body: { token } });
    expect(confirmed.status).toBe(200);
    expect((await call(app, "POST", "/v1/auth/email-change/confirm", { body: { token } })).status).toBe(400);

    const login = (email: string) => call(app, "POST", "/v1/auth/login", { body: { email, password: ada.password } });
    expect((await login("ada@example.com")).status).toBe(401);
    const again = await login("ada@new.example");
    expect(again.status).toBe(200);
    const me = await read(await call(app, "GET", "/v1/me", { token: (await read(again)).accessToken }));
    expect(me).toMatchObject({ email: "ada@new.example", emailVerified: true });
    expect((await mailsTo(p, "ada@example.com")).some((m) => m.template === "auth.email_change_changed")).toBe(true);
    // The old address is free again: someone else may sign up with it.
    expect((await signedUp(app, p, "ada@example.com", "someone else's password")).userId).not.toBe(ada.userId);
  });

  it("answers the same for an address that has an account, which is told instead, and changes nothing", async () => {
    const { app, p } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    await signedUp(app, p, "bob@example.com");
    const asked = await call(app, "POST", "/v1/me/email", { token: ada.token, body: { email: "bob@example.com" } });
    expect(asked.status).toBe(202);
    const toBob = await mailsTo(p, "bob@example.com");
    expect(toBob.some((m) => m.template === "auth.account_exists")).toBe(true);
    expect(toBob.some((m) => m.template === "auth.email_change")).toBe(false);
    expect((await read(await call(app, "GET", "/v1/me", { token: ada.token }))).email).toBe("ada@example.com");
  });

  it("refuses the link when the address was taken meanwhile (409), and refuses its own address (400)", async () => {
    const { app, p } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    const same = await call(app, "POST", "/v1/me/email", { token: ada.token, body: { email: "ADA@example.com" } });
    expect(same.status).toBe(400);
    expect((await read(same)).error.code).toBe("account.email_unchanged");

    await call(app, "POST", "/v1/me/email", { token: ada.token, body: { email: "shared@example.com" } });
    const token = await emailToken(p, "shared@example.com", "confirm-email-change");
    await signedUp(app, p, "shared@example.com");
    const late = await call(app, "POST", "/v1/auth/email-change/confirm", { body: { token } });
    expect(late.status).toBe(409);
    expect((await read(late)).error.code).toBe("account.email_taken");
    expect((await read(await call(app, "GET", "/v1/me", { token: ada.token }))).email).toBe("ada@example.com");
  });
});
