import { describe, expect, it } from "vitest";
import { lazyAdapter, loadOnce } from "./lazy.js";

interface Greeter {
  greet(name: string): Promise<string>;
  count(): Promise<number>;
}

class Real implements Greeter {
  private calls = 0;
  async greet(name: string) {
    this.calls++;
    return `Hello, ${name}`;
  }
  async count() {
    return this.calls;
  }
}

describe("lazyAdapter", () => {
  it("loads the adapter on the first call only, once, and calls it as itself", async () => {
    let loads = 0;
    const get = loadOnce(async () => {
      loads++;
      return new Real();
    });
    const greeter: Greeter = lazyAdapter(get, { greet: true, count: true });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([greeter.greet("Ada"), greeter.greet("Bob")]);
    expect([a, b]).toEqual(["Hello, Ada", "Hello, Bob"]);
    // Both calls reached the one instance (its own `this`).
    expect(await greeter.count()).toBe(2);
    expect(loads).toBe(1);
  });

  it("tries a failed load again on the next call instead of failing for ever", async () => {
    let attempt = 0;
    const greeter: Greeter = lazyAdapter(
      loadOnce(async () => {
        attempt++;
        if (attempt === 1) throw new Error("the module did not load");
        return new Real();
      }),
      { greet: true, count: true },
    );
    await expect(greeter.greet("Ada")).rejects.toThrow("the module did not load");
    expect(await greeter.greet("Ada")).toBe("Hello, Ada");
    expect(attempt).toBe(2);
  });

  it("passes the adapter's own errors through unchanged", async () => {
    const failing = { greet: async () => Promise.reject(new TypeError("bad name")) };
    const greeter = lazyAdapter(
      loadOnce(async () => failing),
      { greet: true },
    );
    await expect(greeter.greet()).rejects.toBeInstanceOf(TypeError);
  });
});
