// Payments over HTTP: a deposit is required to accept a pod, paid through a checkout whose signed webhook accepts
// the member (each event once, however often and in whatever order it comes); tampered or stale signatures are
// refused; credit pays first; the sprint's settlement refunds by attendance at a stand-in Stripe, once.
import { devLogIn } from "@pactly/core/auth";
import { seedCatalog } from "@pactly/core/catalog";
import { ledgerOf } from "@pactly/core/payments";
import { type Config, deliverDueEffects, ManualClock, type Platform, signEvent } from "@pactly/core/platform";
import { buildExport, eraseUser } from "@pactly/core/privacy";
import { sessionsOfPods } from "@pactly/core/sessions";
import fc from "fast-check";
import { handle } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  balanceOf,
  depositAccount,
  forfeitAccount,
  PLATFORM_ACCOUNT,
  post,
  STRIPE_ACCOUNT,
  userAccount,
} from "../../../core/src/payments/ledger.js";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { type StripeServer, startStripeServer } from "../../../core/test/helpers/stripe-server.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { runScheduledJob } from "../../src/jobs/registry.js";

const read = async (res: Response): Promise<any> => res.json();
const LONDON = {
  sprintType: "net_prompting",
  timezone: "Europe/London",
  locale: "en-GB",
  windows: [
    { weekday: 2, start: "18:00", end: "21:00" },
    { weekday: 4, start: "18:00", end: "21:00" },
  ],
  experienceLevel: "beginner",
  collaborationStyle: "social",
};
const WEBHOOK_SECRET = "whsec_test_secret_for_the_stand_in";

/** An app that takes deposits, a pod of three invited (Ada, Bob, Cy), and helpers to call it as each of them. */
async function invitedPod(config: Partial<Config> = {}) {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const { platform: p } = await testPlatform({
    domains: DOMAIN_MODULES,
    clock,
    config: { devSignIn: true, depositsRequired: true, apiUrl: "http://127.0.0.1:9", ...config },
  });
  await seedCatalog(p);
  const app = createApp(p);
  const ids = new Map<string, string>();
  const tokenFor = async (email: string, role?: "admin") => {
    const session = await devLogIn(p, { email, name: email.split("@")[0], ...(role ? { role } : {}) });
    ids.set(email, session.user.id);
    return session.accessToken;
  };
  const call = async (who: string | undefined, method: string, path: string, body?: unknown) => {
    const token = who ? await tokenFor(who) : undefined;
    return app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  const webhook = (body: string, signature?: string) =>
    app.request("/v1/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
      body,
    });
  const [ada, bob, cy] = ["ada", "bob", "cy"].map((n) => `${n}@example.com`) as [string, string, string];
  for (const t of [ada, bob, cy]) expect((await call(t, "POST", "/v1/waitlist", LONDON)).status).toBe(201);
  const admin = await tokenFor("root@example.com", "admin");
  const run = await read(
    await app.request("/v1/admin/matching/run", {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({ sprintType: "net_prompting" }),
    }),
  );
  const podId: string = run.podIds[0];
  return { p, clock, app, call, webhook, podId, ada, bob, cy, idOf: (e: string) => ids.get(e)! };
}

/** Every account a pod's money can sit in; the ledger balances when these add up to zero. */
async function ledgerTotal(p: Platform, podId: string, userIds: string[]) {
  const accounts = [
    ...userIds.map(userAccount),
    ...userIds.map((u) => depositAccount(`dep_${podId}_${u}`)),
    forfeitAccount(podId),
    STRIPE_ACCOUNT,
    PLATFORM_ACCOUNT,
  ];
  let total = 0;
  for (const a of accounts) total += await balanceOf(p, a);
  return total;
}

describe("deposits and webhooks (local checkout)", () => {
  it("asks for the deposit, accepts each member once on the paid event however it is delivered, then starts the pod", async () => {
    const { p, call, webhook, podId, ada, bob, cy, idOf, clock } = await invitedPod();
    const refused = await call(ada, "POST", `/v1/pods/${podId}/accept`);
    expect(refused.status).toBe(409);
    expect((await read(refused)).error.code).toBe("payment.deposit_required");

    const events: string[] = [];
    for (const who of [ada, bob, cy]) {
      const res = await call(who, "POST", "/v1/deposits", { podId });
      expect(res.status).toBe(200);
      const deposit = await read(res);
      expect(deposit).toMatchObject({ status: "checkout", amountCents: 5000, chargeCents: 5000, provider: "local" });
      expect(deposit.checkoutUrl).toMatch(/\/dev\/checkout\/cs_local_/);
      // Asking again (a reload, a second tab) gives the same checkout, not a second one.
      expect((await read(await call(who, "POST", "/v1/deposits", { podId }))).checkoutUrl).toBe(deposit.checkoutUrl);
      const checkout = (await p.local!.payments!.checkout(deposit.checkoutUrl.split("/").pop()))!;
      expect(checkout.request.metadata).toMatchObject({ podId, userId: idOf(who), sprintType: "net_prompting" });
      const { body, signature } = await p.local!.payments!.signedEvent(checkout, "checkout.session.completed");
      events.push(body, body, body);
      // Kept for the shuffled re-deliveries below.
      (events as unknown as { sigs?: Map<string, string> }).sigs ??= new Map();
      (events as unknown as { sigs: Map<string, string> }).sigs.set(body, signature);
    }
    const sigs = (events as unknown as { sigs: Map<string, string> }).sigs;
    // Every event three times, in a shuffled order; the jobs run in between and after.
    const order = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), 1)[0]!;
    const acks: boolean[] = [];
    for (const [i, body] of order.entries()) {
      const res = await webhook(body, sigs.get(body));
      expect(res.status).toBe(200);
      acks.push((await read(res)).duplicate);
      if (i % 4 === 1) await deliverDueEffects(p);
    }
    expect(acks.filter((d) => !d)).toHaveLength(3);
    while ((await deliverDueEffects(p)) > 0);

    const pod = await read(await call(ada, "GET", `/v1/pods/${podId}`));
    expect(pod.status).toBe("active");
    for (const who of [ada, bob, cy]) {
      const ledger = await read(await call(who, "GET", "/v1/me/ledger"));
      expect(ledger.entries.filter((e: any) => e.kind === "deposit_paid")).toHaveLength(1);
      expect(ledger.entries[0]).toMatchObject({ kind: "deposit_paid", amountCents: 0, eventCents: 5000, podId });
      expect(ledger.balanceCents).toBe(0);
      expect(ledger.deposits[0]).toMatchObject({ podId, status: "paid", checkoutUrl: null });
      expect(await balanceOf(p, depositAccount(`dep_${podId}_${idOf(who)}`))).toBe(5000);
      // Paid already: starting again shows the paid deposit.
      expect((await read(await call(who, "POST", "/v1/deposits", { podId }))).status).toBe("paid");
    }
    expect(await ledgerTotal(p, podId, [ada, bob, cy].map(idOf))).toBe(0);
    const refund = await read(await call(bob, "GET", `/v1/pods/${podId}/refund`));
    expect(refund.calculation).toMatchObject({ depositAmount: 5000, sessionsRequired: 6, sessionsCompleted: 0 });
    expect(refund.policy).toMatchObject({ kind: "proportional", practiceMakeups: 1, excusedAbsences: 1 });
    expect(refund).toMatchObject({ depositRequired: true, depositAmount: { amountCents: 5000, currency: "USD" } });

    // Bob says ahead of the second session that he cannot come: excused once, not twice, never afterwards.
    const sessions = await sessionsOfPods(p, [podId]);
    const [first, second, third] = sessions as [any, any, any];
    const excuse = (who: string, sessionId: string) =>
      call(who, "POST", `/v1/pods/${podId}/refund/excuse`, { sessionId });
    const excused = await excuse(bob, second.id);
    expect(excused.status).toBe(200);
    expect((await read(excused)).excusedSessionId).toBe(second.id);
    expect((await excuse(bob, second.id)).status).toBe(200);
    const again = await excuse(bob, third.id);
    expect(again.status).toBe(409);
    expect((await read(again)).error.code).toBe("payment.excuse_used");
    clock.set(new Date(Date.parse(first.startsAt) + 60_000));
    const late = await excuse(cy, first.id);
    expect(late.status).toBe(409);
    expect((await read(late)).error.code).toBe("payment.excuse_too_late");
    expect((await excuse(cy, "01NOSUCHSESSION")).status).toBe(404);
    expect((await call(cy, "POST", `/v1/pods/${podId}/refund/excuse`, { sessionId: "" })).status).toBe(400);
    // The excused absence does not count against him: one of two sessions held, the excused one set aside.
    for (const s of [first, second]) {
      await p.store.update(
        { pk: s.pk, sk: s.sk },
        { set: { status: "completed", attendance: { [idOf(bob)]: s === first ? "on_time" : "absent" } } },
      );
    }
    const after = await read(await call(bob, "GET", `/v1/pods/${podId}/refund`));
    expect(after.calculation).toMatchObject({ sessionsAttended: 1, excusedAbsences: 1 });
    const cyAfter = await read(await call(cy, "GET", `/v1/pods/${podId}/refund`));
    expect(cyAfter.calculation).toMatchObject({ sessionsAttended: 0, excusedAbsences: 0 });
    expect(after.calculation.sessionsRequired).toBe(cyAfter.calculation.sessionsRequired - 1);
  });

  it("refuses a tampered body, a wrong secret, a missing header and an old timestamp with 400, recording nothing", async () => {
    const { p, call, webhook, podId, ada, clock } = await invitedPod();
    while ((await deliverDueEffects(p)) > 0);
    const deposit = await read(await call(ada, "POST", "/v1/deposits", { podId }));
    const checkout = (await p.local!.payments!.checkout(deposit.checkoutUrl.split("/").pop()))!;
    const { body, signature } = await p.local!.payments!.signedEvent(checkout, "checkout.session.completed");
    const now = Math.floor(clock.now().getTime() / 1000);
    const tampered = body.replace('"amount_total":5000', '"amount_total":1');
    expect(tampered).not.toBe(body);
    for (const [b, s] of [
      [tampered, signature],
      [body, await signEvent(body, "whsec_somebody_else", now)],
      [body, undefined],
      [body, await signEvent(body, p.config.localWebhookSecret, now - 301)],
      ["{not json", await signEvent("{not json", p.config.localWebhookSecret, now)],
    ] as const) {
      const res = await webhook(b, s);
      expect(res.status).toBe(400);
      expect((await read(res)).error.code).toBe("payment.webhook_signature");
    }
    expect(await deliverDueEffects(p)).toBe(0);
    expect((await read(await call(ada, "GET", "/v1/me/ledger"))).entries).toHaveLength(0);
    // The genuine event is still new: nothing of the refused ones was recorded.
    expect((await read(await webhook(body, signature))).duplicate).toBe(false);
  });

  it("verifies the exact bytes API Gateway delivered base64-encoded, and refuses the same event re-serialised", async () => {
    const { p, call, podId, ada, idOf, clock } = await invitedPod();
    const deposit = await read(await call(ada, "POST", "/v1/deposits", { podId }));
    const checkout = (await p.local!.payments!.checkout(deposit.checkoutUrl.split("/").pop()))!;
    const { body } = await p.local!.payments!.signedEvent(checkout, "checkout.session.completed");
    // Stripe's own formatting: indented, with non-ASCII text; parsing and printing it again changes the bytes.
    const event = JSON.parse(body);
    event.data.object.custom_text = "Zoë’s deposit ✓";
    const raw = JSON.stringify(event, null, 2);
    const signature = await signEvent(raw, p.config.localWebhookSecret, Math.floor(clock.now().getTime() / 1000));
    const lambda = handle(createApp(p));
    const invoke = (text: string) =>
      lambda(
        {
          version: "2.0",
          routeKey: "$default",
          rawPath: "/v1/webhooks/stripe",
          rawQueryString: "",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "stripe-signature": signature,
            host: "api.example",
          },
          requestContext: {
            accountId: "123456789012",
            apiId: "api",
            domainName: "api.example",
            domainPrefix: "api",
            http: {
              method: "POST",
              path: "/v1/webhooks/stripe",
              protocol: "HTTP/1.1",
              sourceIp: "203.0.113.9",
              userAgent: "Stripe/1.0",
            },
            requestId: "req-1",
            routeKey: "$default",
            stage: "$default",
            time: "03/Dec/2026:10:00:00 +0000",
            timeEpoch: clock.now().getTime(),
          },
          body: Buffer.from(text, "utf8").toString("base64"),
          isBase64Encoded: true,
        } as never,
        {} as never,
      ) as Promise<{ statusCode: number; body: string }>;
    const reprinted = await invoke(JSON.stringify(JSON.parse(raw)));
    expect(reprinted.statusCode).toBe(400);
    expect(JSON.parse(reprinted.body).error.code).toBe("payment.webhook_signature");
    const ok = await invoke(raw);
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ received: true, duplicate: false });
    while ((await deliverDueEffects(p)) > 0);
    const member = (await read(await call(ada, "GET", `/v1/pods/${podId}`))).members.find(
      (m: any) => m.userId === idOf(ada),
    );
    expect(member.status).toBe("accepted");
  });

  it("takes credit first: all of it pays the deposit at once, part of it lowers the card charge", async () => {
    const { p, call, podId, ada, bob, idOf } = await invitedPod();
    await call(ada, "GET", "/v1/me/ledger");
    await call(bob, "GET", "/v1/me/ledger");
    for (const [who, cents] of [
      [ada, 6000],
      [bob, 2000],
    ] as const) {
      await post(p, {
        id: `grant:${who}`,
        kind: "forfeit_share",
        currency: "USD",
        lines: [
          { account: PLATFORM_ACCOUNT, amountCents: -cents },
          { account: userAccount(idOf(who)), amountCents: cents },
        ],
        memo: "Your share of an earlier pod's stakes",
      });
    }
    const paid = await read(await call(ada, "POST", "/v1/deposits", { podId }));
    expect(paid).toMatchObject({ status: "paid", creditAppliedCents: 5000, chargeCents: 0, checkoutUrl: null });
    expect((await read(await call(ada, "GET", "/v1/me/ledger"))).balanceCents).toBe(1000);
    const member = (await read(await call(ada, "GET", `/v1/pods/${podId}`))).members.find(
      (m: any) => m.userId === idOf(ada),
    );
    expect(member.status).toBe("accepted");

    const part = await read(await call(bob, "POST", "/v1/deposits", { podId }));
    expect(part).toMatchObject({ status: "checkout", creditAppliedCents: 2000, chargeCents: 3000 });
    const checkout = (await p.local!.payments!.checkout(part.checkoutUrl.split("/").pop()))!;
    expect(checkout.request.amountCents).toBe(3000);
    expect((await read(await call(bob, "GET", "/v1/me/ledger"))).balanceCents).toBe(0);
    // The checkout lapses: the credit held for it comes back.
    const { body, signature } = await p.local!.payments!.signedEvent(checkout, "checkout.session.expired");
    const { app } = { app: createApp(p) };
    await app.request("/v1/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body,
    });
    while ((await deliverDueEffects(p)) > 0);
    expect((await read(await call(bob, "GET", "/v1/me/ledger"))).balanceCents).toBe(2000);
  });

  it("refunds a second payment for the same deposit (two checkouts paid in two tabs) to the card, once", async () => {
    const { p, call, webhook, podId, ada, idOf } = await invitedPod();
    const first = await read(await call(ada, "POST", "/v1/deposits", { podId }));
    // Changing where the refund goes starts a new checkout; the first one stays open in the other tab.
    const second = await read(await call(ada, "POST", "/v1/deposits", { podId, refundTo: "credit" }));
    expect(second.checkoutUrl).not.toBe(first.checkoutUrl);
    const local = p.local!.payments!;
    for (const url of [first.checkoutUrl, second.checkoutUrl, first.checkoutUrl]) {
      const { body, signature } = await local.signedEvent(
        (await local.checkout(url.split("/").pop()))!,
        "checkout.session.completed",
      );
      expect((await webhook(body, signature)).status).toBe(200);
      while ((await deliverDueEffects(p)) > 0);
    }
    const ledger = await read(await call(ada, "GET", "/v1/me/ledger"));
    expect(ledger.entries.filter((e: any) => e.kind === "deposit_paid")).toHaveLength(2);
    expect(ledger.entries.filter((e: any) => e.kind === "refund_card")).toHaveLength(1);
    expect(ledger.deposits[0]).toMatchObject({ status: "paid", refundTo: "credit" });
    // One deposit held; the other payment went back to its card, once.
    expect(await balanceOf(p, depositAccount(`dep_${podId}_${idOf(ada)}`))).toBe(5000);
    expect(await balanceOf(p, STRIPE_ACCOUNT)).toBe(-5000);
    const member = (await read(await call(ada, "GET", `/v1/pods/${podId}`))).members.find(
      (m: any) => m.userId === idOf(ada),
    );
    expect(member.status).toBe("accepted");
  });

  it("answers bad deposit input in the error format", async () => {
    const { call, podId, ada } = await invitedPod();
    for (const [body, status] of [
      [{}, 400],
      [{ podId, refundTo: "bitcoin" }, 400],
      [{ podId, extra: 1 }, 400],
      [{ podId: "x".repeat(500) }, 400],
      [{ podId: "01NOSUCHPOD" }, 404],
    ] as const) {
      const res = await call(ada, "POST", "/v1/deposits", body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect((await read(res)).error.code).toBeTruthy();
    }
    expect((await call(undefined, "POST", "/v1/deposits", { podId })).status).toBe(401);
  });
});

describe("Stripe (a stand-in server) and the sprint's settlement", () => {
  let stripe: StripeServer;
  // The stand-in checks `expires_at` against its "now": the test's clock, once a test has one.
  let now = () => new Date();
  beforeAll(async () => {
    stripe = await startStripeServer({ now: () => now() });
  });
  afterAll(() => stripe.close());

  it("creates checkouts with idempotency keys, settles by attendance once, and refunds each line at Stripe once", async () => {
    const t = await invitedPod({
      stripe: { secretKey: "sk_test_local", webhookSecret: WEBHOOK_SECRET, apiUrl: stripe.url },
    });
    const { p, call, webhook, podId, ada, bob, cy, idOf, clock } = t;
    now = () => clock.now();
    const before = stripe.requests.length;
    for (const [i, who] of [ada, bob, cy].entries()) {
      const deposit = await read(
        await call(who, "POST", "/v1/deposits", { podId, ...(who === cy ? { refundTo: "credit" } : {}) }),
      );
      expect(deposit).toMatchObject({ provider: "stripe", status: "checkout" });
      const session = stripe.objects.get(deposit.checkoutUrl.split("/").pop()) as any;
      expect(session).toMatchObject({ amount_total: 5000, currency: "usd" });
      expect(session.metadata).toMatchObject({ podId, userId: idOf(who) });
      const event = JSON.stringify({
        id: `evt_${i}`,
        object: "event",
        type: "checkout.session.completed",
        created: Math.floor(clock.now().getTime() / 1000),
        data: {
          object: { ...session, payment_status: "paid", status: "complete", payment_intent: `pi_test_${i}` },
        },
      });
      const sig = await signEvent(event, WEBHOOK_SECRET, Math.floor(clock.now().getTime() / 1000));
      expect((await webhook(event, sig)).status).toBe(200);
    }
    const creates = stripe.requests.slice(before).filter((r) => r.path === "/v1/checkout/sessions");
    expect(creates).toHaveLength(3);
    expect(new Set(creates.map((r) => r.idempotencyKey)).size).toBe(3);
    expect(creates.every((r) => /^deposit:dep_/.test(r.idempotencyKey ?? ""))).toBe(true);
    while ((await deliverDueEffects(p)) > 0);
    expect((await read(await call(ada, "GET", `/v1/pods/${podId}`))).status).toBe("active");

    // The sprint: Ada and Cy keep all six sessions, Bob three.
    const sessions = await sessionsOfPods(p, [podId]);
    expect(sessions).toHaveLength(6);
    for (const [i, s] of sessions.entries()) {
      await p.store.update(
        { pk: s.pk, sk: s.sk },
        {
          set: {
            status: "completed",
            attendance: { [idOf(ada)]: "on_time", [idOf(cy)]: "late", [idOf(bob)]: i < 3 ? "on_time" : "absent" },
          },
        },
      );
    }
    const live = await read(await call(bob, "GET", `/v1/pods/${podId}/refund`));
    expect(live.calculation).toMatchObject({ sessionsCompleted: 3, sessionsRequired: 6, eligibleAmount: 2500 });

    const pod = await read(await call(ada, "GET", `/v1/pods/${podId}`));
    clock.set(new Date(Date.parse(pod.endsAt) + 60_000));
    await runScheduledJob(p, { job: "pods.review", payload: { podId } });
    while ((await deliverDueEffects(p)) > 0);
    clock.set(new Date(clock.now().getTime() + 48 * 3_600_000 + 60_000));
    const refundsBefore = [...stripe.objects.values()].filter((o) => o.object === "refund").length;
    // The schedule fires, and fires again (a retry): the second run changes nothing.
    await runScheduledJob(p, { job: "payments.settle", payload: { podId } });
    while ((await deliverDueEffects(p)) > 0);
    await runScheduledJob(p, { job: "payments.settle", payload: { podId } });
    while ((await deliverDueEffects(p)) > 0);

    const refunds = [...stripe.objects.values()].filter((o) => o.object === "refund").slice(refundsBefore) as any[];
    expect(refunds.map((r) => [r.payment_intent, r.amount]).sort()).toEqual([
      ["pi_test_0", 5000],
      ["pi_test_1", 2500],
    ]);
    const keys = stripe.requests.filter((r) => r.path === "/v1/refunds").map((r) => r.idempotencyKey);
    expect(new Set(keys)).toEqual(new Set([`settle:${podId}:${idOf(ada)}`, `settle:${podId}:${idOf(bob)}`]));

    // Cy chose credit: the deposit back, plus half of Bob's lost stake (shared with Ada).
    const cyLedger = await read(await call(cy, "GET", "/v1/me/ledger"));
    expect(cyLedger.balanceCents).toBe(5000 + 1250);
    expect((await read(await call(ada, "GET", "/v1/me/ledger"))).balanceCents).toBe(1250);
    expect((await read(await call(bob, "GET", "/v1/me/ledger"))).balanceCents).toBe(0);
    const bobRefund = await read(await call(bob, "GET", `/v1/pods/${podId}/refund`));
    expect(bobRefund.settlement).toMatchObject({ refundCents: 2500, forfeitCents: 2500, refundTo: "card" });
    expect(await ledgerTotal(p, podId, [ada, bob, cy].map(idOf))).toBe(0);
    for (const who of [ada, bob, cy]) {
      expect(await balanceOf(p, depositAccount(`dep_${podId}_${idOf(who)}`))).toBe(0);
    }
    const lines = await read(await call(ada, "GET", `/v1/pods/${podId}/refund`));
    expect(lines.settlement).toMatchObject({ refundCents: 5000, status: "refunded" });

    // Bob's card cannot take the refund (Stripe says so later, twice): it becomes his credit, once.
    clock.set(new Date(clock.now().getTime() + 3 * 86_400_000));
    const bobsRefund = refunds.find((r) => r.payment_intent === "pi_test_1");
    const failed = JSON.stringify({
      id: "evt_refund_failed",
      object: "event",
      type: "refund.failed",
      created: Math.floor(clock.now().getTime() / 1000),
      data: { object: { ...bobsRefund, status: "failed", failure_reason: "expired_or_canceled_card" } },
    });
    const sig = await signEvent(failed, WEBHOOK_SECRET, Math.floor(clock.now().getTime() / 1000));
    expect((await read(await webhook(failed, sig))).duplicate).toBe(false);
    expect((await read(await webhook(failed, sig))).duplicate).toBe(true);
    while ((await deliverDueEffects(p)) > 0);
    const bobLedger = await read(await call(bob, "GET", "/v1/me/ledger"));
    expect(bobLedger.balanceCents).toBe(2500);
    expect(bobLedger.entries[0]).toMatchObject({ kind: "refund_failed", amountCents: 2500 });
    expect((await read(await call(bob, "GET", `/v1/pods/${podId}/refund`))).settlement.status).toBe("refund_failed");
    expect(await ledgerTotal(p, podId, [ada, bob, cy].map(idOf))).toBe(0);

    // The export carries the ledger; an erasure keeps it (amounts and opaque ids), with no name or email in it.
    const exported = (await buildExport(p, idOf(bob))).sections.payments as any;
    expect(exported.balanceCents).toBe(2500);
    expect(exported.entries.map((e: any) => e.kind).sort()).toEqual(["deposit_paid", "refund_card", "refund_failed"]);
    expect(exported.deposits).toHaveLength(1);
    await eraseUser(p, { userId: idOf(bob), role: "learner" }, idOf(bob));
    const kept = await ledgerOf(p, idOf(bob));
    expect(kept.balanceCents).toBe(2500);
    expect(kept.entries).toHaveLength(3);
    expect(JSON.stringify(kept)).not.toMatch(/bob/i);
    expect(await ledgerTotal(p, podId, [ada, bob, cy].map(idOf))).toBe(0);
  });

  it("retries Stripe's 5xx, then opens the breaker: deposits answer 503 with Retry-After, and /v1/health shows it", async () => {
    const t = await invitedPod({
      stripe: { secretKey: "sk_test_local", webhookSecret: WEBHOOK_SECRET, apiUrl: stripe.url },
    });
    const { call, podId, ada, bob, clock, app } = t;
    now = () => clock.now();
    expect((await read(await app.request("/v1/health"))).breakers.payment).toBe("closed");
    // One 500 is retried with the same key: the learner never sees it.
    stripe.failNext(1);
    expect((await read(await call(ada, "POST", "/v1/deposits", { podId }))).status).toBe("checkout");
    // Stripe down: each attempt fails after its retries, and after five the breaker answers at once.
    stripe.failNext(1000, 503);
    for (let i = 0; i < 5; i++) {
      const res = await call(bob, "POST", "/v1/deposits", { podId });
      expect(res.status).toBe(502);
      expect((await read(res)).error.code).toBe("payment.provider_error");
    }
    const before = stripe.requests.length;
    const fast = await call(bob, "POST", "/v1/deposits", { podId });
    expect(fast.status).toBe(503);
    expect((await read(fast)).error.code).toBe("payment.unavailable");
    expect(Number(fast.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(stripe.requests.length).toBe(before);
    expect((await read(await app.request("/v1/health"))).breakers.payment).toBe("open");
    // Stripe is back and the breaker's wait is over: the next deposit goes through.
    stripe.failNext(0);
    clock.advance(31_000);
    expect((await read(await call(bob, "POST", "/v1/deposits", { podId }))).status).toBe("checkout");
    expect((await read(await app.request("/v1/health"))).breakers.payment).toBe("closed");
  });

  it("records a refund made from Stripe's dashboard against the held deposit, and holds a disputed deposit", async () => {
    const t = await invitedPod({
      stripe: { secretKey: "sk_test_local", webhookSecret: WEBHOOK_SECRET, apiUrl: stripe.url },
    });
    const { p, call, webhook, podId, ada, idOf, clock } = t;
    now = () => clock.now();
    const deliver = async (id: string, type: string, object: Record<string, unknown>) => {
      const body = JSON.stringify({
        id,
        object: "event",
        type,
        created: Math.floor(clock.now().getTime() / 1000),
        data: { object },
      });
      const res = await webhook(body, await signEvent(body, WEBHOOK_SECRET, Math.floor(clock.now().getTime() / 1000)));
      expect(res.status).toBe(200);
      while ((await deliverDueEffects(p)) > 0);
    };
    const deposit = await read(await call(ada, "POST", "/v1/deposits", { podId }));
    const session = stripe.objects.get(deposit.checkoutUrl.split("/").pop()) as any;
    // Out of order: the refund and the dispute are told before the payment; they find nothing to act on yet.
    const refunded = { id: "ch_1", object: "charge", payment_intent: "pi_dash", amount: 5000, amount_refunded: 2000 };
    await deliver("evt_early", "charge.refunded", refunded);
    await deliver("evt_paid", "checkout.session.completed", {
      ...session,
      payment_status: "paid",
      payment_intent: "pi_dash",
    });
    const account = depositAccount(`dep_${podId}_${idOf(ada)}`);
    expect(await balanceOf(p, account)).toBe(5000);
    await deliver("evt_refunded", "charge.refunded", refunded);
    await deliver("evt_refunded_again", "charge.refunded", refunded);
    expect(await balanceOf(p, account)).toBe(3000);
    const ledger = await read(await call(ada, "GET", "/v1/me/ledger"));
    expect(ledger.entries.filter((e: any) => e.kind === "refund_external")).toHaveLength(1);
    await deliver("evt_dispute", "charge.dispute.created", {
      id: "dp_1",
      object: "dispute",
      payment_intent: "pi_dash",
      amount: 3000,
      reason: "fraudulent",
    });
    expect((await read(await call(ada, "GET", `/v1/pods/${podId}/refund`))).deposit.status).toBe("disputed");
  });
});
