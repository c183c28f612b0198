// The single table's shape: one definition feeds the CDK stack and the local bootstrap.

export const INDEX_NAMES = ["gsi1", "gsi2", "gsi3"] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Generic global secondary indexes, all projecting every attribute. */
  indexes: {
    gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    gsi3: { partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  } satisfies Record<IndexName, { partitionKey: string; sortKey: string }>,
  /** Epoch seconds; DynamoDB removes the item some time after this instant. */
  ttlAttribute: "expiresAt",
  /** The stream feeds the outbox dispatcher: new items' images are all it reads. */
  streamView: "NEW_IMAGE",
} as const;

/** Every key attribute is a string; this lists them for CreateTable. */
export function keyAttributeNames(): string[] {
  const names: string[] = [tableDefinition.partitionKey, tableDefinition.sortKey];
  for (const idx of Object.values(tableDefinition.indexes)) names.push(idx.partitionKey, idx.sortKey);
  return names;
}
