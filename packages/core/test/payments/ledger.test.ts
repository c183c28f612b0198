// The double-entry ledger against DynamoDB Local: balanced postings written atomically, one per business event,
// and no learner credit, held deposit or forfeit pool ever below zero, over random sequences of postings.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  balanceOf,
  depositAccount,
  forfeitAccount,
  type LedgerPosting,
  PLATFORM_ACCOUNT,
  post,
  STRIPE_ACCOUNT,
  userAccount,
} from "../../src/payments/ledger.js";
import { LedgerEntry } from "../../src/payments/records.js";
import type { Item, Platform } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

let p: Platform;
beforeAll(async () => {
  p = (await testPlatform()).platform;
});

const paid = (id: string, dep: string, cents: number): LedgerPosting => ({
  id,
  kind: "deposit_paid",
  currency: "USD",
  lines: [
    { account: STRIPE_ACCOUNT, amountCents: -cents },
    { account: depositAccount(dep), amountCents: cents },
  ],
  memo: "Deposit paid by card",
});

describe("ledger", () => {
  it("records each business event once, however often it is posted", async () => {
    const posting = paid("deposit-paid:cs_1", "d1", 5000);
    expect(await post(p, posting)).toBe("posted");
    expect(await post(p, posting)).toBe("already_posted");
    expect(await balanceOf(p, depositAccount("d1"))).toBe(5000);
  });

  it("refuses a debit an account cannot cover, and writes nothing of it", async () => {
    const before = await balanceOf(p, depositAccount("d1"));
    const overdraw: LedgerPosting = {
      id: "settle:x:u1",
      kind: "refund_credit",
      currency: "USD",
      lines: [
        { account: depositAccount("d1"), amountCents: -(before + 1) },
        { account: userAccount("u1"), amountCents: before + 1 },
      ],
      memo: "Too much",
    };
    await expect(post(p, overdraw)).rejects.toMatchObject({ status: 409, code: "payment.insufficient_funds" });
    expect(await balanceOf(p, depositAccount("d1"))).toBe(before);
    expect(await balanceOf(p, userAccount("u1"))).toBe(0);
  });

  it("refuses an unbalanced posting before writing", async () => {
    const bad = { ...paid("bad", "d2", 10), lines: [{ account: STRIPE_ACCOUNT, amountCents: 10 }] };
    await expect(post(p, bad)).rejects.toThrow(/Unbalanced/);
  });

  it("keeps a learner's history: credit moves and the events paid by card", async () => {
    await post(p, { ...paid("deposit-paid:cs_h", "dh", 3000), userId: "uh", displayCents: 3000 });
    await post(p, {
      id: "settle:pod:uh",
      kind: "refund_credit",
      currency: "USD",
      lines: [
        { account: depositAccount("dh"), amountCents: -3000 },
        { account: userAccount("uh"), amountCents: 2000 },
        { account: forfeitAccount("pod"), amountCents: 1000 },
      ],
      memo: "Sprint settled",
      userId: "uh",
    });
    const history = await p.store.queryAll<Item & { amountCents: number; eventCents: number }>(
      LedgerEntry.query("history", { userId: "uh" }),
    );
    const entries = history.filter((i) => i.type === "LedgerEntry");
    expect(entries.map((e) => [e.amountCents, e.eventCents])).toEqual([
      [2000, 2000],
      [0, 3000],
    ]);
    expect(await balanceOf(p, userAccount("uh"))).toBe(2000);
  });

  it("over random sequences of postings, balances add up to zero and no guarded account goes below zero", async () => {
    const accounts = ["user:a", "user:b", "deposit:x", "forfeit:q", STRIPE_ACCOUNT, PLATFORM_ACCOUNT];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            from: fc.constantFrom(...accounts),
            to: fc.constantFrom(...accounts),
            cents: fc.integer({ min: 1, max: 5000 }),
            repeat: fc.boolean(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (moves) => {
          const prefix = `r${++run}-`;
          const acct = (a: string) =>
            a === STRIPE_ACCOUNT || a === PLATFORM_ACCOUNT ? `${a}-${prefix}` : `${a}${prefix}`;
          const expected = new Map<string, number>();
          for (const [i, m] of moves.entries()) {
            if (m.from === m.to) continue;
            const posting: LedgerPosting = {
              id: `${prefix}${i}`,
              kind: "forfeit_share",
              currency: "USD",
              lines: [
                { account: acct(m.from), amountCents: -m.cents },
                { account: acct(m.to), amountCents: m.cents },
              ],
              memo: "move",
            };
            const guarded = /^(user|deposit|forfeit):/.test(m.from);
            const has = expected.get(acct(m.from)) ?? 0;
            const outcome = await post(p, posting).catch((e: { code?: string }) => e.code);
            if (guarded && has < m.cents) {
              expect(outcome).toBe("payment.insufficient_funds");
              continue;
            }
            expect(outcome).toBe("posted");
            expected.set(acct(m.from), has - m.cents);
            expected.set(acct(m.to), (expected.get(acct(m.to)) ?? 0) + m.cents);
            if (m.repeat) expect(await post(p, posting)).toBe("already_posted");
          }
          let sum = 0;
          for (const a of accounts) {
            const b = await balanceOf(p, acct(a));
            expect(b).toBe(expected.get(acct(a)) ?? 0);
            if (!a.startsWith("stripe") && a !== PLATFORM_ACCOUNT) expect(b).toBeGreaterThanOrEqual(0);
            sum += b;
          }
          expect(sum).toBe(0);
        },
      ),
      { numRuns: 15 },
    );
  });
});
