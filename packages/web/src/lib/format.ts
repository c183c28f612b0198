// Dates, times and money the way the learner's browser writes them.

export function formatMoney(amountCents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amountCents / 100);
}

/** "Tue 3 Jun, 18:00" in the given timezone (the browser's by default). */
export function formatWhen(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

export const formatDate = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(iso));

export const percent = (x: number) => `${Math.round(x * 100)}%`;
