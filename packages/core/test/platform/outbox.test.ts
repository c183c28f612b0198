// Locally, mail lands in a store-backed outbox that can be listed, newest first, and per recipient.
import { describe, expect, it } from "vitest";
import { testPlatform } from "../helpers/platform.js";

describe("outbox mailer", () => {
  it("keeps sent mail, newest first, and filters by recipient case-insensitively", async () => {
    const { platform: p } = await testPlatform();
    await p.mail.send({
      to: "Ada@Example.com",
      subject: "Verify your email",
      text: "Open http://x/verify?token=1",
      template: "verify",
    });
    await p.mail.send({ to: "bob@example.com", subject: "Reset", text: "Reset link", html: "<p>Reset</p>" });
    const all = await p.local!.outbox.list();
    expect(all.items.map((m) => m.subject)).toEqual(["Reset", "Verify your email"]);
    const ada = await p.local!.outbox.list({ to: "ada@example.com" });
    expect(ada.items).toHaveLength(1);
    expect(ada.items[0]).toMatchObject({
      to: "Ada@Example.com",
      template: "verify",
      text: "Open http://x/verify?token=1",
    });
  });
});
