// Reviews benchmark: the due-reviews read for one learner holding 10,000 cards, against DynamoDB Local — the
// time of `dueReviews` (one Query on the due index, capped per day) and of the raw Query behind it, with 10%, 50%
// and 100% of the cards due. `pnpm bench reviews` (options: --cards 10000 --runs 30).

import { createPlatform, loadConfig, ManualClock, memoryLogger } from "../packages/core/src/platform/index.js";
import { ensureTable } from "../packages/core/src/platform/store/bootstrap.js";
import { Card, type CardItem, dueReviews } from "../packages/core/src/srs/cards.js";
import { newSchedule } from "../packages/core/src/srs/schedulers.js";
import { startDynamoLocal } from "../packages/functions/src/local/emulators.js";

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

export async function run(args: string[]): Promise<void> {
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const cards = opt("--cards", 10_000);
  const runs = opt("--runs", 30);
  const dynamo = await startDynamoLocal();
  try {
    const tableName = "bench_reviews";
    const start = new Date("2026-03-02T09:00:00Z");
    const clock = new ManualClock(start);
    const config = loadConfig(
      {},
      {
        runtime: "local",
        stage: "bench",
        region: "us-east-1",
        dynamoEndpoint: dynamo.endpoint,
        tableName,
        bucketName: "b",
      },
    );
    const p = createPlatform(config, { clock, log: memoryLogger() });
    await ensureTable({ tableName, region: config.region, endpoint: dynamo.endpoint });
    const userId = "learner-1";
    const t0 = performance.now();
    // Due times spread over 100 days, one card every 14.4 minutes.
    for (let i = 0; i < cards; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, cards - i) }, (_, j) => {
          const n = i + j;
          const id = `q-bench-${String(n).padStart(6, "0")}`;
          const dueAt = new Date(start.getTime() + (n * 100 * 86_400_000) / cards).toISOString();
          const item: CardItem = {
            ...Card.key("one", { userId, cardId: id }),
            gsi3pk: `DUE#${userId}`,
            gsi3sk: `${dueAt}#${id}`,
            type: "ReviewCard",
            id,
            userId,
            track: "net-prompting",
            questionId: id.slice(2),
            front: "**A question**\n\nWhat does a lower temperature do to the distribution of the next token?",
            back: "It sharpens it: the most likely tokens become more likely still.",
            schedule: newSchedule(start),
            dueAt,
            reviews: 3,
            lapses: 0,
            lastReviewedAt: null,
            previous: null,
            createdAt: start.toISOString(),
          };
          return p.store.put(item);
        }),
      );
    }
    console.log(`reviews — due reads for one learner with ${cards.toLocaleString("en")} cards (${runs} runs each)`);
    console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    console.log("due share   dueReviews median   p95       raw Query (cap) median");
    for (const share of [0.1, 0.5, 1]) {
      clock.set(new Date(start.getTime() + share * 100 * 86_400_000));
      const api: number[] = [];
      const raw: number[] = [];
      for (let r = 0; r < runs; r++) {
        let t = performance.now();
        const due = await dueReviews(p, userId);
        api.push(performance.now() - t);
        if (due.items.length !== 50) throw new Error(`expected the cap of 50, got ${due.items.length}`);
        t = performance.now();
        await p.store.query(Card.query("due", { userId, until: `${clock.now().toISOString()}#\uffff` }, { limit: 50 }));
        raw.push(performance.now() - t);
      }
      api.sort((a, b) => a - b);
      raw.sort((a, b) => a - b);
      console.log(
        `${`${share * 100}%`.padEnd(12)}${`${percentile(api, 0.5).toFixed(1)} ms`.padEnd(20)}${`${percentile(api, 0.95).toFixed(1)} ms`.padEnd(10)}${percentile(raw, 0.5).toFixed(1)} ms`,
      );
    }
  } finally {
    await dynamo.stop();
  }
}
