// The payments domain's module: the webhook event job, card refunds (after the posting that decided them), the
// sprint's settlement, and what pods' events mean for deposits.
import { defineDomain } from "../domain/index.js";
import type { PaymentEvent } from "../platform/index.js";

const deposits = () => import("./deposits.js");
const settlement = () => import("./settlement.js");

export const paymentsDomain = defineDomain({
  name: "payments",
  jobs: {
    /** One verified webhook event, after its mark committed. */
    "payments.stripe-event": async (p, payload) => {
      const { handleStripeEvent } = await import("./webhooks.js");
      await handleStripeEvent(p, payload.event as PaymentEvent);
    },
    /** A card refund a posting decided: retried by the outbox until Stripe takes it (one refund per key). */
    "payments.refund": async (p, payload) => {
      const job = payload as unknown as import("./deposits.js").RefundJob;
      if (!job.paymentIntentId) return;
      const { breakerFor } = await import("../platform/index.js");
      const result = await breakerFor(p, "payment").run(() =>
        p.payments.refund({
          paymentIntentId: job.paymentIntentId as string,
          amountCents: job.amountCents,
          metadata: { depositId: job.depositId, podId: job.podId, userId: job.userId, key: job.key },
          idempotencyKey: job.key,
        }),
      );
      await (await import("./refund-events.js")).refundIssued(p, job, result);
    },
    /** The pod's one-time settlement schedule. */
    "payments.settle": async (p, payload) => {
      const podId = String(payload.podId);
      const { podMembership } = await import("../pods/index.js");
      const state = await podMembership(p, podId, "");
      if (!state) return;
      await (await settlement()).settlePod(p, podId, state.pod);
    },
  },
  // No erasure step: money records are kept after an erasure, keyed by the account's opaque id only.
  exportSection: async (p, userId) => (await import("./reads.js")).paymentsExport(p, userId),
  events: {
    "pod.closed": async (p, payload) => {
      const podId = String(payload.podId);
      if (payload.activated) await (await settlement()).scheduleSettlement(p, podId);
      else
        await (await settlement()).releasePodDeposits(
          p,
          podId,
          "The pod did not start: your deposit goes back in full.",
        );
    },
    "pod.member_left": async (p, payload) => {
      if (payload.podStatus !== "forming") return;
      const d = await deposits();
      const deposit = await d.getDeposit(p, String(payload.podId), String(payload.userId));
      if (deposit?.status === "paid") await d.releaseDeposit(p, deposit, "You left before the pod started.");
    },
  },
});
