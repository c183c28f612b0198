// The platform's module in the domain list: the outbox sweep that retries due effects (see effects.ts).
import { defineDomain } from "../domain/index.js";

export const platformDomain = defineDomain({
  name: "platform",
  jobs: {
    /** Every minute: effects whose retry is due, whose claim lapsed, or that the stream never handed over. */
    "outbox.deliver-due": async (p) => {
      const { deliverDueEffects } = await import("./effects.js");
      const delivered = await deliverDueEffects(p);
      if (delivered > 0) p.log.info("due effects delivered", { delivered });
    },
  },
  schedules: [
    {
      name: "outbox-deliver-due",
      expression: "rate(1 minute)",
      timezone: "UTC",
      job: "outbox.deliver-due",
      payload: {},
    },
  ],
});
