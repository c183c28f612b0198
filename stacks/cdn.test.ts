// The static site's viewer-request rewrite, run as CloudFront runs it: client-side routes get the app shell.
import { describe, expect, it } from "vitest";
import { SPA_REWRITE, VIEWER_ADDRESS, VIEWER_ADDRESS_HEADER } from "./cdn.js";

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

describe("VIEWER_ADDRESS", () => {
  type Req = { headers: Record<string, { value: string }> };
  const fn = new Function(`${VIEWER_ADDRESS}\nreturn handler;`)() as (e: {
    viewer: { ip: string };
    request: Req;
  }) => Req;

  it("writes the viewer's address, as CloudFront saw it, into the header the API trusts", () => {
    const out = fn({ viewer: { ip: "2001:db8::5" }, request: { headers: {} } });
    expect(out.headers[VIEWER_ADDRESS_HEADER]).toEqual({ value: "2001:db8::5" });
  });

  it("overwrites a copy the viewer sent, and keeps the request's other headers", () => {
    const out = fn({
      viewer: { ip: "203.0.113.9" },
      request: { headers: { [VIEWER_ADDRESS_HEADER]: { value: "198.51.100.1" }, accept: { value: "*/*" } } },
    });
    expect(out.headers[VIEWER_ADDRESS_HEADER]).toEqual({ value: "203.0.113.9" });
    expect(out.headers.accept).toEqual({ value: "*/*" });
  });
});
