// What happens to a card refund after it was asked for: the refund job's answer and Stripe's refund events mark the
// settlement line refunded, or, when the card cannot take it, the amount goes to the learner's credit instead.
// Refunds made outside Pactly (from Stripe's dashboard) and disputes are recorded against the deposit they touch.
import type { Platform, RefundResult, TransactOp } from "../platform/index.js";
import type { RefundJob } from "./deposits.js";
import { depositOfPayment } from "./deposits.js";
import { balanceOf, depositAccount, post, STRIPE_ACCOUNT, userAccount } from "./ledger.js";
import { type DepositItem, depositKey, Settlement, type SettlementLineItem } from "./records.js";

/** The settlement line a refund key belongs to (`settle:<podId>:<userId>`), if it is a settlement's. */
const lineKeyOf = (key: string | undefined) => {
  const m = /^settle:([^:]+):([^:]+)$/.exec(key ?? "");
  return m ? Settlement.key("line", { podId: m[1]!, userId: m[2]! }) : undefined;
};

async function markLine(p: Platform, key: string | undefined, status: SettlementLineItem["status"], refundId: string) {
  const lineKey = lineKeyOf(key);
  if (!lineKey) return;
  const line = await p.store.get<SettlementLineItem>(lineKey, { consistent: true });
  // A failed refund stays failed: a late "succeeded" for the same refund cannot come after Stripe's failure.
  if (!line || line.status === status || line.status === "refund_failed") return;
  await p.store.update(lineKey, { set: { status, refundId } });
}

/** The refund job's answer from Stripe: most refunds succeed at once; the others are settled by refund events. */
export async function refundIssued(p: Platform, job: RefundJob, result: RefundResult): Promise<void> {
  if (result.status === "succeeded") await markLine(p, job.key, "refunded", result.id);
  else if (result.status === "failed" || result.status === "canceled") {
    await refundFailed(p, { id: result.id, amount: job.amountCents, metadata: { ...job } });
  }
}

interface RefundObject {
  id: string;
  amount: number;
  metadata: Record<string, string | number | null | undefined>;
}

/**
 * A card refund that could not be made (an expired card, a closed account): the money is still at Stripe, so the
 * learner gets it as credit instead. Once per refund.
 */
export async function refundFailed(p: Platform, refund: RefundObject): Promise<void> {
  const { podId, userId, key } = refund.metadata as Record<string, string | undefined>;
  if (!podId || !userId) {
    p.log.error("a refund failed without deposit metadata", { refundId: refund.id });
    return;
  }
  const deposit = await p.store.get<DepositItem>(depositKey(podId, userId), { consistent: true });
  if (!deposit) return;
  const ops: TransactOp[] = [
    { update: depositKey(podId, userId), changes: { add: { refundedCents: -refund.amount } } },
  ];
  await post(
    p,
    {
      id: `refund-failed:${refund.id}`,
      kind: "refund_failed",
      currency: deposit.currency,
      lines: [
        { account: STRIPE_ACCOUNT, amountCents: -refund.amount },
        { account: userAccount(userId), amountCents: refund.amount },
      ],
      memo: "The refund to your card could not be made, so it is in your credit instead",
      podId,
      depositId: deposit.id,
      userId,
    },
    { ops },
  );
  await markLine(p, key, "refund_failed", refund.id);
  p.log.warn("card refund failed; credited instead", { refundId: refund.id, podId, amountCents: refund.amount });
}

/** `refund.updated` / `charge.refund.updated` / `refund.failed`: the refund's status as Stripe now has it. */
export async function refundChanged(p: Platform, o: Record<string, unknown>): Promise<void> {
  const refund: RefundObject = {
    id: String(o.id),
    amount: Number(o.amount ?? 0),
    metadata: (o.metadata ?? {}) as RefundObject["metadata"],
  };
  if (o.status === "succeeded") await markLine(p, refund.metadata.key as string | undefined, "refunded", refund.id);
  else if (o.status === "failed" || o.status === "canceled") await refundFailed(p, refund);
}

/**
 * `charge.refunded`: the charge's refunded total. What goes beyond what Pactly refunded was refunded from Stripe's
 * dashboard; that much leaves the held deposit (as far as it holds it), so settlement does not refund it twice.
 */
export async function chargeRefunded(p: Platform, o: Record<string, unknown>): Promise<void> {
  const paymentIntentId = typeof o.payment_intent === "string" ? o.payment_intent : null;
  if (!paymentIntentId) return;
  const deposit = await depositOfPayment(p, paymentIntentId);
  if (!deposit) return;
  // Never more than the card paid: credit that paid part of the deposit is not Stripe's to refund.
  const refundedTotal = Math.min(Number(o.amount_refunded ?? 0), deposit.chargeCents);
  const outside = refundedTotal - deposit.refundedCents;
  if (outside <= 0) return;
  const held = await balanceOf(p, depositAccount(deposit.id));
  const taken = Math.min(outside, held);
  if (taken < outside) {
    p.log.error("a refund outside Pactly exceeds what the deposit holds", { depositId: deposit.id, outside, held });
  }
  if (taken === 0) return;
  await post(
    p,
    {
      id: `refund-external:${String(o.id)}:${refundedTotal}`,
      kind: "refund_external",
      currency: deposit.currency,
      lines: [
        { account: depositAccount(deposit.id), amountCents: -taken },
        { account: STRIPE_ACCOUNT, amountCents: taken },
      ],
      memo: "Refunded to your card by our support team",
      podId: deposit.podId,
      depositId: deposit.id,
      userId: deposit.userId,
      displayCents: taken,
    },
    {
      ops: [
        {
          update: depositKey(deposit.podId, deposit.userId),
          changes: { add: { refundedCents: taken } },
          condition: { version: deposit.version ?? 0 },
        },
      ],
    },
  );
}

/**
 * `charge.dispute.created`: the card holder disputes the deposit. It is held out of settlement (the dispute decides
 * where the money goes) and the team is told through the error log.
 */
export async function disputeCreated(p: Platform, o: Record<string, unknown>): Promise<void> {
  const paymentIntentId = typeof o.payment_intent === "string" ? o.payment_intent : null;
  const deposit = paymentIntentId ? await depositOfPayment(p, paymentIntentId) : undefined;
  if (!deposit) {
    p.log.error("a dispute for an unknown payment", { disputeId: o.id, paymentIntentId });
    return;
  }
  if (deposit.status === "disputed") return;
  await p.store.update(depositKey(deposit.podId, deposit.userId), {
    set: { status: "disputed", lastError: `Disputed: ${String(o.reason ?? "unknown reason").slice(0, 100)}` },
  });
  p.log.error("deposit disputed", { depositId: deposit.id, disputeId: o.id, amount: o.amount, reason: o.reason });
}
