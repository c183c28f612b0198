// The behaviour every Store adapter must show; an adapter's test file runs it with `storeContract(name, makeStore)`.
import { beforeAll, describe, expect, it } from "vitest";
import { AppError, INDEX_NAMES, type Item, type Store } from "../../src/platform/index.js";

/** Resolves to the AppError a promise rejects with, failing the test when it resolves or throws something else. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`Expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(AppError);
  return outcome.error as AppError;
}

const pad = (n: number) => String(n).padStart(3, "0");

export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    // Every test works in partitions of its own, so tests never see each other's items.
    let partition = 0;
    const fresh = (label: string) => `${label}#${++partition}`;

    beforeAll(async () => {
      store = await makeStore();
    });

    describe("single items", () => {
      it("puts, gets and deletes an item, starting its version at 1", async () => {
        const pk = fresh("USER");
        const stored: Item = await store.put({
          pk,
          sk: "PROFILE",
          type: "profile",
          name: "Ada",
          tags: ["a", "b"],
          score: 3,
        });
        expect(stored.version).toBe(1);
        expect(await store.get({ pk, sk: "PROFILE" })).toEqual({
          pk,
          sk: "PROFILE",
          type: "profile",
          name: "Ada",
          tags: ["a", "b"],
          score: 3,
          version: 1,
        });
        await store.delete({ pk, sk: "PROFILE" });
        expect(await store.get({ pk, sk: "PROFILE" }, { consistent: true })).toBeUndefined();
      });

      it("answers undefined for a key that was never written", async () => {
        expect(await store.get({ pk: fresh("NOBODY"), sk: "PROFILE" })).toBeUndefined();
      });

      it("refuses a second create of the same key with 409 store.condition_failed and keeps the first", async () => {
        const key = { pk: fresh("POD"), sk: "META" };
        await store.put({ ...key, type: "pod", name: "first" }, { absent: true });
        const err = await appErrorOf(store.put({ ...key, type: "pod", name: "second" }, { absent: true }));
        expect(err.status).toBe(409);
        expect(err.code).toBe("store.condition_failed");
        expect(await store.get(key)).toMatchObject({ name: "first", version: 1 });
      });

      it("writes optimistically: the expected version wins once, a stale one is refused", async () => {
        const key = { pk: fresh("GOAL"), sk: "META" };
        const v1 = await store.put({ ...key, type: "goal", title: "draft" }, { absent: true });
        const v2: Item = await store.put({ ...v1, title: "edited" }, { version: 1 });
        expect(v2.version).toBe(2);
        const stale = await appErrorOf(store.put({ ...v1, title: "lost update" }, { version: 1 }));
        expect(stale.code).toBe("store.condition_failed");
        expect(await store.get(key)).toMatchObject({ title: "edited", version: 2 });
      });

      it("deletes only when the condition holds", async () => {
        const key = { pk: fresh("DEPOSIT"), sk: "META" };
        await store.put({ ...key, type: "deposit", status: "held" });
        const err = await appErrorOf(store.delete(key, { equals: { status: "released" } }));
        expect(err.code).toBe("store.condition_failed");
        expect(await store.get(key)).toBeDefined();
        await store.delete(key, { equals: { status: "held" } });
        expect(await store.get(key)).toBeUndefined();
      });
    });

    describe("update", () => {
      it("sets, adds and removes attributes and bumps the version", async () => {
        const key = { pk: fresh("SESSION"), sk: "META" };
        await store.put({ ...key, type: "session", title: "Loops", attempts: 1, draft: "x" });
        const after = await store.update(key, {
          set: { title: "Loops and arrays", status: "open" },
          add: { attempts: 2, hints: 1 },
          remove: ["draft"],
        });
        expect(after).toEqual({
          ...key,
          type: "session",
          title: "Loops and arrays",
          status: "open",
          attempts: 3,
          hints: 1,
          version: 2,
        });
        expect(await store.get(key)).toEqual(after);
      });

      it("handles attribute names that are reserved words or differ only in punctuation", async () => {
        const key = { pk: fresh("ODD"), sk: "META" };
        await store.put({ ...key, type: "odd" });
        const after = await store.update(key, { set: { "a-b": 1, a_b: 2, name: "n", status: "s" } });
        expect(after).toMatchObject({ "a-b": 1, a_b: 2, name: "n", status: "s" });
      });

      it("refuses to update an item that does not exist", async () => {
        const key = { pk: fresh("GHOST"), sk: "META" };
        const err = await appErrorOf(store.update(key, { set: { title: "x" } }));
        expect(err.code).toBe("store.condition_failed");
        expect(await store.get(key)).toBeUndefined();
      });

      it("applies its condition: a stale version or another state is refused and changes nothing", async () => {
        const key = { pk: fresh("SEAT"), sk: "META" };
        await store.put({ ...key, type: "seat", status: "open", taken: 0 });
        const wrongState = await appErrorOf(store.update(key, { add: { taken: 1 } }, { equals: { status: "closed" } }));
        expect(wrongState.status).toBe(409);
        const staleVersion = await appErrorOf(store.update(key, { add: { taken: 1 } }, { version: 7 }));
        expect(staleVersion.code).toBe("store.condition_failed");
        expect(await store.get(key)).toMatchObject({ taken: 0, version: 1 });
        expect(
          await store.update(key, { add: { taken: 1 } }, { version: 1, equals: { status: "open" } }),
        ).toMatchObject({
          taken: 1,
          version: 2,
        });
      });
    });

    describe("query", () => {
      // Ten events E#001..E#010 and three other items in the same partition, on the base table and each index.
      const seed = async (pk: string, index?: (typeof INDEX_NAMES)[number]) => {
        const items: Item[] = [];
        for (let i = 1; i <= 10; i++) {
          const item: Item = { pk: index ? fresh("SRC") : pk, sk: index ? "META" : `E#${pad(i)}`, type: "event", n: i };
          if (index) {
            item[`${index}pk`] = pk;
            item[`${index}sk`] = `E#${pad(i)}`;
          }
          items.push(item);
        }
        for (let i = 1; i <= 3; i++) {
          const item: Item = {
            pk: index ? fresh("SRC") : pk,
            sk: index ? "META" : `F#${pad(i)}`,
            type: "other",
            n: 100 + i,
          };
          if (index) {
            item[`${index}pk`] = pk;
            item[`${index}sk`] = `F#${pad(i)}`;
          }
          items.push(item);
        }
        await Promise.all(items.map((i) => store.put(i)));
      };
      const ns = async (page: Promise<{ items: Item[] }>) => (await page).items.map((i) => i.n);

      for (const index of [undefined, ...INDEX_NAMES]) {
        it(`selects by sort key on ${index ?? "the base table"}: beginsWith, between, gte, lte, gt, lt, eq`, async () => {
          const pk = fresh("FEED");
          await seed(pk, index);
          const q = { pk, ...(index ? { index } : { consistent: true }) };
          expect(await ns(store.query({ ...q, sk: { beginsWith: "E#" } }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
          expect(await ns(store.query({ ...q, sk: { between: ["E#003", "E#005"] } }))).toEqual([3, 4, 5]);
          expect(await ns(store.query({ ...q, sk: { gte: "E#009" } }))).toEqual([9, 10, 101, 102, 103]);
          expect(await ns(store.query({ ...q, sk: { lte: "E#002" } }))).toEqual([1, 2]);
          expect(await ns(store.query({ ...q, sk: { gt: "F#001" } }))).toEqual([102, 103]);
          expect(await ns(store.query({ ...q, sk: { lt: "E#002" } }))).toEqual([1]);
          expect(await ns(store.query({ ...q, sk: { eq: "E#007" } }))).toEqual([7]);
          expect(await ns(store.query({ ...q, sk: { beginsWith: "E#" }, reverse: true, limit: 3 }))).toEqual([
            10, 9, 8,
          ]);
          expect(await ns(store.query({ ...q, sk: { beginsWith: "Z#" } }))).toEqual([]);
        });
      }

      it("pages with a cursor: every item exactly once, in order, and a null cursor on the last page", async () => {
        const pk = fresh("LOG");
        const all = Array.from({ length: 23 }, (_, i) => ({ pk, sk: `L#${pad(i)}`, type: "log", n: i }));
        await Promise.all(all.map((i) => store.put(i)));
        for (const reverse of [false, true]) {
          const seen: number[] = [];
          const sizes: number[] = [];
          let cursor: string | null = null;
          do {
            const page: { items: Item[]; nextCursor: string | null } = await store.query({
              pk,
              limit: 5,
              cursor,
              reverse,
            });
            sizes.push(page.items.length);
            seen.push(...page.items.map((i) => i.n as number));
            cursor = page.nextCursor;
          } while (cursor);
          const expected = all.map((i) => i.n);
          expect(seen).toEqual(reverse ? expected.reverse() : expected);
          expect(sizes).toEqual([5, 5, 5, 5, 3]);
        }
      });

      it("ends with a null cursor when the items fill the last page exactly (no empty page after it)", async () => {
        const pk = fresh("EXACT");
        await Promise.all(
          Array.from({ length: 6 }, (_, i) => store.put({ pk, sk: `X#${i}`, type: "x", gsi2pk: pk, gsi2sk: `X#${i}` })),
        );
        for (const q of [{ pk }, { pk, index: "gsi2" as const }]) {
          const first = await store.query({ ...q, limit: 3 });
          expect(first.items).toHaveLength(3);
          expect(first.nextCursor).not.toBeNull();
          const second = await store.query({ ...q, limit: 3, cursor: first.nextCursor });
          expect(second.items.map((i) => i.sk)).toEqual(["X#3", "X#4", "X#5"]);
          expect(second.nextCursor).toBeNull();
        }
      });

      it("pages through an index with a cursor", async () => {
        const pk = fresh("BOARD");
        await Promise.all(
          Array.from({ length: 7 }, (_, i) =>
            store.put({ pk: fresh("MEMBER"), sk: "META", type: "member", gsi3pk: pk, gsi3sk: `S#${pad(i)}`, n: i }),
          ),
        );
        const first = await store.query({ index: "gsi3", pk, limit: 4 });
        const second = await store.query({ index: "gsi3", pk, limit: 4, cursor: first.nextCursor });
        expect([...first.items, ...second.items].map((i) => i.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect(second.nextCursor).toBeNull();
        expect((await store.queryAll({ index: "gsi3", pk, limit: 2 })).map((i) => i.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      });

      it("refuses a cursor it did not hand out for this list with 400 request.invalid_cursor", async () => {
        const pk = fresh("LIST");
        await Promise.all(
          [1, 2, 3].map((i) => store.put({ pk, sk: `I#${i}`, type: "i", gsi1pk: pk, gsi1sk: `I#${i}` })),
        );
        const { nextCursor } = await store.query({ pk, limit: 1 });
        expect(nextCursor).toEqual(expect.any(String));
        const forged = Buffer.from(JSON.stringify({ anything: 1 })).toString("base64url");
        for (const input of [
          { pk, cursor: "not a cursor" },
          { pk, cursor: forged },
          { pk, cursor: Buffer.from("[1,2]").toString("base64url") },
          // A real cursor, but from the base table (used on an index) or from another partition.
          { pk, index: "gsi1" as const, cursor: nextCursor },
          { pk: fresh("LIST"), cursor: nextCursor },
        ]) {
          const err = await appErrorOf(store.query(input));
          expect(err.status).toBe(400);
          expect(err.code).toBe("request.invalid_cursor");
        }
      });
    });

    describe("cursors are opaque, signed and bound to their query", () => {
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
      const refused = async (input: Parameters<Store["query"]>[0]) => {
        const err = await appErrorOf(store.query(input));
        expect([err.status, err.code]).toEqual([400, "request.invalid_cursor"]);
      };

      it("refuses a start key written by the caller, even one of the right shape (DynamoDB would answer 500)", async () => {
        const pk = fresh("USER");
        await Promise.all([1, 2, 3].map((i) => store.put({ pk, sk: `GOAL#${i}`, type: "g" })));
        const q = { pk, sk: { beginsWith: "GOAL#" }, limit: 1 };
        // Outside the key condition: DynamoDB refuses it with a ValidationException.
        await refused({ ...q, cursor: b64({ pk, sk: "ZZZ" }) });
        // The sorted-key-name check fooled: one key named "gsi1sk,pk,sk".
        await refused({ index: "gsi1", pk, limit: 1, cursor: b64({ gsi1pk: pk, "gsi1sk,pk,sk": "x" }) });
      });

      it("refuses a real cursor on another query of the same partition, or with any character changed", async () => {
        const pk = fresh("USER");
        await Promise.all(
          [1, 2, 3].map((i) => store.put({ pk, sk: `GOAL#${i}`, type: "g", gsi1pk: pk, gsi1sk: `G#${i}` })),
        );
        const q = { pk, sk: { beginsWith: "GOAL#" }, limit: 1 };
        const { nextCursor } = await store.query(q);
        expect(nextCursor).toEqual(expect.any(String));
        expect((await store.query({ ...q, cursor: nextCursor })).items).toHaveLength(1);
        await refused({ pk, sk: { beginsWith: "GOAL#2" }, limit: 1, cursor: nextCursor });
        await refused({ ...q, reverse: true, cursor: nextCursor });
        await refused({ pk, limit: 1, cursor: nextCursor });
        const cursor = nextCursor!;
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (let i = 0; i < cursor.length; i += Math.max(1, Math.floor(cursor.length / 40))) {
          const swap = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % alphabet.length]!;
          await refused({ ...q, cursor: cursor.slice(0, i) + swap + cursor.slice(i + 1) });
        }
        await refused({ ...q, cursor: `${cursor}A` });
        await refused({ ...q, cursor: cursor.slice(0, -1) });
      });
    });

    describe("transact", () => {
      it("writes every operation together", async () => {
        const pk = fresh("POD");
        await store.put({ pk, sk: "META", type: "pod", members: 0 });
        await store.put({ pk, sk: "SETTINGS", type: "settings", open: true });
        await store.transact([
          { put: { pk, sk: "MEMBER#u1", type: "member" }, condition: { absent: true } },
          { update: { pk, sk: "META" }, changes: { add: { members: 1 } } },
          { check: { pk, sk: "SETTINGS" }, condition: { equals: { open: true } } },
        ]);
        expect(await store.get({ pk, sk: "MEMBER#u1" })).toMatchObject({ type: "member", version: 1 });
        expect(await store.get({ pk, sk: "META" })).toMatchObject({ members: 1, version: 2 });
      });

      it("writes nothing when one condition fails, and says which with a 409", async () => {
        const pk = fresh("POD");
        await store.put({ pk, sk: "META", type: "pod", members: 4 });
        await store.put({ pk, sk: "SETTINGS", type: "settings", status: "full" });
        await store.put({ pk, sk: "INVITE", type: "invite" });
        const err = await appErrorOf(
          store.transact([
            { put: { pk, sk: "MEMBER#u5", type: "member" }, condition: { absent: true } },
            { update: { pk, sk: "META" }, changes: { add: { members: 1 } } },
            { delete: { pk, sk: "INVITE" } },
            { check: { pk, sk: "SETTINGS" }, condition: { equals: { status: "open" } } },
          ]),
        );
        expect(err.status).toBe(409);
        expect(err.code).toBe("store.condition_failed");
        expect(err.details?.reasons).toEqual(["None", "None", "None", "ConditionalCheckFailed"]);
        expect(await store.get({ pk, sk: "MEMBER#u5" })).toBeUndefined();
        expect(await store.get({ pk, sk: "META" })).toMatchObject({ members: 4, version: 1 });
        expect(await store.get({ pk, sk: "INVITE" })).toBeDefined();
      });
    });

    describe("getMany", () => {
      it("reads more than 100 keys, in the order asked, skipping missing ones and repeats", async () => {
        const pk = fresh("CARD");
        const items = Array.from({ length: 130 }, (_, i) => ({ pk, sk: `C#${pad(i)}`, type: "card", n: i }));
        await Promise.all(items.map((i) => store.put(i)));
        // Newest first, with keys that do not exist and one key asked twice.
        const keys = [...items].reverse().map(({ pk, sk }) => ({ pk, sk }));
        keys.splice(10, 0, { pk, sk: "C#missing" }, { pk: fresh("CARD"), sk: "C#000" });
        keys.push({ pk, sk: "C#129" });
        const found = await store.getMany(keys);
        expect(found.map((i) => i.n)).toEqual(items.map((i) => i.n).reverse());
        expect(await store.getMany([])).toEqual([]);
      });
    });

    describe("TTL attribute", () => {
      it("stores the expiry instant (epoch seconds) with the item", async () => {
        const key = { pk: fresh("TRACE"), sk: "T#1" };
        const expiresAt = Date.UTC(2026, 3, 1) / 1000;
        await store.put({ ...key, type: "trace", expiresAt });
        expect(await store.get(key)).toMatchObject({ expiresAt });
      });
    });

    it("answers a health ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
