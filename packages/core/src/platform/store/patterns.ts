// Named access patterns: each entity declares its keys and the queries that serve it once; callers use the names.
import type { Key, QueryInput, SortCondition } from "./port.js";
import { type IndexName, tableDefinition } from "./table.js";

/** A sort-key condition over key templates (`GOAL#`, `<createdAt>#<podId>`). A bare string is equality. */
export type SortSpec =
  | string
  | { beginsWith: string }
  | { between: readonly [string, string] }
  | { lte: string }
  | { lt: string }
  | { gte: string }
  | { gt: string };

export interface PatternSpec {
  /** What the pattern answers, word for word as in the access-pattern tables of docs/data-model.md. */
  name: string;
  index?: IndexName;
  /** Key templates: literal text with `<param>` holes, e.g. `USER#<userId>`. */
  pk: string;
  sk?: SortSpec;
  /** Newest (highest sort key) first. */
  descending?: boolean;
  /** A strongly consistent read (base table only). */
  consistent?: boolean;
  /** The index is sparse: only items in some state carry its keys. */
  sparse?: boolean;
  /** Words the docs add after the key expression, e.g. "conditional put". */
  note?: string;
}

type Holes<S> = S extends `${string}<${infer P}>${infer Rest}` ? P | Holes<Rest> : never;
type SortStrings<S> = S extends string
  ? S
  : S extends { beginsWith: infer A }
    ? A
    : S extends { between: readonly [infer A, infer B] }
      ? A | B
      : S extends { lte: infer A }
        ? A
        : S extends { lt: infer A }
          ? A
          : S extends { gte: infer A }
            ? A
            : S extends { gt: infer A }
              ? A
              : never;

/** The values a pattern's key templates need: `{ userId: string }` for `USER#<userId>`. */
export type PatternParams<P extends PatternSpec> = { [K in Holes<P["pk"]> | Holes<SortStrings<P["sk"]>>]: string };

/** Patterns that name exactly one item of the base table (pk and an equal sk): they build keys. */
type KeyPatternNames<P extends Record<string, PatternSpec>> = {
  [N in keyof P]: P[N]["sk"] extends string ? (P[N]["index"] extends IndexName ? never : N) : never;
}[keyof P];

const HOLE = /<([A-Za-z0-9_]+)>/g;

/** Fills a key template; a missing value is a programming error, not a request error. */
export function fillKey(template: string, params: Record<string, string>): string {
  return template.replace(HOLE, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Key template "${template}" needs "${name}".`);
    return value;
  });
}

function sortCondition(sk: Exclude<SortSpec, string>, params: Record<string, string>): SortCondition {
  if ("beginsWith" in sk) return { beginsWith: fillKey(sk.beginsWith, params) };
  if ("between" in sk) return { between: [fillKey(sk.between[0], params), fillKey(sk.between[1], params)] };
  if ("lte" in sk) return { lte: fillKey(sk.lte, params) };
  if ("lt" in sk) return { lt: fillKey(sk.lt, params) };
  if ("gte" in sk) return { gte: fillKey(sk.gte, params) };
  return { gt: fillKey(sk.gt, params) };
}

const ENTITY = Symbol.for("pactly.entity");

export interface Entity<P extends Record<string, PatternSpec>> {
  readonly [ENTITY]: true;
  /** The stored `type` of the entity's items. */
  readonly name: string;
  readonly patterns: P;
  /** The key of one item, from a pattern that names exactly one. */
  key<N extends KeyPatternNames<P>>(pattern: N, params: PatternParams<P[N]>): Key;
  /** The Query that serves a pattern; `page` adds a limit and cursor. */
  query<N extends keyof P & string>(
    pattern: N,
    params: PatternParams<P[N]>,
    page?: { limit?: number; cursor?: string | null },
  ): QueryInput;
}

export function defineEntity<const P extends Record<string, PatternSpec>>(name: string, patterns: P): Entity<P> {
  return {
    [ENTITY]: true,
    name,
    patterns,
    key(pattern, params) {
      const spec = patterns[pattern]!;
      const values = params as Record<string, string>;
      return { pk: fillKey(spec.pk, values), sk: fillKey(spec.sk as string, values) };
    },
    query(pattern, params, page = {}) {
      const spec = patterns[pattern]!;
      const values = params as Record<string, string>;
      return {
        ...(spec.index ? { index: spec.index } : {}),
        pk: fillKey(spec.pk, values),
        ...(spec.sk === undefined
          ? {}
          : { sk: typeof spec.sk === "string" ? { eq: fillKey(spec.sk, values) } : sortCondition(spec.sk, values) }),
        ...(spec.descending ? { reverse: true } : {}),
        ...(spec.consistent ? { consistent: true } : {}),
        ...(page.limit !== undefined ? { limit: page.limit } : {}),
        ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
      };
    },
  };
}

export const isEntity = (value: unknown): value is Entity<Record<string, PatternSpec>> =>
  typeof value === "object" && value !== null && (value as { [ENTITY]?: boolean })[ENTITY] === true;

const shown = (template: string) => template.replace(/\uffff/g, "\\uffff");

/** The key expression of a pattern as the docs write it: `` `pk = USER#<userId>`, `sk begins_with GOAL#`, descending ``. */
export function keyExpression(spec: PatternSpec): string {
  const attrs = spec.index
    ? tableDefinition.indexes[spec.index]
    : { partitionKey: tableDefinition.partitionKey, sortKey: tableDefinition.sortKey };
  const parts = [`\`${attrs.partitionKey} = ${shown(spec.pk)}\``];
  const sk = spec.sk;
  const n = attrs.sortKey;
  if (typeof sk === "string") parts.push(`\`${n} = ${shown(sk)}\``);
  else if (sk && "beginsWith" in sk) parts.push(`\`${n} begins_with ${shown(sk.beginsWith)}\``);
  else if (sk && "between" in sk) parts.push(`\`${n} between ${shown(sk.between[0])} and ${shown(sk.between[1])}\``);
  else if (sk && "lte" in sk) parts.push(`\`${n} <= ${shown(sk.lte)}\``);
  else if (sk && "lt" in sk) parts.push(`\`${n} < ${shown(sk.lt)}\``);
  else if (sk && "gte" in sk) parts.push(`\`${n} >= ${shown(sk.gte)}\``);
  else if (sk && "gt" in sk) parts.push(`\`${n} > ${shown(sk.gt)}\``);
  if (spec.descending) parts.push("descending");
  let text = parts.join(", ");
  if (spec.consistent) text += " (consistent)";
  if (spec.note) text += `; ${spec.note}`;
  return text;
}

/** The index column of the docs' tables. */
export const indexColumn = (spec: PatternSpec): string => `${spec.index ?? "table"}${spec.sparse ? " (sparse)" : ""}`;
