// Creates the single table (with its indexes, TTL and stream) where it does not exist yet: local runtime and tests.
import { keyAttributeNames, tableDefinition } from "./table.js";

export async function ensureTable(options: { tableName: string; region: string; endpoint?: string }): Promise<boolean> {
  const ddb = await import("@aws-sdk/client-dynamodb");
  const client = new ddb.DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    try {
      const { Table } = await client.send(new ddb.DescribeTableCommand({ TableName: options.tableName }));
      // A table made before the outbox existed gets its stream now.
      if (!Table?.StreamSpecification?.StreamEnabled) {
        await client.send(
          new ddb.UpdateTableCommand({
            TableName: options.tableName,
            StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamView },
          }),
        );
      }
      return false;
    } catch (e) {
      if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
    }
    await client.send(
      new ddb.CreateTableCommand({
        TableName: options.tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: keyAttributeNames().map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" },
          { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: Object.entries(tableDefinition.indexes).map(([IndexName, k]) => ({
          IndexName,
          KeySchema: [
            { AttributeName: k.partitionKey, KeyType: "HASH" },
            { AttributeName: k.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamView },
      }),
    );
    await client.send(
      new ddb.UpdateTimeToLiveCommand({
        TableName: options.tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      }),
    );
    return true;
  } finally {
    client.destroy();
  }
}
