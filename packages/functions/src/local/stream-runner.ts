// Reads DynamoDB Local's stream of the table and hands its records, as DynamoDB stream events, to the same outbox
// dispatcher the cloud's stream invokes. Records written while the runtime was down are not replayed from the stream:
// those effects are still pending, and the outbox sweep (a recurring job) delivers them.
import type { Platform } from "@pactly/core/platform";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { Poller } from "./poller.js";

type StreamsModule = typeof import("@aws-sdk/client-dynamodb-streams");

export class StreamRunner {
  private readonly poller: Poller;
  private streams: { module: StreamsModule; client: InstanceType<StreamsModule["DynamoDBStreamsClient"]> } | undefined;
  private streamArn: string | undefined;
  /** Next iterator per open shard. */
  private readonly iterators = new Map<string, string | undefined>();

  constructor(
    private readonly p: Platform,
    private readonly handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>,
    pollMs = 250,
  ) {
    this.poller = new Poller(
      () => this.poll(),
      pollMs,
      (e) => p.log.error("stream runner failed", { error: e }),
    );
  }

  /** Starts from the stream's current end: what was written before is the sweep's. */
  async start(): Promise<this> {
    await this.refreshShards("LATEST");
    this.poller.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.poller.stop();
    this.streams?.client.destroy();
  }

  private async client() {
    if (!this.streams) {
      const module = await import("@aws-sdk/client-dynamodb-streams");
      const client = new module.DynamoDBStreamsClient({
        region: this.p.config.region,
        ...(this.p.config.dynamoEndpoint ? { endpoint: this.p.config.dynamoEndpoint } : {}),
      });
      this.streams = { module, client };
    }
    return this.streams;
  }

  private async refreshShards(from: "LATEST" | "TRIM_HORIZON"): Promise<void> {
    const { module, client } = await this.client();
    if (!this.streamArn) {
      const { DynamoDBClient, DescribeTableCommand } = await import("@aws-sdk/client-dynamodb");
      const ddb = new DynamoDBClient({
        region: this.p.config.region,
        ...(this.p.config.dynamoEndpoint ? { endpoint: this.p.config.dynamoEndpoint } : {}),
      });
      try {
        const { Table } = await ddb.send(new DescribeTableCommand({ TableName: this.p.config.tableName }));
        this.streamArn = Table?.LatestStreamArn;
      } finally {
        ddb.destroy();
      }
      if (!this.streamArn) throw new Error(`The table ${this.p.config.tableName} has no stream.`);
    }
    const { StreamDescription } = await client.send(new module.DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await client.send(
        new module.GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shard.ShardId,
          // A shard that appeared since the last look is read from its start: its records are new.
          ShardIteratorType: this.iterators.size === 0 ? from : "TRIM_HORIZON",
        }),
      );
      this.iterators.set(shard.ShardId, ShardIterator);
    }
  }

  /** Reads what arrived on every shard and dispatches it; returns how many records were handed over. */
  async poll(): Promise<number> {
    const { module, client } = await this.client();
    await this.refreshShards("TRIM_HORIZON");
    let handed = 0;
    for (const [shardId, iterator] of this.iterators) {
      if (!iterator) continue; // a closed shard, read to its end
      let out: import("@aws-sdk/client-dynamodb-streams").GetRecordsCommandOutput;
      try {
        out = await client.send(new module.GetRecordsCommand({ ShardIterator: iterator }));
      } catch (e) {
        // An iterator that expired, or points before records the emulator has trimmed: start the shard again from
        // its oldest record. Handing a record over twice is harmless (each effect is claimed once).
        const name = (e as { name?: string }).name;
        if (name !== "TrimmedDataAccessException" && name !== "ExpiredIteratorException") throw e;
        this.p.log.warn("stream iterator lost; reading the shard from its oldest record", { shardId, reason: name });
        const { ShardIterator } = await client.send(
          new module.GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shardId,
            ShardIteratorType: "TRIM_HORIZON",
          }),
        );
        this.iterators.set(shardId, ShardIterator);
        continue;
      }
      const records = (out.Records ?? []) as unknown as DynamoDBRecord[];
      if (records.length > 0) {
        const response = await this.handler({ Records: records.map((r) => ({ ...r, eventSource: "aws:dynamodb" })) });
        const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        // Failed records stay pending in the store; the sweep retries them, so the stream moves on.
        if (failed.size > 0) this.p.log.warn("stream records failed", { count: failed.size });
        handed += records.length;
      }
      this.iterators.set(shardId, out.NextShardIterator);
    }
    return handed;
  }
}
