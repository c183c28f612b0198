// The Markdown renderer turns authored text into React elements: the usual blocks and inline marks come out as
// their elements, raw HTML stays text, and only http(s) links are links.
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { renderMarkdown, safeHref } from "./markdown";

const html = (source: string) => renderToStaticMarkup(createElement(Fragment, null, ...renderMarkdown(source)));
const strip = (markup: string) => markup.replace(/ class="[^"]*"/g, "");

describe("Markdown renderer", () => {
  it("renders headings, paragraphs, lists, code, bold, italic and links", () => {
    const out = strip(
      html(
        [
          "## The four parts",
          "",
          "A **bold** and *italic* word, `inline code` and a [link](https://example.com/a?b=1).",
          "",
          "- one",
          "- two with _stress_",
          "",
          "1. first",
          "2. second",
          "",
          "```js",
          "const x = 1 < 2;",
          "```",
        ].join("\n"),
      ),
    );
    expect(out).toContain("<h3>The four parts</h3>");
    expect(out).toContain("<strong>bold</strong>");
    expect(out).toContain("<em>italic</em>");
    expect(out).toContain("<code>inline code</code>");
    expect(out).toContain(
      '<a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow">link</a>',
    );
    expect(out).toContain("<ul><li>one</li><li>two with <em>stress</em></li></ul>");
    expect(out).toContain("<ol><li>first</li><li>second</li></ol>");
    expect(out).toContain('<pre tabindex="0" data-lang="js"><code>const x = 1 &lt; 2;</code></pre>');
  });

  it("keeps snake_case names and a table's cells as they are", () => {
    const out = strip(html("Call count_tokens_fast now.\n\n| A | B |\n|---|---|\n| `x` | 2 |"));
    expect(out).toContain("<p>Call count_tokens_fast now.</p>");
    expect(out).toContain('<th scope="col">A</th>');
    expect(out).toContain("<td><code>x</code></td><td>2</td>");
  });

  it("leaves raw HTML as visible text: a <script> never becomes an element", () => {
    const out = html('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n**<b onclick="x()">hi</b>**');
    expect(out).not.toMatch(/<script|<img|<b[ >]/i);
    expect(out).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("turns javascript:, data: and relative links into plain text", () => {
    for (const target of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
      "vbscript:msgbox",
      "//evil.example/x",
      "/relative",
    ]) {
      const out = html(`[click me](${target})`);
      expect(out, target).not.toContain("<a");
      expect(out, target).not.toContain("href");
      expect(out, target).toContain("click me");
    }
    expect(html('<a href="javascript:alert(1)">x</a>')).not.toContain("<a");
  });

  it("never loads images from authored text", () => {
    const out = html("![tracker](https://evil.example/log?d=1)");
    expect(out).not.toContain("<img");
    expect(out).not.toContain("evil.example");
  });

  it("accepts only absolute http and https addresses", () => {
    expect(safeHref("https://example.com")).toBe("https://example.com/");
    expect(safeHref("http://example.com/x")).toBe("http://example.com/x");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("https:/\\evil")).toBeNull();
    expect(safeHref("mailto:a@example.com")).toBeNull();
  });
});
