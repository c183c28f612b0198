// Random sequences of what learners and Stripe do — deposits started again and again, checkouts paid or lapsing,
// events delivered late, twice or out of order, refunds from Stripe's dashboard, a pod disbanded — always leave the
// ledger balanced, no credit or held deposit below zero, and never more refunded to cards than cards paid.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import { seedCatalog } from "../../src/catalog/index.js";
import { startDeposit } from "../../src/payments/deposits.js";
import {
  balanceOf,
  depositAccount,
  forfeitAccount,
  PLATFORM_ACCOUNT,
  post,
  STRIPE_ACCOUNT,
  userAccount,
} from "../../src/payments/ledger.js";
import { paymentsDomain } from "../../src/payments/module.js";
import { receiveStripeWebhook } from "../../src/payments/webhooks.js";
import { deliverDueEffects, isAppError, ManualClock, signEvent } from "../../src/platform/index.js";
import { disbandPod, runFormation } from "../../src/pods/index.js";
import { podsDomain } from "../../src/pods/module.js";
import { sessionsDomain } from "../../src/sessions/module.js";

import { testPlatform } from "../helpers/platform.js";
import { admin, londoner, START, waitlisted } from "../pods/helpers.js";

type Action =
  | { t: "start"; who: number; refundTo: "card" | "credit" | undefined }
  | { t: "complete"; who: number }
  | { t: "expire"; who: number }
  | { t: "dashboardRefund"; who: number; cents: number }
  | { t: "deliver"; pick: number }
  | { t: "effects" }
  | { t: "disband" };

const who = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant("start" as const),
      who,
      refundTo: fc.constantFrom("card", "credit", undefined),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant("complete" as const), who }), weight: 6 },
  { arbitrary: fc.record({ t: fc.constant("expire" as const), who }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant("dashboardRefund" as const), who, cents: fc.integer({ min: 1, max: 6000 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ t: fc.constant("deliver" as const), pick: fc.nat() }), weight: 8 },
  { arbitrary: fc.constant({ t: "effects" as const }), weight: 2 },
  { arbitrary: fc.constant({ t: "disband" as const }), weight: 1 },
);

describe("payments under random event sequences", () => {
  it("keeps the ledger balanced, nothing below zero, and card refunds within what cards paid", async () => {
    // How many runs moved money at Stripe: the sequences must reach paid deposits and refunds, not only no-ops.
    let paidRuns = 0;
    let refundedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 7000 }), { minLength: 3, maxLength: 3 }),
        fc.array(action, { minLength: 6, maxLength: 20 }),
        async (credits, actions) => {
          const clock = new ManualClock(START);
          const { platform: p } = await testPlatform({
            clock,
            domains: [podsDomain, sessionsDomain, paymentsDomain],
            config: { depositsRequired: true },
          });
          await seedCatalog(p);
          const actors: Actor[] = await waitlisted(p, ["Ada", "Bob", "Cy"], londoner());
          const run = await runFormation(p, admin, { sprintType: "net_prompting" });
          const podId = run.podIds[0]!;
          for (const [i, cents] of credits.entries()) {
            if (cents === 0) continue;
            await post(p, {
              id: `grant:${i}`,
              kind: "forfeit_share",
              currency: "USD",
              lines: [
                { account: PLATFORM_ACCOUNT, amountCents: -cents },
                { account: userAccount(actors[i]!.userId), amountCents: cents },
              ],
              memo: "Credit from an earlier pod",
            });
          }
          const local = p.local!.payments!;
          const pool: { body: string }[] = [];
          const current: (string | null)[] = [null, null, null];
          const intents: (string | null)[] = [null, null, null];
          const sign = async (body: string) =>
            signEvent(body, p.config.localWebhookSecret, Math.floor(clock.now().getTime() / 1000));
          const deliver = async (body: string) => receiveStripeWebhook(p, body, await sign(body));

          const start = async (i: number, refundTo?: "card" | "credit") => {
            try {
              const d = await startDeposit(p, actors[i]!, { podId, ...(refundTo ? { refundTo } : {}) });
              current[i] = d.checkoutUrl?.split("/").pop() ?? null;
            } catch (e) {
              if (!isAppError(e) || e.status !== 409) throw e;
            }
          };

          for (const a of actions) {
            clock.advance(60_000);
            if (a.t === "start") {
              await start(a.who, a.refundTo);
            } else if (a.t === "complete" || a.t === "expire") {
              // Paying is what a learner does from the pod page: a checkout is started first if none is open.
              if (!current[a.who]) await start(a.who);
              const id = current[a.who];
              const checkout = id ? await local.checkout(id) : undefined;
              if (!checkout) continue;
              const type = a.t === "complete" ? "checkout.session.completed" : "checkout.session.expired";
              const { body } = await local.signedEvent(checkout, type);
              if (a.t === "complete") intents[a.who] = checkout.paymentIntentId;
              pool.push({ body });
            } else if (a.t === "dashboardRefund") {
              const pi = intents[a.who];
              if (!pi) continue;
              pool.push({
                body: JSON.stringify({
                  id: `evt_dash_${pool.length}`,
                  object: "event",
                  type: "charge.refunded",
                  created: Math.floor(clock.now().getTime() / 1000),
                  data: { object: { id: `ch_${pi}`, object: "charge", payment_intent: pi, amount_refunded: a.cents } },
                }),
              });
            } else if (a.t === "deliver") {
              if (pool.length > 0) await deliver(pool[a.pick % pool.length]!.body);
            } else if (a.t === "effects") {
              await deliverDueEffects(p);
            } else {
              try {
                await disbandPod(p, admin, podId, "testing");
              } catch (e) {
                if (!isAppError(e) || e.status !== 409) throw e;
              }
            }
          }
          // Everything still undelivered arrives at last (once more for the ones already in), and the jobs run.
          for (const { body } of pool) await deliver(body);
          for (let i = 0; i < 10 && (await deliverDueEffects(p)) > 0; i++);

          const users = actors.map((a) => userAccount(a.userId));
          const deposits = actors.map((a) => depositAccount(`dep_${podId}_${a.userId}`));
          const balances = new Map<string, number>();
          for (const account of [...users, ...deposits, forfeitAccount(podId), STRIPE_ACCOUNT, PLATFORM_ACCOUNT]) {
            balances.set(account, await balanceOf(p, account));
          }
          const total = [...balances.values()].reduce((s, v) => s + v, 0);
          expect(total).toBe(0);
          for (const account of [...users, ...deposits]) expect(balances.get(account)).toBeGreaterThanOrEqual(0);
          // Money at Stripe: payments in make it negative, refunds out bring it back; never above zero.
          expect(balances.get(STRIPE_ACCOUNT)).toBeLessThanOrEqual(0);
          for (const d of deposits) expect(balances.get(d)).toBeLessThanOrEqual(5000);
          if (intents.some(Boolean)) paidRuns++;
          if ((balances.get(STRIPE_ACCOUNT) ?? 0) > -5000 * intents.filter(Boolean).length) refundedRuns++;
        },
      ),
      // Fixed seed: the same twelve sequences every run, some paying, some refunding, some disbanding.
      { numRuns: 12, seed: 20261203, endOnFailure: true },
    );
    expect(paidRuns).toBeGreaterThan(3);
    expect(refundedRuns).toBeGreaterThan(0);
  }, 180_000);
});
