// The daily matching job: catch up on pods that are due or short of members, then form new pods for every sprint type.
import { systemActor } from "../access/index.js";
import { listSprintTypes } from "../catalog/index.js";
import { languageOf } from "../matching/index.js";
import type { Platform } from "../platform/index.js";
import { runFormation } from "./formation.js";
import { reviewPod } from "./lifecycle.js";
import type { FormationRun } from "./model.js";
import { openPodsSk, Pod, type PodItem } from "./records.js";

/**
 * Pods whose review is due (a lapsed invitation, the sprint's end) or that are below their minimum. Each pod has a
 * schedule of its own for this; the sweep catches any that was missed.
 */
async function podsNeedingReview(p: Platform, sprintType: string, minSize: number, languages: string[]) {
  const now = p.clock.now().toISOString();
  const ids = new Set<string>();
  for (const status of ["forming", "active"] as const) {
    const pods = await p.store.queryAll<PodItem>(Pod.query("due", { sprintType, status, now }));
    for (const pod of pods) ids.add(pod.id);
  }
  for (const language of languages) {
    const min = openPodsSk(minSize, "").slice(0, -1);
    const short = await p.store.queryAll<PodItem>(Pod.query("short", { sprintType, language, min }));
    for (const pod of short) ids.add(pod.id);
  }
  return [...ids].sort();
}

/** Runs for every sprint type in the catalog; one failing sprint type is logged and does not stop the others. */
export async function runDailyMatching(p: Platform): Promise<FormationRun[]> {
  const runs: FormationRun[] = [];
  for (const sprintType of await listSprintTypes(p)) {
    try {
      const languages = [...new Set(sprintType.locales.map(languageOf))];
      for (const podId of await podsNeedingReview(p, sprintType.id, sprintType.podSize.min, languages)) {
        await reviewPod(p, podId).catch((error) => p.log.warn("pod review failed", { podId, error }));
      }
      runs.push(await runFormation(p, systemActor, { sprintType: sprintType.id }));
    } catch (error) {
      p.log.error("daily matching failed for a sprint type", { sprintType: sprintType.id, error });
    }
  }
  return runs;
}
