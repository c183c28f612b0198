// The content domain's module: the question bank and lessons every track's tutor teaches from, and the job that
// loads the seed packs on deploy.
import { defineDomain } from "../domain/index.js";

export const contentDomain = defineDomain({
  name: "content",
  jobs: {
    /** Embeds a track's new or changed published items into its vector index in S3 (after a publish). */
    "content.index-vectors": async (p, payload) => {
      const { rebuildVectorIndex } = await import("./search.js");
      const result = await rebuildVectorIndex(p, String(payload.track));
      p.log.info("content vectors indexed", { track: payload.track, ...result });
    },
    /**
     * Publishes the seed packs' items that do not exist yet; an item an author has edited since is never touched.
     * Run by every deploy and at local start.
     */
    "content.seed": async (p) => {
      const [{ importPack }, { SEED_PACKS }] = await Promise.all([import("./packs.js"), import("./packs/index.js")]);
      for (const pack of SEED_PACKS) {
        const report = await importPack(p, pack, { by: "seed", publish: true, onlyNew: true });
        if (!report.ok) throw new Error(`A seed pack has problems: ${JSON.stringify(report.problems.slice(0, 5))}`);
        const added = report.changes.filter((c) => c.change === "new").length;
        p.log.info("content seeded", { pack: (pack as { name: string }).name, added });
      }
    },
  },
});
