// The analytics domain's module: the progress page reads what other domains keep; the business metrics are counters
// the other domains add to where their events happen (metrics.ts), and markers in the learner's partition.
import { defineDomain } from "../domain/index.js";

export const analyticsDomain = defineDomain({ name: "analytics" });
