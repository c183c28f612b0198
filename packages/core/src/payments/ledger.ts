// The double-entry credit ledger, in integer cents: every business event is one balanced transaction, written
// atomically with the balances it moves. Learner credit, held deposits and forfeit pools can never go below zero.
//
// Accounts: `user:<id>` (a learner's credit), `deposit:<id>` (money held for one membership), `forfeit:<podId>`
// (stakes lost in a pod, before they are shared out), `stripe` (money at Stripe) and `platform`. A positive line
// raises the account's balance; the lines of a transaction sum to zero, so the balances do too.
import {
  conflict,
  type Effect,
  effectOp,
  isConditionFailed,
  type Platform,
  TransactionConflictError,
  type TransactOp,
} from "../platform/index.js";
import {
  type BalanceItem,
  LedgerBalance,
  LedgerEntry,
  type LedgerEntryItem,
  type LedgerKind,
  type LedgerLine,
  LedgerTransaction,
  type LedgerTxItem,
} from "./records.js";

export const userAccount = (userId: string) => `user:${userId}`;
export const depositAccount = (depositId: string) => `deposit:${depositId}`;
export const forfeitAccount = (podId: string) => `forfeit:${podId}`;
export const STRIPE_ACCOUNT = "stripe";
export const PLATFORM_ACCOUNT = "platform";

/** Accounts that hold someone's money: a line may take from them only what they hold. */
const guarded = (account: string) => /^(user|deposit|forfeit):/.test(account);
const userOf = (account: string) => (account.startsWith("user:") ? account.slice(5) : undefined);

export interface LedgerPosting {
  /** The business event's own id (`deposit-paid:<depositId>`): posting it twice records it once. */
  id: string;
  kind: LedgerKind;
  currency: string;
  lines: LedgerLine[];
  memo: string;
  podId?: string;
  depositId?: string;
  /** The learner the event concerns: it is in their history even when their credit does not move (a card payment). */
  userId?: string;
  /** The event's amount as the learner's history shows it (a deposit of $50 paid by card), when not a credit move. */
  displayCents?: number;
}

const balanceKey = (account: string) => {
  const user = userOf(account);
  return user ? LedgerBalance.key("user", { userId: user }) : LedgerBalance.key("account", { account });
};

/** The writes of one posting: the transaction (once), each account's balance, each learner's history line. */
export function postingOps(p: Platform, posting: LedgerPosting): TransactOp[] {
  const lines = mergeLines(posting.lines);
  if (lines.some((l) => !Number.isSafeInteger(l.amountCents))) throw new Error("Ledger amounts are integer cents.");
  if (lines.reduce((sum, l) => sum + l.amountCents, 0) !== 0) throw new Error(`Unbalanced posting ${posting.id}.`);
  const at = p.clock.now().toISOString();
  const tx: LedgerTxItem = {
    ...LedgerTransaction.key("one", { txId: posting.id }),
    type: "LedgerTransaction",
    id: posting.id,
    kind: posting.kind,
    at,
    currency: posting.currency,
    lines,
    podId: posting.podId ?? null,
    depositId: posting.depositId ?? null,
    memo: posting.memo,
  };
  const ops: TransactOp[] = [{ put: tx, condition: { absent: true } }];
  for (const line of lines) {
    const debit = line.amountCents < 0;
    ops.push({
      update: balanceKey(line.account),
      changes: { add: { balanceCents: line.amountCents }, set: { type: "LedgerBalance", account: line.account } },
      // A debit needs the balance to cover it (a missing balance is none); a credit creates the balance if need be.
      condition: debit && guarded(line.account) ? { atLeast: { balanceCents: -line.amountCents } } : {},
    });
  }
  const users = new Set(lines.flatMap((l) => userOf(l.account) ?? []));
  if (posting.userId) users.add(posting.userId);
  for (const user of users) {
    const credit = lines.find((l) => l.account === userAccount(user))?.amountCents ?? 0;
    const entry: LedgerEntryItem = {
      ...LedgerEntry.key("one", { userId: user, at, txId: posting.id }),
      type: "LedgerEntry",
      txId: posting.id,
      kind: posting.kind,
      at,
      amountCents: credit,
      eventCents:
        user === posting.userId && posting.displayCents !== undefined ? posting.displayCents : Math.abs(credit),
      currency: posting.currency,
      podId: posting.podId ?? null,
      memo: posting.memo,
    };
    ops.push({ put: entry });
  }
  return ops;
}

/** Lines on the same account added together (and zero lines dropped), so each balance is written once. */
function mergeLines(lines: readonly LedgerLine[]): LedgerLine[] {
  const byAccount = new Map<string, number>();
  for (const l of lines) byAccount.set(l.account, (byAccount.get(l.account) ?? 0) + l.amountCents);
  return [...byAccount].filter(([, v]) => v !== 0).map(([account, amountCents]) => ({ account, amountCents }));
}

export type PostOutcome = "posted" | "already_posted";

/**
 * Posts one transaction with any other writes and effects of the same business event, all or nothing. Posting an
 * id already in the ledger changes nothing; a debit that an account cannot cover is a 409 `payment.insufficient_funds`.
 */
export async function post(
  p: Platform,
  posting: LedgerPosting,
  extra: { ops?: TransactOp[]; effects?: Effect[] } = {},
): Promise<PostOutcome> {
  const ops = [...postingOps(p, posting), ...(extra.ops ?? []), ...(extra.effects ?? []).map((e) => effectOp(p, e))];
  for (let attempt = 1; ; attempt++) {
    try {
      await p.store.transact(ops);
      return "posted";
    } catch (e) {
      if (await isPosted(p, posting.id)) return "already_posted";
      if (isConditionFailed(e)) {
        throw conflict("payment.insufficient_funds", "An account does not hold enough for this.", {
          posting: posting.id,
        });
      }
      // Two postings touching the same balance at once: try again, a few times.
      if (attempt < 5 && isTransactionConflict(e)) continue;
      throw e;
    }
  }
}

const isTransactionConflict = (e: unknown) => e instanceof TransactionConflictError;

export async function isPosted(p: Platform, txId: string): Promise<boolean> {
  return !!(await p.store.get(LedgerTransaction.key("one", { txId }), { consistent: true }));
}

export async function balanceOf(p: Platform, account: string): Promise<number> {
  const item = await p.store.get<BalanceItem>(balanceKey(account), { consistent: true });
  return item?.balanceCents ?? 0;
}
