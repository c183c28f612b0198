// How payments are kept: deposits per pod, the ledger's transactions, entries and balances, webhook events seen,
// and settlements. Money records live outside the learner's partition, so an erasure leaves them (anonymous).
import { defineEntity, type Item } from "../platform/index.js";

export type DepositStatus =
  /** A checkout is open (and any credit applied is held on the deposit). */
  | "checkout"
  /** Paid in full: the member's place is taken. */
  | "paid"
  /** The checkout lapsed or was abandoned; credit held on it went back. */
  | "expired"
  /** Given back in full without the sprint running (pod never started, place lapsed, member left before start). */
  | "released"
  /** The sprint's settlement paid out what was due. */
  | "settled"
  /** The cardholder disputed the charge: the bank returns it, nothing is refunded or settled. */
  | "disputed";

export type RefundTo = "card" | "credit";

export type DepositItem = Item & {
  type: "Deposit";
  id: string;
  podId: string;
  userId: string;
  sprintType: string;
  amountCents: number;
  currency: string;
  /** Part of the deposit paid from the learner's credit (held on the deposit at checkout). */
  creditAppliedCents: number;
  /** Part charged to the card. */
  chargeCents: number;
  status: DepositStatus;
  refundTo: RefundTo;
  /** Checkouts started for this deposit; each gets its own idempotency key. */
  attempts: number;
  checkoutId: string | null;
  checkoutUrl: string | null;
  checkoutExpiresAt: string | null;
  paymentIntentId: string | null;
  createdAt: string;
  paidAt: string | null;
  /** A session the member said beforehand they could not attend (one per sprint). */
  excusedSessionId: string | null;
  /** Refunded to the card so far, by settlement or from Stripe's dashboard. */
  refundedCents: number;
  lastError: string | null;
};

export const Deposit = defineEntity("Deposit", {
  one: { name: "A member's deposit for one pod", pk: "DEPOSITS#<podId>", sk: "DEPOSIT#<userId>" },
  ofPod: { name: "Every deposit of a pod (settlement)", pk: "DEPOSITS#<podId>", sk: { beginsWith: "DEPOSIT#" } },
  ofUser: {
    name: "A learner's deposits, newest first (export)",
    index: "gsi1",
    pk: "DEPOSITSOF#<userId>",
    descending: true,
  },
});
export const depositKey = (podId: string, userId: string) => Deposit.key("one", { podId, userId });

/** One line of a transaction: a signed amount in integer cents on an account; a transaction's lines sum to zero. */
export interface LedgerLine {
  account: string;
  amountCents: number;
}

export type LedgerKind =
  | "deposit_paid"
  | "credit_applied"
  | "credit_returned"
  | "deposit_released"
  | "refund_card"
  | "refund_credit"
  | "refund_failed"
  | "forfeit"
  | "forfeit_share"
  | "refund_external"
  | "dispute";

export type LedgerTxItem = Item & {
  type: "LedgerTransaction";
  id: string;
  kind: LedgerKind;
  at: string;
  currency: string;
  lines: LedgerLine[];
  podId: string | null;
  depositId: string | null;
  memo: string;
};

export const LedgerTransaction = defineEntity("LedgerTransaction", {
  one: {
    name: "A ledger transaction by its business id",
    pk: "LEDGERTX#<txId>",
    sk: "TX",
    note: "conditional put `attribute_not_exists(pk)`: one transaction per business event",
  },
});

/** A user's line of a transaction, in their history. */
export type LedgerEntryItem = Item & {
  type: "LedgerEntry";
  txId: string;
  kind: LedgerKind;
  at: string;
  /** The change to the learner's credit (zero for an event paid by card). */
  amountCents: number;
  /** The event's own amount, as the history shows it. */
  eventCents: number;
  currency: string;
  podId: string | null;
  memo: string;
};

export const LedgerEntry = defineEntity("LedgerEntry", {
  one: { name: "One line of a learner's ledger history", pk: "LEDGERUSER#<userId>", sk: "ENTRY#<at>#<txId>" },
  history: {
    name: "A learner's credit balance and ledger history, newest first",
    pk: "LEDGERUSER#<userId>",
    descending: true,
  },
});

export type BalanceItem = Item & { type: "LedgerBalance"; account: string; balanceCents: number; currency?: string };

export const LedgerBalance = defineEntity("LedgerBalance", {
  user: { name: "A learner's credit balance", pk: "LEDGERUSER#<userId>", sk: "BALANCE" },
  account: { name: "Another ledger account's balance", pk: "LEDGERACCOUNT#<account>", sk: "BALANCE" },
});

export type StripeEventItem = Item & { type: "StripeEvent"; id: string; eventType: string; receivedAt: string };

export const StripeEventMark = defineEntity("StripeEvent", {
  one: {
    name: "A webhook event already received",
    pk: "STRIPEEVENT#<eventId>",
    sk: "EVENT",
    note: "conditional put `attribute_not_exists(pk)` with the job that handles it",
  },
});

export type SettlementLineStatus = "refund_pending" | "refunded" | "credited" | "refund_failed" | "nothing_due";

export type SettlementItem = Item & {
  type: "Settlement";
  podId: string;
  status: "scheduled" | "settled";
  dueAt: string;
  settledAt: string | null;
};

export type SettlementLineItem = Item & {
  type: "SettlementLine";
  podId: string;
  userId: string;
  depositId: string;
  refundCents: number;
  forfeitCents: number;
  refundTo: RefundTo;
  status: SettlementLineStatus;
  refundId: string | null;
  percentage: number;
};

export const Settlement = defineEntity("Settlement", {
  one: { name: "A pod's settlement", pk: "SETTLEMENT#<podId>", sk: "SETTLEMENT" },
  line: { name: "One member's settlement line", pk: "SETTLEMENT#<podId>", sk: "LINE#<userId>" },
  all: { name: "A pod's settlement and its lines", pk: "SETTLEMENT#<podId>" },
});

/** Which deposit a Stripe payment paid: refunds and disputes name only the payment, not our metadata. */
export type PaymentLinkItem = Item & {
  type: "PaymentLink";
  paymentIntentId: string;
  podId: string;
  userId: string;
  depositId: string;
};

export const PaymentLink = defineEntity("PaymentLink", {
  one: {
    name: "The deposit a Stripe payment intent paid (refund and dispute events)",
    pk: "PAYMENTINTENT#<paymentIntentId>",
    sk: "LINK",
  },
});
