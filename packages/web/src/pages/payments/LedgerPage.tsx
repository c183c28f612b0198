// My credit and deposits: the credit balance, its history (newest first, a page at a time) and each deposit with
// what became of it.
import { useState } from "react";
import { Link } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { Button, Card, EmptyState, ErrorNotice, Loading, PageTitle } from "../../components/ui";
import { formatDate, formatMoney } from "../../lib/format";
import { useAction, useResource } from "../../lib/use-resource";

type Deposit = Schemas["Deposit"];
type Entry = Schemas["Ledger"]["entries"][number];

/** A deposit's state in words. */
export const DEPOSIT_STATUS: Record<Deposit["status"], string> = {
  checkout: "Waiting for payment",
  paid: "Paid and held",
  expired: "Checkout expired, not charged",
  released: "Given back in full",
  settled: "Settled",
  disputed: "Disputed with the card issuer",
};

/** Where a deposit's refund goes, in words. */
export const REFUND_TO: Record<Deposit["refundTo"], string> = {
  card: "back to your card",
  credit: "to your Pactly credit",
};

/** "+$5.00" or "−$5.00": how much an entry changed the credit balance. */
export function signedMoney(amountCents: number, currency: string): string {
  const sign = amountCents > 0 ? "+" : amountCents < 0 ? "−" : "";
  return `${sign}${formatMoney(Math.abs(amountCents), currency)}`;
}

/** What an entry shows as its amount: the change to credit, or for card movements the amount and where it went. */
export function entryAmount(entry: Entry): string {
  if (entry.amountCents !== 0) return signedMoney(entry.amountCents, entry.currency);
  const amount = formatMoney(entry.eventCents, entry.currency);
  if (entry.kind === "deposit_paid") return `${amount} paid by card`;
  if (entry.kind === "refund_card" || entry.kind === "deposit_released") return `${amount} back to your card`;
  return amount;
}

export function LedgerPage() {
  const ledger = useResource(() => unwrap(api.GET("/v1/me/ledger")), []);
  // Pages loaded with "Load more", after the first.
  const [more, setMore] = useState<{ entries: Entry[]; nextCursor: string | null } | null>(null);
  const cursor = more ? more.nextCursor : (ledger.data?.nextCursor ?? null);
  const loadMore = useAction(async () => {
    if (!cursor) return;
    const page = await unwrap(api.GET("/v1/me/ledger", { params: { query: { cursor } } }));
    setMore((m) => ({ entries: [...(m?.entries ?? []), ...page.entries], nextCursor: page.nextCursor }));
  });

  const data = ledger.data;
  const entries = data ? [...data.entries, ...(more?.entries ?? [])] : [];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="Your credit balance, what moved it, and your deposits.">Credit and deposits</PageTitle>
      {ledger.loading && !data && <Loading label="Loading your credit…" />}
      <ErrorNotice error={ledger.error} title="Your credit could not be loaded" />
      {data && (
        <>
          <Card aria-labelledby="balance-heading">
            <h2 id="balance-heading" className="text-lg font-bold">
              Credit balance
            </h2>
            <p className="text-3xl font-bold text-indigo-900 tabular-nums">
              {formatMoney(data.balanceCents, data.currency)}
            </p>
            <p className="text-sm text-slate-700">Credit pays first the next time you pay a deposit.</p>
          </Card>

          <Card aria-labelledby="history-heading">
            <h2 id="history-heading" className="mb-3 text-lg font-bold">
              History
            </h2>
            {entries.length === 0 ? (
              <EmptyState title="Nothing yet">
                <p>Deposits you pay, refunds and credit you earn will show here.</p>
              </EmptyState>
            ) : (
              <ul className="divide-y divide-slate-200">
                {entries.map((e) => (
                  <li key={`${e.txId}-${e.at}`} className="flex flex-wrap items-start justify-between gap-2 py-3">
                    <div>
                      <p className="font-medium">{e.memo}</p>
                      <p className="text-sm text-slate-600">
                        <time dateTime={e.at}>{formatDate(e.at)}</time>
                        {e.podId && (
                          <>
                            {" · "}
                            <Link to={`/pods/${e.podId}`} className="text-indigo-800 underline">
                              the pod
                            </Link>
                          </>
                        )}
                      </p>
                    </div>
                    <p className="font-semibold tabular-nums" data-kind={e.kind}>
                      {entryAmount(e)}
                    </p>
                  </li>
                ))}
              </ul>
            )}
            <ErrorNotice error={loadMore.error} />
            {cursor && (
              <Button
                variant="secondary"
                className="mt-3"
                pending={loadMore.pending}
                onClick={() => void loadMore.run()}
              >
                Load more
              </Button>
            )}
          </Card>

          <Card aria-labelledby="deposits-heading">
            <h2 id="deposits-heading" className="mb-3 text-lg font-bold">
              Deposits
            </h2>
            {data.deposits.length === 0 ? (
              <EmptyState title="No deposits yet">
                <p>When you accept a pod that asks for a deposit, it shows here.</p>
              </EmptyState>
            ) : (
              <ul className="divide-y divide-slate-200">
                {data.deposits.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-start justify-between gap-2 py-3">
                    <div>
                      <p className="font-medium">
                        <Link to={`/pods/${d.podId}`} className="text-indigo-800 underline">
                          Deposit of {formatMoney(d.amountCents, d.currency)}
                        </Link>
                      </p>
                      <p className="text-sm text-slate-700">
                        {d.paidAt ? `Paid ${formatDate(d.paidAt)}` : "Not paid"}
                        {d.creditAppliedCents > 0 && ` · ${formatMoney(d.creditAppliedCents, d.currency)} from credit`}
                        {d.chargeCents > 0 && d.paidAt && ` · ${formatMoney(d.chargeCents, d.currency)} by card`}
                        {` · refund goes ${REFUND_TO[d.refundTo]}`}
                      </p>
                    </div>
                    <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-800">
                      {DEPOSIT_STATUS[d.status]}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
