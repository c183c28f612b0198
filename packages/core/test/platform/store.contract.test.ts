// DynamoStore on DynamoDB Local passes the Store contract; the table also carries the TTL setting the cloud relies on.
import { DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { DynamoStore, tableDefinition } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";
import { storeContract } from "../helpers/store-contract.js";

storeContract("DynamoStore on DynamoDB Local", async () => (await testPlatform()).platform.store);

describe("DynamoStore table", () => {
  it("has TTL enabled on the expiresAt attribute", async () => {
    const { platform, tableName } = await testPlatform();
    expect(platform.store).toBeInstanceOf(DynamoStore);
    const client = new DynamoDBClient({ region: platform.config.region, endpoint: platform.config.dynamoEndpoint });
    try {
      const out = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      expect(out.TimeToLiveDescription).toMatchObject({
        AttributeName: tableDefinition.ttlAttribute,
        TimeToLiveStatus: "ENABLED",
      });
    } finally {
      client.destroy();
    }
  });
});
