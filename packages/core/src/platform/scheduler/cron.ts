// Evaluates EventBridge schedule expressions locally, so the local scheduler fires when the cloud one would.

const DOW_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** EventBridge numbers days of the week 1–7 from Sunday; cron-parser 0–6. Names pass through. */
function convertDayOfWeek(field: string): string {
  return field.replace(/\d+/g, (d) => {
    const n = Number(d);
    if (n < 1 || n > 7) throw new Error(`Day of week out of range: ${d}`);
    return DOW_NAMES[n - 1]!;
  });
}

/**
 * The next instant strictly after `after` at which the expression fires, or undefined if never again.
 * The cron parser is loaded on first use: only the local scheduler evaluates expressions, never a cloud cold start.
 */
export async function nextFire(expression: string, timezone: string, after: Date): Promise<Date | undefined> {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.startsWith("minute") ? 60_000 : rate[2]!.startsWith("hour") ? 3_600_000 : 86_400_000;
    if (n < 1) throw new Error(`Rate must be positive: ${expression}`);
    return new Date(after.getTime() + n * unit);
  }
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression.trim());
  if (at) {
    const when = new Date(`${at[1]}Z`);
    return when > after ? when : undefined;
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) throw new Error(`Not a schedule expression: ${expression}`);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`EventBridge cron has six fields: ${expression}`);
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const five = [min, hour, dom === "?" ? "*" : dom, month, dow === "?" ? "*" : convertDayOfWeek(dow)].join(" ");
  const { CronExpressionParser } = await import("cron-parser");
  const it = CronExpressionParser.parse(five, { currentDate: after, tz: timezone });
  for (let i = 0; i < 1000; i++) {
    const next = it.next().toDate();
    if (year === "*" || year === "?" || year.split(",").includes(String(next.getUTCFullYear()))) return next;
  }
  return undefined;
}
