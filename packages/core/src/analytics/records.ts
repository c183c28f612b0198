// How business metrics are stored: counters per UTC day, ISO week and month (each split over a few shards so
// concurrent events rarely touch the same item), and a marker per learner and period that makes "active" distinct.
import { defineEntity, type Item } from "../platform/index.js";

/** Counters of one shard of a period; changed only by atomic adds. Absent counters are zero. */
export type MetricCounterItem = Item & {
  type: "MetricCounter";
  /** `DAY#2026-12-03`, `WEEK#2026-W49` or `MONTH#2026-12`. */
  period: string;
  [counter: string]: unknown;
};

/** A learner was active in a period: put once (`attribute_not_exists`), in the transaction that counts them. */
export type ActiveMarkerItem = Item & {
  type: "ActiveMarker";
  userId: string;
  period: string;
  expiresAt: number;
};

export const MetricCounter = defineEntity("MetricCounter", {
  one: {
    name: "Count a business metric (one shard of a UTC day, ISO week or month)",
    pk: "METRICS",
    sk: "<period>#<shard>",
    note: "update with `ADD`",
  },
  range: {
    name: "Business metrics of a range of periods, every shard",
    pk: "METRICS",
    sk: { between: ["<first>", "<last>#\uffff"] },
  },
});

export const ActiveMarker = defineEntity("ActiveMarker", {
  one: {
    name: "A learner was active in a UTC day, ISO week or month",
    pk: "USER#<userId>",
    sk: "ACTIVE#<period>",
    note: "conditional put `attribute_not_exists(pk)` with the period's count",
  },
});
