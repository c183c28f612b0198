// /v1/unsubscribe and /v1/me/push-subscriptions over HTTP: the one-click works without signing in, a changed link is
// refused, devices are opted in one by one, and erasure forgets them.
import { notificationEffects, unsubscribeToken } from "@pactly/core/notifications";
import { commitWithEffects, deliverDueEffects } from "@pactly/core/platform";
import { eraseUser } from "@pactly/core/privacy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PushServiceStandIn } from "../../../core/test/helpers/push-service.js";
import { devRoutes } from "../../src/local/dev-routes.js";
import { accountsApp, call, signedUp } from "../accounts/helpers.js";

const read = async (res: Response): Promise<any> => res.json();

describe("notification routes", () => {
  const push = new PushServiceStandIn();
  beforeAll(() => push.start());
  afterAll(() => push.stop());

  it("shows what an unsubscribe link stops, and switches it off on the one-click POST without signing in", async () => {
    const { app, p } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    const token = await unsubscribeToken(p, ada.userId, "sessionReminders");

    const page = await app.request(`/v1/unsubscribe/${token}`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Stop session reminders?");
    expect(html).toContain(`<form method="post" action="/v1/unsubscribe/${token}">`);
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self'");
    // Opening the link changed nothing (mail scanners open links).
    const before = await read(await call(app, "GET", "/v1/me/preferences", { token: ada.token }));
    expect(before.notifications.sessionReminders.email).toBe(true);

    // What a mail client sends for RFC 8058: a form body, no cookie, no token.
    const click = await app.request(`/v1/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(click.status).toBe(200);
    expect(await read(click)).toEqual({ unsubscribed: true, type: "sessionReminders", label: "session reminders" });
    const after = await read(await call(app, "GET", "/v1/me/preferences", { token: ada.token }));
    expect(after.notifications.sessionReminders.email).toBe(false);
    expect(after.notifications.podUpdates.email).toBe(true);

    // The page's own button posts the same form and gets a page back.
    const button = await app.request(`/v1/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(button.status).toBe(200);
    expect(await button.text()).toContain("You are unsubscribed");
  });

  it("shows the sent message's unsubscribe headers and HTML part in the local outbox, and its link works", async () => {
    const { app, p } = await accountsApp();
    const eve = await signedUp(app, p, "eve@example.com");
    const data = { sessionId: "s-9", sprintName: "Prompting", startsAt: "2026-01-06T18:00:00.000Z" };
    await commitWithEffects(
      p,
      [],
      await notificationEffects(p, { userId: eve.userId, type: "session_reminder_24h", data }),
    );
    await deliverDueEffects(p);
    const outbox = await devRoutes(p).request("/outbox?to=eve@example.com");
    const html = await outbox.text();
    expect(html).toContain("<dt>List-Unsubscribe-Post</dt><dd>List-Unsubscribe=One-Click</dd>");
    const link = html.match(/<dt>List-Unsubscribe<\/dt><dd><a href="([^"]+)">/)?.[1];
    expect(link).toMatch(/^https:\/\/api\.pactly\.test\/v1\/unsubscribe\//);
    expect(html).toContain("HTML part");
    const click = await app.request(new URL(link!).pathname, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(click.status).toBe(200);
    const prefs = await read(await call(app, "GET", "/v1/me/preferences", { token: eve.token }));
    expect(prefs.notifications.sessionReminders.email).toBe(false);
  });

  it("refuses a changed link, as an error body or as a page", async () => {
    const { app, p } = await accountsApp();
    const bob = await signedUp(app, p, "bob@example.com");
    const token = await unsubscribeToken(p, bob.userId, "weeklySummary");
    const tampered = token.replace("weeklySummary", "podUpdates");
    const res = await app.request(`/v1/unsubscribe/${tampered}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(400);
    expect((await read(res)).error.code).toBe("notifications.invalid_unsubscribe_link");
    const page = await app.request(`/v1/unsubscribe/${tampered}x`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("This link does not work");
    const prefs = await read(await call(app, "GET", "/v1/me/preferences", { token: bob.token }));
    expect(prefs.notifications.podUpdates.email).toBe(true);
  });

  it("opts a device into push, lists it without its endpoint, replaces it on a second PUT, and removes it", async () => {
    const { app, p } = await accountsApp();
    const cy = await signedUp(app, p, "cy@example.com");
    const device = push.device("cy-phone");
    const body = { endpoint: device.endpoint, expirationTime: null, keys: device.keys };

    expect((await call(app, "PUT", "/v1/me/push-subscriptions", { body })).status).toBe(401);
    const bad = await call(app, "PUT", "/v1/me/push-subscriptions", {
      token: cy.token,
      body: { ...body, keys: { p256dh: "short", auth: "x" } },
    });
    expect(bad.status).toBe(400);
    expect((await read(bad)).error.code).toBe("validation.failed");

    expect((await call(app, "PUT", "/v1/me/push-subscriptions", { token: cy.token, body })).status).toBe(200);
    expect((await call(app, "PUT", "/v1/me/push-subscriptions", { token: cy.token, body })).status).toBe(200);
    const settings = await read(await call(app, "GET", "/v1/me/push-subscriptions", { token: cy.token }));
    expect(settings.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(settings.items).toHaveLength(1);
    expect(settings.items[0].service).toBe(new URL(device.endpoint).origin);
    expect(JSON.stringify(settings)).not.toContain(device.keys.auth);

    const gone = await call(app, "DELETE", "/v1/me/push-subscriptions", {
      token: cy.token,
      body: { endpoint: device.endpoint },
    });
    expect(gone.status).toBe(204);
    expect((await read(await call(app, "GET", "/v1/me/push-subscriptions", { token: cy.token }))).items).toEqual([]);
  });

  it("forgets a learner's devices when they erase their account", async () => {
    const { app, p } = await accountsApp();
    const dee = await signedUp(app, p, "dee@example.com");
    const device = push.device("dee-laptop");
    await call(app, "PUT", "/v1/me/push-subscriptions", {
      token: dee.token,
      body: { endpoint: device.endpoint, keys: device.keys },
    });
    await eraseUser(p, { userId: dee.userId, role: "learner" }, dee.userId);
    const left = await p.store.queryAll({ pk: `USER#${dee.userId}`, sk: { beginsWith: "PUSHSUB#" } });
    expect(left).toEqual([]);
  });
});
