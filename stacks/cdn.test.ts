// The static site's viewer-request rewrite, run as CloudFront runs it: client-side routes get the app shell.
import { describe, expect, it } from "vitest";
import { SPA_REWRITE } from "./cdn.js";

type Handler = (event: { request: { uri: string } }) => { uri: string };
const handler = new Function(`${SPA_REWRITE}\nreturn handler;`)() as Handler;
const served = (uri: string) => handler({ request: { uri } }).uri;

describe("SPA_REWRITE", () => {
  it("serves index.html for the root and for client-side routes", () => {
    for (const uri of ["/", "/pods/01J0ABC", "/verify-email", "/auth/callback", "/goals/"]) {
      expect(served(uri)).toBe("/index.html");
    }
  });

  it("leaves files alone, so a missing one is still an error rather than the app", () => {
    for (const uri of ["/assets/index-3f2a.js", "/sw.js", "/manifest.webmanifest", "/icon-192.png", "/index.html"]) {
      expect(served(uri)).toBe(uri);
    }
  });
});
