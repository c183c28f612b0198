// A small Markdown renderer for authored content (question prompts, lessons, explanations, hints). It builds React
// elements from the text and never hands HTML to the browser: raw HTML stays visible text, and only http(s) links
// become links, so a pack's text cannot run a script or smuggle a `javascript:` URL into the page.
import { Fragment, type ReactNode } from "react";

const cx = (...classes: (string | false | undefined)[]) => classes.filter(Boolean).join(" ");

/** The address a link may point to: absolute http or https only; anything else renders as plain text. */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  if (!/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- inline: code, bold, italic, links

const PUNCT = /[\\`*_{}[\]()#+\-.!|>~<"']/;
const LINK = /^\[((?:[^\][]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/;
const IMAGE = /^!\[([^\]]*)\]\(\s*[^)]*\)/;

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  let plain = "";
  const flush = () => {
    if (plain) out.push(plain);
    plain = "";
  };
  const push = (node: ReactNode) => {
    flush();
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const rest = text.slice(i);
    if (ch === "\\" && i + 1 < text.length && PUNCT.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const run = /^`+/.exec(rest)![0];
      const end = text.indexOf(run, i + run.length);
      if (end > 0) {
        const code = text.slice(i + run.length, end);
        push(
          <code key={`${key}-${i}`} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-900">
            {code.length > 2 && code.startsWith(" ") && code.endsWith(" ") ? code.slice(1, -1) : code}
          </code>,
        );
        i = end + run.length;
        continue;
      }
      plain += run;
      i += run.length;
      continue;
    }
    if (ch === "!" && text[i + 1] === "[") {
      // Images are not loaded from authored text (no third-party requests from a lesson): the alt text stands in.
      const m = IMAGE.exec(rest);
      if (m) {
        plain += m[1] ? `[${m[1]}]` : "";
        i += m[0].length;
        continue;
      }
    }
    if (ch === "[") {
      const m = LINK.exec(rest);
      if (m) {
        const href = safeHref(m[2]!);
        const label = inline(m[1]!, `${key}-${i}l`);
        push(
          href ? (
            <a
              key={`${key}-${i}`}
              href={href}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="text-indigo-800 underline"
            >
              {label}
            </a>
          ) : (
            <Fragment key={`${key}-${i}`}>{label}</Fragment>
          ),
        );
        i += m[0].length;
        continue;
      }
    }
    if ((ch === "*" || ch === "_") && text[i + 1] === ch) {
      const marker = ch + ch;
      const end = text.indexOf(marker, i + 2);
      if (end > i + 2 && text[i + 2] !== " ") {
        push(<strong key={`${key}-${i}`}>{inline(text.slice(i + 2, end), `${key}-${i}b`)}</strong>);
        i = end + 2;
        continue;
      }
    }
    if (ch === "*" || ch === "_") {
      // `_` only opens at a word's start, so snake_case names stay as they are.
      const opens = ch === "*" || i === 0 || !/[A-Za-z0-9]/.test(text[i - 1]!);
      let end = -1;
      for (let j = i + 1; opens && j < text.length; j++) {
        if (text[j] === "\\") {
          j++;
          continue;
        }
        if (text[j] === "`") break;
        if (text[j] === ch && text[j + 1] !== ch && text[j - 1] !== " ") {
          if (ch === "_" && j + 1 < text.length && /[A-Za-z0-9]/.test(text[j + 1]!)) continue;
          end = j;
          break;
        }
      }
      if (end > i + 1 && text[i + 1] !== " ") {
        push(<em key={`${key}-${i}`}>{inline(text.slice(i + 1, end), `${key}-${i}i`)}</em>);
        i = end + 1;
        continue;
      }
    }
    plain += ch;
    i += 1;
  }
  flush();
  return out;
}

// ---------------------------------------------------------------- blocks

type Block =
  | { type: "heading"; level: number; text: string }
  | { type: "paragraph"; text: string }
  | { type: "code"; lang: string; text: string }
  | { type: "list"; ordered: boolean; start: number; items: string[][] }
  | { type: "quote"; lines: string[] }
  | { type: "table"; head: string[]; rows: string[][] }
  | { type: "rule" };

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s{0,3})[-*+]\s+(.*)$/;
const NUMBERED = /^(\s{0,3})(\d{1,9})[.)]\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, "|"));

const startsBlock = (line: string, next: string | undefined) =>
  FENCE.test(line) ||
  HEADING.test(line) ||
  BULLET.test(line) ||
  NUMBERED.test(line) ||
  QUOTE.test(line) ||
  RULE.test(line) ||
  (line.includes("|") && next !== undefined && TABLE_SEPARATOR.test(next) && next.includes("-"));

function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").replace(/\t/g, "    ").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(marker)) body.push(lines[i++]!);
      i++; // the closing fence (or the end of the text)
      blocks.push({ type: "code", lang: fence[2] ?? "", text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: "heading", level: heading[1]!.length, text: heading[2]! });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: "rule" });
      i++;
      continue;
    }
    const next = lines[i + 1];
    if (line.includes("|") && next?.includes("-") && TABLE_SEPARATOR.test(next)) {
      const head = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.trim() && lines[i]!.includes("|")) rows.push(cells(lines[i++]!));
      blocks.push({ type: "table", head, rows });
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ type: "quote", lines: quoted });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = !!numbered;
      const marker = ordered ? NUMBERED : BULLET;
      const indent = (bullet ?? numbered)![1]!.length;
      const items: string[][] = [];
      while (i < lines.length) {
        const current = lines[i]!;
        const m = marker.exec(current);
        if (m && m[1]!.length <= indent + 1) {
          items.push([ordered ? m[3]! : m[2]!]);
          i++;
          continue;
        }
        if (!current.trim()) {
          // A blank line ends the list unless the next line carries on an item (indented) or starts another one.
          const after = lines[i + 1];
          if (after !== undefined && (/^\s{2,}\S/.test(after) || marker.exec(after))) {
            items[items.length - 1]!.push("");
            i++;
            continue;
          }
          break;
        }
        if (/^\s{2,}\S/.test(current)) {
          items[items.length - 1]!.push(current.replace(/^\s{2,4}/, ""));
          i++;
          continue;
        }
        // A line without indent right after an item's text carries its paragraph on (a lazy continuation).
        if (!startsBlock(current, lines[i + 1]) && items[items.length - 1]!.at(-1) !== "") {
          items[items.length - 1]!.push(current.trim());
          i++;
          continue;
        }
        break;
      }
      blocks.push({ type: "list", ordered, start: numbered ? Number(numbered[2]) : 1, items });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() && (paragraph.length === 0 || !startsBlock(lines[i]!, lines[i + 1])))
      paragraph.push(lines[i++]!.trim());
    blocks.push({ type: "paragraph", text: paragraph.join(" ") });
  }
  return blocks;
}

const HEADING_CLASS = ["text-xl font-bold", "text-lg font-bold", "text-base font-bold", "text-base font-semibold"];

function renderBlocks(blocks: Block[], key: string, headingOffset: number, tight = false): ReactNode[] {
  return blocks.map((b, n) => {
    const k = `${key}.${n}`;
    switch (b.type) {
      case "heading": {
        const level = Math.min(6, b.level + headingOffset);
        const Tag = `h${level}` as "h2";
        return (
          <Tag key={k} className={cx("mt-4 first:mt-0", HEADING_CLASS[Math.min(3, level - 2)] ?? HEADING_CLASS[3])}>
            {inline(b.text, k)}
          </Tag>
        );
      }
      case "paragraph":
        return tight ? <Fragment key={k}>{inline(b.text, k)}</Fragment> : <p key={k}>{inline(b.text, k)}</p>;
      case "code":
        return (
          <pre
            key={k}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so the keyboard must reach it.
            tabIndex={0}
            className="overflow-x-auto rounded-lg bg-slate-900 p-3 font-mono text-sm leading-relaxed text-slate-50"
            data-lang={b.lang || undefined}
          >
            <code>{b.text}</code>
          </pre>
        );
      case "rule":
        return <hr key={k} className="border-slate-200" />;
      case "quote":
        return (
          <blockquote key={k} className="space-y-2 border-l-4 border-slate-300 pl-3 text-slate-800">
            {renderBlocks(parseBlocks(b.lines.join("\n")), k, headingOffset)}
          </blockquote>
        );
      case "table":
        return (
          <div
            key={k}
            className="overflow-x-auto"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so the keyboard must reach it.
            tabIndex={0}
          >
            <table className="w-full border-collapse text-left text-sm">
              <thead>
                <tr>
                  {b.head.map((c, j) => (
                    <th key={j} scope="col" className="border-b border-slate-300 px-2 py-1 font-semibold">
                      {inline(c, `${k}h${j}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {b.rows.map((row, r) => (
                  <tr key={r} className="border-b border-slate-200">
                    {b.head.map((_, j) => (
                      <td key={j} className="px-2 py-1 align-top">
                        {inline(row[j] ?? "", `${k}r${r}c${j}`)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      case "list": {
        const items = b.items.map((lines, j) => {
          const inner = parseBlocks(lines.join("\n"));
          const single = inner.length === 1 && inner[0]!.type === "paragraph";
          return (
            <li key={j} className={single ? undefined : "space-y-2"}>
              {renderBlocks(inner, `${k}-${j}`, headingOffset, single)}
            </li>
          );
        });
        return b.ordered ? (
          <ol key={k} start={b.start === 1 ? undefined : b.start} className="list-decimal space-y-1 pl-6">
            {items}
          </ol>
        ) : (
          <ul key={k} className="list-disc space-y-1 pl-6">
            {items}
          </ul>
        );
      }
    }
    return null;
  });
}

/**
 * Markdown as React elements. `headingOffset` shifts heading levels so the text's `#` sits under the page's own
 * headings (1: `#` becomes <h2>, the default, for text shown on a page that has its <h1>).
 */
export function renderMarkdown(source: string, headingOffset = 1): ReactNode[] {
  return renderBlocks(parseBlocks(source), "md", headingOffset);
}

export function Markdown({
  source,
  headingOffset = 1,
  className,
}: {
  source: string;
  headingOffset?: number;
  className?: string;
}) {
  return (
    <div className={cx("space-y-3 leading-relaxed text-slate-900 [overflow-wrap:anywhere]", className)}>
      {renderMarkdown(source, headingOffset)}
    </div>
  );
}
