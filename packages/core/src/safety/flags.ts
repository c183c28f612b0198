// The content filter's hand-over to moderation, for the domains that store learners' text. Reports load on the first
// flag, so a domain that stores text does not load moderation (and its imports) to write a goal.
import type { Platform } from "../platform/index.js";
import type { ContentFlag } from "./reports.js";

/** Files borderline text a learner stored in the moderation queue (once per record and text while it is open). */
export async function flagContent(p: Platform, flag: ContentFlag): Promise<void> {
  await (await import("./reports.js")).flagContent(p, flag);
}
