// The catalog domain's module: the seeding job a deploy runs once (and the local runtime at start).
import { defineDomain } from "../domain/index.js";

export const catalogDomain = defineDomain({
  name: "catalog",
  jobs: {
    /** Adds the seed sprint types that are missing; run by every deploy, harmless when they are there. */
    "catalog.seed": async (p) => {
      const added = await (await import("./catalog.js")).seedCatalog(p);
      p.log.info("catalog seeded", { added });
    },
  },
});
