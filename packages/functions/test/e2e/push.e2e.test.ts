// Push on this device, in the browser: a member turns on "Notify this device" on the notifications page; when a
// pod-mate cancels a session, her device receives the encrypted push (opened here as the browser would); after she
// turns it off, the next change reaches her by email only. Headless Chromium has no push service of its own, so the
// page's PushManager hands out a subscription at a stand-in push service on 127.0.0.1; everything else is real:
// the page, the service worker registration, the API, the outbox and the VAPID-signed, aes128gcm-encrypted request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PushServiceStandIn } from "../../../core/test/helpers/push-service.js";
import { callApi, DESKTOP, type E2E, startE2E } from "./harness.js";
import { activePodOverHttp, checkPage, learnerOnWaitlist } from "./steps.js";

// Runs inside the page (addInitScript); this package is compiled without the DOM library.
declare const window: unknown;
declare const localStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
};

let e2e: E2E;
const push = new PushServiceStandIn();
beforeAll(async () => {
  await push.start();
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
  await push.stop();
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

const waitFor = async (what: string, ok: () => boolean, ms = 15_000) => {
  for (const deadline = Date.now() + ms; !ok(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe("push on this device", () => {
  it("turns on, receives a session change as an encrypted push, and turns off", async () => {
    const tokens: string[] = [];
    for (const name of ["Nia", "Olu", "Pia"])
      tokens.push(await learnerOnWaitlist(e2e, `${name.toLowerCase()}@example.com`, name));
    const { sessions } = await activePodOverHttp(e2e, tokens);

    const device = push.device("nia-laptop");
    const { context, page, problems } = await e2e.open({ ...DESKTOP, timezoneId: "Europe/Madrid" }, "desktop");
    await context.grantPermissions(["notifications"], { origin: e2e.url });
    // The browser's push service, stood in: subscribe() gives the device's endpoint and keys, kept across reloads.
    await context.addInitScript(
      ({ endpoint, keys }) => {
        const stored = () => localStorage.getItem("test-push-subscription") === "on";
        const subscription = {
          endpoint,
          expirationTime: null,
          options: { userVisibleOnly: true },
          toJSON: () => ({ endpoint, expirationTime: null, keys }),
          unsubscribe: async () => {
            localStorage.removeItem("test-push-subscription");
            return true;
          },
        };
        const proto = (window as { PushManager: { prototype: Record<string, unknown> } }).PushManager.prototype;
        proto.getSubscription = async () => (stored() ? subscription : null);
        proto.subscribe = async () => {
          localStorage.setItem("test-push-subscription", "on");
          return subscription;
        };
      },
      { endpoint: device.endpoint, keys: device.keys },
    );
    await page.goto("/sign-in?next=/notifications");
    await page.getByLabel("Sign in as (email)").fill("nia@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    const toggle = page.getByLabel("Notify this device");
    await toggle.waitFor();
    await expect(toggle.isChecked()).resolves.toBe(false);
    // The box follows the subscription once the API has it (it is not ticked before).
    await toggle.click();
    await page.locator("input:checked").and(toggle).waitFor();
    const devices = await call<{ items: unknown[] }>(tokens[0]!, "GET", "/v1/me/push-subscriptions");
    expect(devices.items).toHaveLength(1);
    // A reload shows it on.
    await page.reload();
    await expect(page.getByLabel("Notify this device").isChecked()).resolves.toBe(true);
    await checkPage(e2e, page, "desktop-push-on");

    // Olu cancels session 2: Nia's device gets the push, encrypted for it alone.
    await call(tokens[1]!, "POST", `/v1/sessions/${sessions[1]!.id}/cancel`, { reason: "Olu is travelling" });
    await waitFor("the push", () => push.requests.some((r) => r.path === "/push/nia-laptop"));
    const delivered = push.requests.find((r) => r.path === "/push/nia-laptop")!;
    expect(delivered.headers["content-encoding"]).toBe("aes128gcm");
    expect(String(delivered.headers.authorization)).toMatch(/^vapid t=/);
    expect(device.decrypt(delivered.body)).toMatch(/cancel/i);

    // Off again: the next change does not reach the device.
    const on = page.getByLabel("Notify this device");
    await page.locator("input:checked").and(on).waitFor();
    await on.click();
    await page.locator("input:not(:checked)").and(on).waitFor();
    expect((await call<{ items: unknown[] }>(tokens[0]!, "GET", "/v1/me/push-subscriptions")).items).toHaveLength(0);
    const before = push.requests.length;
    await call(tokens[1]!, "POST", `/v1/sessions/${sessions[2]!.id}/cancel`, { reason: "Olu is still travelling" });
    await e2e.mail("nia@example.com", /cancel/i);
    expect(push.requests.slice(before).filter((r) => r.path === "/push/nia-laptop")).toHaveLength(0);
    expect(problems).toEqual([]);
  });
});
