// Payments as the API shows them: starting a deposit, the refund so far, the credit ledger.
import { z } from "../platform/schema.js";

export const RefundTo = z.enum(["card", "credit"]);

export const DepositInput = z
  .object({
    podId: z.string().min(1).max(40),
    /** Where the refund goes at the sprint's end: back to the card (default) or as credit for the next sprint. */
    refundTo: RefundTo.optional(),
  })
  .strict()
  .openapi("DepositInput");
export type DepositInput = z.infer<typeof DepositInput>;

export const DepositStatus = z.enum(["checkout", "paid", "expired", "released", "settled", "disputed"]);

export const DepositView = z
  .object({
    id: z.string(),
    podId: z.string(),
    status: DepositStatus,
    amountCents: z.number().int(),
    currency: z.string(),
    /** Paid from the learner's credit. */
    creditAppliedCents: z.number().int(),
    /** Charged to the card at checkout. */
    chargeCents: z.number().int(),
    refundTo: RefundTo,
    /** Where to send the learner to pay; null once nothing is left to charge. */
    checkoutUrl: z.string().nullable(),
    checkoutExpiresAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    /** "stripe" (Stripe Checkout) or "local" (the local runtime's checkout page). */
    provider: z.enum(["stripe", "local"]),
  })
  .openapi("Deposit");
export type DepositView = z.infer<typeof DepositView>;

export const RefundCalculation = z
  .object({
    /** What would be refunded now, in cents. */
    eligibleAmount: z.number().int(),
    currency: z.string(),
    depositAmount: z.number().int(),
    /** Sessions kept, with practice make-ups. */
    sessionsCompleted: z.number().int(),
    /** Sessions required, after cancelled sessions and an excused absence. */
    sessionsRequired: z.number().int(),
    refundPercentage: z.number(),
    sessionsAttended: z.number().int(),
    sessionsCancelled: z.number().int(),
    excusedAbsences: z.number().int(),
    practiceMakeups: z.number().int(),
    sessionsRemaining: z.number().int(),
  })
  .openapi("RefundCalculation");
export type RefundCalculation = z.infer<typeof RefundCalculation>;

export const PodRefund = z
  .object({
    podId: z.string(),
    /** Accepting this pod asks for its deposit (POST /v1/deposits) rather than POST /v1/pods/{id}/accept. */
    depositRequired: z.boolean(),
    /** The sprint's deposit. */
    depositAmount: z.object({ amountCents: z.number().int(), currency: z.string() }),
    /** My credit balance, which pays a deposit first. */
    creditCents: z.number().int(),
    deposit: DepositView.nullable(),
    calculation: RefundCalculation.nullable(),
    /** The excused session, if one was declared. */
    excusedSessionId: z.string().nullable(),
    /** The settlement's outcome for this member, once the sprint was settled. */
    settlement: z
      .object({
        refundCents: z.number().int(),
        forfeitCents: z.number().int(),
        refundTo: RefundTo,
        status: z.enum(["refund_pending", "refunded", "credited", "refund_failed", "nothing_due"]),
      })
      .nullable(),
    policy: z.object({
      kind: z.enum(["proportional", "all_or_nothing"]),
      minimumSessions: z.number().int(),
      feePercent: z.number(),
      excusedAbsences: z.number().int(),
      practiceMakeups: z.number().int(),
      forfeitTo: z.enum(["keepers", "platform"]),
    }),
  })
  .openapi("PodRefund");
export type PodRefund = z.infer<typeof PodRefund>;

export const ExcuseInput = z
  .object({ sessionId: z.string().min(1).max(60) })
  .strict()
  .openapi("ExcuseInput");

export const LedgerKind = z.enum([
  "deposit_paid",
  "credit_applied",
  "credit_returned",
  "deposit_released",
  "refund_card",
  "refund_credit",
  "refund_failed",
  "forfeit",
  "forfeit_share",
  "refund_external",
  "dispute",
]);

export const LedgerEntryView = z
  .object({
    txId: z.string(),
    kind: LedgerKind,
    at: z.string(),
    /** The change to the learner's credit: positive adds to it, negative spends it, zero for a card payment. */
    amountCents: z.number().int(),
    /** What the event was worth (the deposit paid, the refund made). */
    eventCents: z.number().int(),
    currency: z.string(),
    podId: z.string().nullable(),
    memo: z.string(),
  })
  .openapi("LedgerEntry");

export const LedgerView = z
  .object({
    balanceCents: z.number().int(),
    currency: z.string(),
    entries: z.array(LedgerEntryView),
    /** Deposits and what became of them. */
    deposits: z.array(DepositView),
    nextCursor: z.string().nullable(),
  })
  .openapi("Ledger");
export type LedgerView = z.infer<typeof LedgerView>;

export const WebhookAck = z.object({ received: z.literal(true), duplicate: z.boolean() }).openapi("WebhookAck");
