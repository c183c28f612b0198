// The store port: what the domains need from the single table, independent of the SDK.
import type { IndexName } from "./table.js";

export interface Key {
  pk: string;
  sk: string;
}

/** A stored item: generic keys, a `type` tag, an optimistic `version`, and any attributes. */
export interface Item extends Key {
  type: string;
  version?: number;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  gsi3pk?: string;
  gsi3sk?: string;
  expiresAt?: number;
  [attribute: string]: unknown;
}

export type SortCondition =
  | { beginsWith: string }
  | { between: [string, string] }
  | { gte: string }
  | { lte: string }
  | { gt: string }
  | { lt: string }
  | { eq: string };

export interface QueryInput {
  index?: IndexName;
  pk: string;
  sk?: SortCondition;
  limit?: number;
  cursor?: string | null;
  /** Newest first when sort keys are time-ordered. */
  reverse?: boolean;
  /** Only on the base table. */
  consistent?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Preconditions for a write; a failed one raises a 409 `store.condition_failed`. */
export interface WriteCondition {
  /** The key must not exist yet. */
  absent?: boolean;
  /** The key must exist. */
  exists?: boolean;
  /** The stored `version` must equal this (optimistic locking). */
  version?: number;
  /** Attribute equality checks on the stored item. */
  equals?: Record<string, string | number | boolean>;
  /** Numeric attributes that must exist and be at least this (a balance that must cover a debit). */
  atLeast?: Record<string, number>;
}

export interface UpdateInput {
  set?: Record<string, unknown>;
  remove?: string[];
  /** Atomic numeric increments. */
  add?: Record<string, number>;
}

export type TransactOp =
  | { put: Item; condition?: WriteCondition }
  | { update: Key; changes: UpdateInput; condition?: WriteCondition }
  | { delete: Key; condition?: WriteCondition }
  | { check: Key; condition: WriteCondition };

export interface Store {
  get<T extends Item = Item>(key: Key, options?: { consistent?: boolean }): Promise<T | undefined>;
  /** Found items in the order of `keys`; missing keys and repeats are skipped. */
  getMany<T extends Item = Item>(keys: Key[], options?: { consistent?: boolean }): Promise<T[]>;
  /** Writes a whole item; bumps `version`. With `condition.version` the write is optimistic. */
  put<T extends Item>(item: T, condition?: WriteCondition): Promise<T>;
  /** Changes some attributes; returns the item after the change. */
  update<T extends Item = Item>(key: Key, changes: UpdateInput, condition?: WriteCondition): Promise<T>;
  delete(key: Key, condition?: WriteCondition): Promise<void>;
  query<T extends Item = Item>(input: QueryInput): Promise<Page<T>>;
  /**
   * The cursor of a page of `input` that ended at `last`: for a first page served from a copy of the list's head,
   * so that the next page continues the Query exactly where a page of the Query itself would have.
   */
  cursorAfter(input: Omit<QueryInput, "cursor" | "limit">, last: Key): string;
  /** Every page of a query; for bounded partitions only. */
  queryAll<T extends Item = Item>(input: Omit<QueryInput, "cursor">): Promise<T[]>;
  /** All or nothing, up to 100 operations. */
  transact(ops: TransactOp[]): Promise<void>;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
}
