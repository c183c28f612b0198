// The app shell in a real browser: signed-out visitors land on sign-in, unknown paths get a real page, the
// PWA manifest and the service worker are in place, and the shell still opens offline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, type E2E, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading } from "./steps.js";

// Used inside the page (page.evaluate); this package is compiled without the DOM library.
declare const document: {
  querySelector(selector: string): { href: string } | null;
  activeElement: { tagName: string } | null;
};
declare const navigator: { serviceWorker: { ready: Promise<unknown> } };

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

describe("app shell", () => {
  it("sends a signed-out visitor to sign in, keeping where they wanted to go", async () => {
    const { page, problems } = await e2e.open(PHONE, "phone");
    await page.goto("/goals");
    await expectHeading(page, "Sign in");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/goals");
    expect(await page.title()).toBe("Sign in · Pactly");
    await checkPage(e2e, page, "phone-sign-in");
    expect(problems).toEqual([]);
  });

  it("shows a not-found page for unknown paths, and the link home works", async () => {
    const { page, problems } = await e2e.open(DESKTOP, "desktop");
    await page.goto("/no/such/page");
    await expectHeading(page, "Page not found");
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expectHeading(page, "Learn with a pod that shows up");
    // Focus moves to the new page's heading, so screen readers announce it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect(problems).toEqual([]);
  });

  it("shows the API's message for a refusal, and the request id only for a fault on our side", async () => {
    const { page } = await e2e.open(PHONE, "phone-error");
    await page.goto("/sign-in");
    await page.getByLabel("Email", { exact: true }).fill("nobody@example.com");
    await page.getByLabel("Password").fill("not the password at all");
    const answer = page.waitForResponse((r) => r.url().endsWith("/v1/auth/login"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const response = await answer;
    expect(response.status()).toBe(401);
    const { error } = (await response.json()) as { error: { message: string; requestId: string } };
    const alert = page.getByRole("alert");
    await alert.filter({ hasText: error.message }).waitFor();
    await expect(alert.textContent()).resolves.not.toContain("Request id");
    await checkPage(e2e, page, "phone-sign-in-error");

    // A fault (the API answering 500) is worth quoting to support: its request id is shown.
    await page.route("**/v1/auth/login", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        headers: { "x-request-id": "01JFAULTREQUEST00000000000" },
        body: JSON.stringify({
          error: {
            code: "internal.error",
            message: "Something went wrong on our side. Please try again.",
            timestamp: new Date().toISOString(),
            requestId: "01JFAULTREQUEST00000000000",
          },
        }),
      }),
    );
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await alert.filter({ hasText: "Something went wrong on our side" }).waitFor();
    await expect(alert.textContent()).resolves.toContain("Request id: 01JFAULTREQUEST00000000000");
  });

  it("is an installable PWA whose service worker opens the app shell offline", async () => {
    const { context, page } = await e2e.open(DESKTOP, "desktop-offline");
    await page.goto("/sign-in");
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')?.href;
      return href ? (await fetch(href)).json() : null;
    });
    expect(manifest).toMatchObject({ name: "Pactly", display: "standalone", start_url: "/" });
    const installed = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]),
    );
    expect(installed, "the service worker is installed and active").toBe(true);
    // Once the worker controls the page, the shell's files are in its cache.
    await page.reload();
    await expectHeading(page, "Sign in");
    await context.setOffline(true);
    await page.goto("/sign-up");
    await expectHeading(page, "Create your account");
    await context.setOffline(false);
  });
});
