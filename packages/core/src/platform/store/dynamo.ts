// The store on DynamoDB (the cloud table, or DynamoDB Local on a developer machine): one adapter for both.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AppError, ConditionFailedError, TransactionConflictError } from "../errors.js";
import { CursorSigner } from "./cursor.js";
import type { Item, Key, Page, QueryInput, Store, TransactOp, UpdateInput, WriteCondition } from "./port.js";
import { tableDefinition } from "./table.js";

export interface DynamoStoreOptions {
  tableName: string;
  region: string;
  endpoint?: string;
  /** Supplied in tests to share one client; otherwise created on first use. */
  client?: DynamoDBDocumentClient;
  /** Signs page cursors (CursorSigner); without it, a key made per process. */
  cursorSecret?: string | undefined;
}

/** Collects expression attribute names and values under generated placeholders. */
class Expr {
  names: Record<string, string> = {};
  values: Record<string, unknown> = {};
  private placeholders = new Map<string, string>();
  private n = 0;
  /** Numbered rather than derived from the name, so `a-b` and `a_b` cannot share a placeholder. */
  name(attr: string): string {
    let ph = this.placeholders.get(attr);
    if (!ph) {
      ph = `#n${this.placeholders.size}`;
      this.placeholders.set(attr, ph);
      this.names[ph] = attr;
    }
    return ph;
  }
  value(v: unknown): string {
    const ph = `:v${this.n++}`;
    this.values[ph] = v;
    return ph;
  }
  out() {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

function conditionExpression(expr: Expr, c: WriteCondition | undefined): string | undefined {
  if (!c) return undefined;
  const parts: string[] = [];
  if (c.absent) parts.push(`attribute_not_exists(${expr.name("pk")})`);
  if (c.exists) parts.push(`attribute_exists(${expr.name("pk")})`);
  if (c.version !== undefined) parts.push(`${expr.name("version")} = ${expr.value(c.version)}`);
  for (const [k, v] of Object.entries(c.equals ?? {})) parts.push(`${expr.name(k)} = ${expr.value(v)}`);
  for (const [k, v] of Object.entries(c.atLeast ?? {})) parts.push(`${expr.name(k)} >= ${expr.value(v)}`);
  return parts.length ? parts.join(" AND ") : undefined;
}

function nextVersion(item: Item, c: WriteCondition | undefined): number {
  if (c?.absent) return 1;
  if (c?.version !== undefined) return c.version + 1;
  return (item.version ?? 0) + 1;
}

function updateExpression(expr: Expr, changes: UpdateInput): string {
  const sets = Object.entries(changes.set ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${expr.name(k)} = ${expr.value(v)}`);
  const adds = Object.entries({ ...(changes.add ?? {}), version: 1 }).map(
    ([k, v]) => `${expr.name(k)} ${expr.value(v)}`,
  );
  const removes = (changes.remove ?? []).map((k) => expr.name(k));
  return [
    sets.length ? `SET ${sets.join(", ")}` : "",
    `ADD ${adds.join(", ")}`,
    removes.length ? `REMOVE ${removes.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

const conditionFailed = (cause: unknown, details?: Record<string, unknown>) =>
  new ConditionFailedError({ cause, ...(details ? { details } : {}) });

function translate(e: unknown): unknown {
  const name = (e as { name?: string })?.name;
  if (name === "ConditionalCheckFailedException") return conditionFailed(e);
  if (name === "TransactionCanceledException") {
    const reasons = ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
      (r) => r.Code ?? "None",
    );
    if (reasons.some((r) => r === "ConditionalCheckFailed")) return conditionFailed(e, { reasons });
    if (reasons.some((r) => r === "TransactionConflict")) {
      return new TransactionConflictError({ cause: e, details: { reasons } });
    }
  }
  if (name === "ProvisionedThroughputExceededException" || name === "ThrottlingException") {
    return new AppError(503, "store.throttled", "The data store is busy; try again shortly.", {
      cause: e,
      retryAfter: 1,
    });
  }
  return e;
}

export class DynamoStore implements Store {
  private clientPromise: Promise<DynamoDBDocumentClient> | undefined;
  private readonly cursors: CursorSigner;
  constructor(private readonly options: DynamoStoreOptions) {
    if (options.client) this.clientPromise = Promise.resolve(options.client);
    this.cursors = new CursorSigner(options.cursorSecret);
  }

  /** The SDK is loaded on first use so a cold start that never touches the table does not pay for it. */
  client(): Promise<DynamoDBDocumentClient> {
    this.clientPromise ??= (async () => {
      const { DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
      const { DynamoDBDocumentClient } = await import("@aws-sdk/lib-dynamodb");
      const base = new DynamoDBClient({
        region: this.options.region,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      });
      return DynamoDBDocumentClient.from(base, {
        marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      });
    })();
    return this.clientPromise;
  }

  private async run<T>(fn: (c: DynamoDBDocumentClient, lib: typeof import("@aws-sdk/lib-dynamodb")) => Promise<T>) {
    const [c, lib] = await Promise.all([this.client(), import("@aws-sdk/lib-dynamodb")]);
    try {
      return await fn(c, lib);
    } catch (e) {
      throw translate(e);
    }
  }

  get TableName() {
    return this.options.tableName;
  }

  async get<T extends Item = Item>(key: Key, options?: { consistent?: boolean }): Promise<T | undefined> {
    return this.run(async (c, lib) => {
      const out = await c.send(
        new lib.GetCommand({
          TableName: this.TableName,
          Key: { pk: key.pk, sk: key.sk },
          ConsistentRead: options?.consistent,
        }),
      );
      return out.Item as T | undefined;
    });
  }

  /** Found items in the order their keys were asked for (BatchGet answers in any order); missing keys are skipped. */
  async getMany<T extends Item = Item>(keys: Key[], options: { consistent?: boolean } = {}): Promise<T[]> {
    const id = (k: { pk: unknown; sk: unknown }) => `${k.pk}\u0000${k.sk}`;
    const unique = [...new Map(keys.map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
    const found = new Map<string, T>();
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt === 8) {
          // Returning what came back would silently drop items; the caller can retry the whole read.
          throw new AppError(503, "store.throttled", "The data store is busy; try again shortly.", { retryAfter: 1 });
        }
        const batch: Record<string, unknown>[] = pending;
        const out = await this.run((c, lib) =>
          c.send(
            new lib.BatchGetCommand({
              RequestItems: { [this.TableName]: { Keys: batch, ConsistentRead: options.consistent } },
            }),
          ),
        );
        for (const item of (out.Responses?.[this.TableName] ?? []) as T[]) found.set(id(item), item);
        pending = out.UnprocessedKeys?.[this.TableName]?.Keys as Record<string, unknown>[] | undefined;
        if (pending?.length) await new Promise((r) => setTimeout(r, 2 ** attempt * 20));
      }
    }
    return unique.flatMap((k) => {
      const item = found.get(id(k));
      return item ? [item] : [];
    });
  }

  async put<T extends Item>(item: T, condition?: WriteCondition): Promise<T> {
    const stored = { ...item, version: nextVersion(item, condition) };
    const expr = new Expr();
    const ConditionExpression = conditionExpression(expr, condition);
    await this.run((c, lib) =>
      c.send(new lib.PutCommand({ TableName: this.TableName, Item: stored, ConditionExpression, ...expr.out() })),
    );
    return stored;
  }

  async update<T extends Item = Item>(key: Key, changes: UpdateInput, condition?: WriteCondition): Promise<T> {
    const expr = new Expr();
    const UpdateExpression = updateExpression(expr, changes);
    const ConditionExpression = conditionExpression(expr, condition ?? { exists: true });
    const out = await this.run((c, lib) =>
      c.send(
        new lib.UpdateCommand({
          TableName: this.TableName,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression,
          ConditionExpression,
          ReturnValues: "ALL_NEW",
          ...expr.out(),
        }),
      ),
    );
    return out.Attributes as T;
  }

  async delete(key: Key, condition?: WriteCondition): Promise<void> {
    const expr = new Expr();
    const ConditionExpression = conditionExpression(expr, condition);
    await this.run((c, lib) =>
      c.send(
        new lib.DeleteCommand({
          TableName: this.TableName,
          Key: { pk: key.pk, sk: key.sk },
          ConditionExpression,
          ...expr.out(),
        }),
      ),
    );
  }

  async query<T extends Item = Item>(input: QueryInput): Promise<Page<T>> {
    const expr = new Expr();
    const keys = input.index ? tableDefinition.indexes[input.index] : { partitionKey: "pk", sortKey: "sk" };
    let KeyConditionExpression = `${expr.name(keys.partitionKey)} = ${expr.value(input.pk)}`;
    const sk = input.sk;
    if (sk) {
      const n = expr.name(keys.sortKey);
      if ("beginsWith" in sk) KeyConditionExpression += ` AND begins_with(${n}, ${expr.value(sk.beginsWith)})`;
      else if ("between" in sk)
        KeyConditionExpression += ` AND ${n} BETWEEN ${expr.value(sk.between[0])} AND ${expr.value(sk.between[1])}`;
      else if ("gte" in sk) KeyConditionExpression += ` AND ${n} >= ${expr.value(sk.gte)}`;
      else if ("lte" in sk) KeyConditionExpression += ` AND ${n} <= ${expr.value(sk.lte)}`;
      else if ("gt" in sk) KeyConditionExpression += ` AND ${n} > ${expr.value(sk.gt)}`;
      else if ("lt" in sk) KeyConditionExpression += ` AND ${n} < ${expr.value(sk.lt)}`;
      else if ("eq" in sk) KeyConditionExpression += ` AND ${n} = ${expr.value(sk.eq)}`;
    }
    if (input.limit !== undefined && !(Number.isInteger(input.limit) && input.limit >= 1)) {
      throw new RangeError(`A query limit is a whole number of at least 1 (got ${input.limit}).`);
    }
    const { keyAttributes, bound } = this.paging(input);
    const ExclusiveStartKey = this.cursors.open(input.cursor, bound, keyAttributes);
    const out = await this.run((c, lib) =>
      c.send(
        new lib.QueryCommand({
          TableName: this.TableName,
          IndexName: input.index,
          KeyConditionExpression,
          // One item more than asked: whether it comes back tells if there is a next page, so the last page ends
          // with a null cursor instead of one that leads to an empty page.
          Limit: input.limit === undefined ? undefined : input.limit + 1,
          ExclusiveStartKey,
          ScanIndexForward: !input.reverse,
          ConsistentRead: input.index ? undefined : input.consistent,
          ...expr.out(),
        }),
      ),
    );
    const items = (out.Items ?? []) as T[];
    if (input.limit !== undefined && items.length > input.limit) {
      const page = items.slice(0, input.limit);
      const last = page[page.length - 1] as Record<string, unknown>;
      const startKey = Object.fromEntries(keyAttributes.map((k) => [k, last[k]]));
      return { items: page, nextCursor: this.cursors.seal(startKey, bound) };
    }
    return { items, nextCursor: this.cursors.seal(out.LastEvaluatedKey, bound) };
  }

  /** The key attributes a page of this query starts after, and what its cursors are bound to. */
  private paging(input: Omit<QueryInput, "cursor" | "limit">) {
    const keys = input.index ? tableDefinition.indexes[input.index] : { partitionKey: "pk", sortKey: "sk" };
    const keyAttributes = input.index ? ["pk", "sk", keys.partitionKey, keys.sortKey] : ["pk", "sk"];
    const bound = { table: this.TableName, index: input.index, pk: input.pk, sk: input.sk, reverse: input.reverse };
    return { keyAttributes, bound };
  }

  cursorAfter(input: Omit<QueryInput, "cursor" | "limit">, last: Key): string {
    const { keyAttributes, bound } = this.paging(input);
    const item = last as unknown as Record<string, unknown>;
    return this.cursors.seal(Object.fromEntries(keyAttributes.map((k) => [k, item[k]])), bound)!;
  }

  async queryAll<T extends Item = Item>(input: Omit<QueryInput, "cursor">): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await this.query<T>({ ...input, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  async transact(ops: TransactOp[]): Promise<void> {
    if (ops.length === 0) return;
    if (ops.length > 100) throw new Error(`A transaction holds at most 100 operations (got ${ops.length}).`);
    const TransactItems = ops.map((op) => {
      const expr = new Expr();
      if ("put" in op) {
        const ConditionExpression = conditionExpression(expr, op.condition);
        const Item = { ...op.put, version: nextVersion(op.put, op.condition) };
        return { Put: { TableName: this.TableName, Item, ConditionExpression, ...expr.out() } };
      }
      if ("update" in op) {
        const UpdateExpression = updateExpression(expr, op.changes);
        const ConditionExpression = conditionExpression(expr, op.condition ?? { exists: true });
        return {
          Update: {
            TableName: this.TableName,
            Key: { pk: op.update.pk, sk: op.update.sk },
            UpdateExpression,
            ConditionExpression,
            ...expr.out(),
          },
        };
      }
      if ("delete" in op) {
        const ConditionExpression = conditionExpression(expr, op.condition);
        return {
          Delete: {
            TableName: this.TableName,
            Key: { pk: op.delete.pk, sk: op.delete.sk },
            ConditionExpression,
            ...expr.out(),
          },
        };
      }
      const ConditionExpression = conditionExpression(expr, op.condition) ?? `attribute_exists(${expr.name("pk")})`;
      return {
        ConditionCheck: {
          TableName: this.TableName,
          Key: { pk: op.check.pk, sk: op.check.sk },
          ConditionExpression,
          ...expr.out(),
        },
      };
    });
    await this.run((c, lib) => c.send(new lib.TransactWriteCommand({ TransactItems })));
  }

  async ping(): Promise<void> {
    await this.get({ pk: "HEALTH", sk: "PING" });
  }
}
