// Page cursors: the start key of the next page, signed (HMAC-SHA256) together with the query it pages.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { badRequest } from "../errors.js";

/** What a cursor is bound to: a cursor of one list is refused on any other (another partition, index, range, order). */
export interface CursorQuery {
  table: string;
  index?: string | undefined;
  pk: string;
  sk?: unknown;
  reverse?: boolean | undefined;
}

const invalid = () => badRequest("request.invalid_cursor", "The cursor is not one this API returned for this list.");

/**
 * Seals and opens cursors with one secret. Clients get `<key>.<mac>` and treat it as opaque: whatever they change,
 * the MAC no longer matches and the answer is 400 `request.invalid_cursor`, so no start key a caller wrote ever
 * reaches DynamoDB (which refuses a key outside the query with a ValidationException, a 500 before this).
 * Without a configured secret, one is made per process: cursors then work only within it.
 */
export class CursorSigner {
  private readonly key: Buffer;
  constructor(secret?: string) {
    // A key of its own, derived from the secret, so the same secret could never sign anything else alike.
    this.key = createHmac("sha256", secret ?? randomBytes(32))
      .update("pactly.cursor.v1")
      .digest();
  }

  private mac(query: CursorQuery, payload: string): Buffer {
    const bound = JSON.stringify([query.table, query.index ?? "", query.pk, query.sk ?? null, !!query.reverse]);
    return createHmac("sha256", this.key).update(bound).update("\n").update(payload).digest();
  }

  seal(startKey: Record<string, unknown> | undefined, query: CursorQuery): string | null {
    if (!startKey) return null;
    const payload = Buffer.from(JSON.stringify(startKey)).toString("base64url");
    return `${payload}.${this.mac(query, payload).toString("base64url")}`;
  }

  /** The start key of a cursor this signer sealed for this query, with exactly `keyAttributes`; else a 400. */
  open(
    cursor: string | null | undefined,
    query: CursorQuery,
    keyAttributes: string[],
  ): Record<string, unknown> | undefined {
    if (!cursor) return undefined;
    const [payload, mac, extra] = cursor.split(".");
    if (!payload || !mac || extra !== undefined) throw invalid();
    const given = Buffer.from(mac, "base64url");
    const expected = this.mac(query, payload);
    // base64url decoding ignores stray characters: the text must also be the canonical encoding of the MAC.
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString("base64url") !== mac) {
      throw invalid();
    }
    let key: unknown;
    try {
      key = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      throw invalid();
    }
    // Signed by us, so these hold; checked anyway so a bug elsewhere cannot turn into a 500 here.
    const names = key && typeof key === "object" && !Array.isArray(key) ? Object.keys(key) : [];
    const fits =
      names.length === keyAttributes.length &&
      keyAttributes.every((k) => typeof (key as Record<string, unknown>)[k] === "string");
    if (!fits) throw invalid();
    return key as Record<string, unknown>;
  }
}
