// Paying a pod's deposit in the browser, with deposits turned on: three learners join a waitlist and an admin runs
// matching over HTTP; two of them pay on the local checkout page over HTTP. The third, on her phone, sees the
// deposit, cancels the checkout once (not charged, still invited), then pays: back on the pod page her place is
// confirmed and the pod is active. A reload and Back do not repeat the notice or the charge; the ledger shows the
// deposit once; a German browser in Tokyo shows the amounts the German way and the refund estimate so far.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type E2E, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading, learnerOnWaitlist, runMatching } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ config: { depositsRequired: true } });
});
afterAll(async () => {
  await e2e?.stop();
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

/** Keeps every status notice the page shows, however briefly, in `window.notices`, for the test to read after. */
const WATCH_NOTICES = `(() => {
  const seen = (window.notices = []);
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[role="status"]')) {
      const text = el.textContent.trim();
      if (text && !seen.includes(text)) seen.push(text);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})()`;

interface Deposit {
  id: string;
  status: string;
  amountCents: number;
  refundTo: string;
  checkoutUrl: string | null;
}
interface Ledger {
  balanceCents: number;
  entries: { kind: string; amountCents: number; eventCents: number }[];
  deposits: Deposit[];
}
interface PodView {
  status: string;
  myStatus: string | null;
}

/** Waits until the pod, as `token` reads it, satisfies `done`. */
async function podUntil(token: string, podId: string, done: (pod: PodView) => boolean): Promise<PodView> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const pod = await call<PodView>(token, "GET", `/v1/pods/${podId}`);
    if (done(pod)) return pod;
    if (Date.now() > deadline) throw new Error(`the pod stayed ${pod.status}, my status ${pod.myStatus}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Pays a deposit the way the local checkout page does, over HTTP: open the page, then post its form. */
async function payOverHttp(token: string, podId: string) {
  const deposit = await call<Deposit>(token, "POST", "/v1/deposits", { podId });
  expect(deposit).toMatchObject({ status: "checkout", amountCents: 5000, refundTo: "card" });
  const checkout = new URL(deposit.checkoutUrl!, e2e.url);
  expect(checkout.pathname).toMatch(/^\/dev\/checkout\/[^/]+$/);
  const page = await fetch(checkout);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Pay $50.00");
  const paid = await fetch(`${checkout.href}/pay`, { method: "POST", redirect: "manual" });
  expect(paid.status).toBe(303);
  expect(paid.headers.get("location")).toBe(`${e2e.url}/pods/${podId}?deposit=paid`);
  await podUntil(token, podId, (p) => p.myStatus === "accepted");
}

describe("paying a pod's deposit", () => {
  it("cancels once, then pays on the checkout page and takes the place, charged once", async () => {
    const tokens: Record<string, string> = {};
    for (const name of ["Hedy", "Radia", "Frances"])
      tokens[name] = await learnerOnWaitlist(e2e, `${name.toLowerCase()}@example.com`, name, { onboarded: true });
    const run = await runMatching(e2e);
    expect(run.podIds).toHaveLength(1);
    const podId = run.podIds[0]!;

    // Accepting without paying is refused: the stage takes deposits.
    const refused = await fetch(`${e2e.url}/v1/pods/${podId}/accept`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.Radia}` },
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("payment.deposit_required");

    await payOverHttp(tokens.Radia!, podId);
    await payOverHttp(tokens.Frances!, podId);
    expect((await call<PodView>(tokens.Hedy!, "GET", `/v1/pods/${podId}`)).status).toBe("forming");

    // Hedy, on her phone.
    const hedy = await e2e.open({ ...PHONE, locale: "en-US", timezoneId: "Europe/Madrid" }, "hedy");
    const { page } = hedy;
    await hedy.context.addInitScript(WATCH_NOTICES);
    await page.goto(`/sign-in?next=/pods/${podId}`);
    await page.getByLabel("Sign in as (email)").fill("hedy@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    const answer = page.getByRole("region", { name: "You are invited" });
    await answer.getByText("refundable deposit of $50.00").waitFor();
    await expect(answer.getByRole("radio", { name: /^Back to my card/ }).isChecked()).resolves.toBe(true);
    await answer.getByRole("button", { name: "Decline…" }).waitFor();
    await checkPage(e2e, page, "phone-deposit-invited");

    // To the checkout page, and back without paying.
    await answer.getByRole("button", { name: "Pay deposit and accept" }).click();
    await page.waitForURL(/\/dev\/checkout\//);
    await page.getByText("$50.00", { exact: true }).waitFor();
    await e2e.screenshot(page, "phone-deposit-checkout");
    await page.getByRole("link", { name: "Cancel and go back" }).click();
    await page.waitForURL(new RegExp(`/pods/${podId}`));
    await page.getByText("Payment cancelled: you were not charged. Your invitation is still open.").waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe("");
    await answer.getByText("refundable deposit of $50.00").waitFor();
    expect((await call<PodView>(tokens.Hedy!, "GET", `/v1/pods/${podId}`)).myStatus).toBe("invited");
    const beforePaying = await call<Ledger>(tokens.Hedy!, "GET", "/v1/me/ledger");
    expect(beforePaying.entries.filter((e) => e.kind === "deposit_paid")).toHaveLength(0);

    // This time she pays, with her refund as credit.
    await answer.getByRole("radio", { name: /^As Pactly credit/ }).check();
    await answer.getByRole("button", { name: "Pay deposit and accept" }).click();
    await page.waitForURL(/\/dev\/checkout\//);
    await page.getByRole("button", { name: "Pay $50.00" }).click();
    await page.waitForURL(new RegExp(`/pods/${podId}`));
    await page.getByText("Payment received — your place in the pod is confirmed.").waitFor();
    // The page said it was confirming before it said the place was confirmed.
    const notices = (await page.evaluate("window.notices")) as string[];
    const confirming = notices.indexOf("Payment received — confirming your place…");
    expect(confirming, notices.join(" | ")).toBeGreaterThanOrEqual(0);
    expect(notices.indexOf("Payment received — your place in the pod is confirmed.")).toBeGreaterThan(confirming);
    await page.getByText("You are in. The pod is active").waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe("");
    const members = page.getByRole("region", { name: "Members (3)" });
    await expect(members.getByText("Accepted").count()).resolves.toBe(3);
    const deposit = page.getByRole("region", { name: "Your deposit" });
    await deposit.getByText("Paid and held").waitFor();
    await deposit.getByText("to your Pactly credit").waitFor();
    await deposit.getByText("0 of 6 sessions completed").waitFor();
    expect(await podUntil(tokens.Hedy!, podId, (p) => p.status === "active")).toMatchObject({
      myStatus: "accepted",
    });
    await checkPage(e2e, page, "phone-deposit-accepted");

    // A reload shows the pod, not the payment notice again.
    await page.reload();
    await page.getByText("You are in. The pod is active").waitFor();
    await expect(page.getByText("Payment received").count()).resolves.toBe(0);

    // Back goes to the checkout page she left; paying there again takes her back to the pod, charged once.
    await page.goBack();
    await page.waitForURL(/\/dev\/checkout\//);
    const again = page.getByRole("button", { name: "Pay $50.00" });
    if (await again.isVisible()) {
      await again.click();
      await page.waitForURL(new RegExp(`/pods/${podId}`));
      await page.getByText("You are in. The pod is active").waitFor();
    } else {
      await page.getByRole("heading", { name: "Already paid" }).waitFor();
    }
    const ledger = await call<Ledger>(tokens.Hedy!, "GET", "/v1/me/ledger");
    expect(ledger.entries.filter((e) => e.kind === "deposit_paid")).toEqual([
      expect.objectContaining({ amountCents: 0, eventCents: 5000 }),
    ]);
    expect(ledger.deposits).toEqual([expect.objectContaining({ status: "paid", refundTo: "credit" })]);
    expect(ledger.balanceCents).toBe(0);

    // The ledger, in a second tab.
    const tab = await hedy.context.newPage();
    tab.on("pageerror", (e) => hedy.problems.push(`[hedy tab] page error: ${e.message}`));
    await tab.goto("/ledger");
    await expectHeading(tab, "Credit and deposits");
    await tab.getByRole("region", { name: "History" }).getByText("$50.00 paid by card").waitFor();
    const deposits = tab.getByRole("region", { name: "Deposits" });
    await deposits.getByText("Paid and held").waitFor();
    await deposits.getByRole("link", { name: "Deposit of $50.00" }).waitFor();
    await checkPage(e2e, tab, "phone-ledger");
    expect(hedy.problems).toEqual([]);

    // A German browser in Tokyo writes the amounts its own way.
    const german = await e2e.open({ ...PHONE, locale: "de-DE", timezoneId: "Asia/Tokyo" }, "hedy-de");
    await german.page.goto(`/sign-in?next=/pods/${podId}`);
    await german.page.getByLabel("Sign in as (email)").fill("hedy@example.com");
    await german.page.getByRole("button", { name: "Dev sign-in" }).click();
    const germanDeposit = german.page.getByRole("region", { name: "Your deposit" });
    await germanDeposit
      .getByText(/^50,00\s\$$/)
      .first()
      .waitFor();
    await germanDeposit.getByText("0 of 6 sessions completed").waitFor();
    await e2e.screenshot(german.page, "phone-deposit-de-tokyo");
    expect(german.problems).toEqual([]);
  });
});
