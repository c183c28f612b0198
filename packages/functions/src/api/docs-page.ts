// A self-contained HTML page describing the API from its OpenAPI document: no CDN, so it works offline too.

type Schema = Record<string, unknown>;
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}
interface Document {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const METHODS = ["get", "post", "put", "patch", "delete"];

export function renderDocsPage(doc: Document): string {
  const groups = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> <em>${esc(p.in)}${p.required ? ", required" : ""}</em>${p.description ? ` — ${esc(p.description)}` : ""}</li>`,
        )
        .join("");
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(([code, r]) => {
          const schema = r.content?.["application/json"]?.schema;
          return `<li><strong>${esc(code)}</strong> ${esc(r.description ?? "")}${schema ? `<details><summary>schema</summary><pre>${esc(JSON.stringify(schema, null, 2))}</pre></details>` : ""}</li>`;
        })
        .join("");
      const html = `<article id="${esc(`${method}-${path}`)}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code>${op.security?.length ? ' <span class="lock" title="needs a bearer token">🔒</span>' : ""}</h3>
  ${op.summary ? `<p>${esc(op.summary)}</p>` : ""}${op.description ? `<p class="d">${esc(op.description)}</p>` : ""}
  ${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ""}
  ${body ? `<h4>Body</h4><details open><summary>application/json</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ""}
  <h4>Responses</h4><ul>${responses}</ul>
</article>`;
      groups.set(tag, [...(groups.get(tag) ?? []), html]);
    }
  }
  const sections = [...groups.entries()]
    .map(([tag, ops]) => `<section><h2>${esc(tag)}</h2>${ops.join("\n")}</section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:1rem;color:#1f2937}
h1{margin-bottom:0}h2{border-bottom:1px solid #e5e7eb;padding-bottom:.25rem;margin-top:2rem}
article{border:1px solid #e5e7eb;border-radius:8px;padding:.5rem 1rem;margin:.75rem 0}
h3{font-size:1rem;margin:.5rem 0}h4{margin:.5rem 0 .25rem;font-size:.9rem;color:#4b5563}
.m{display:inline-block;min-width:4rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.get{background:#2563eb}.post{background:#059669}.put,.patch{background:#d97706}.delete{background:#dc2626}
pre{background:#f9fafb;padding:.5rem;overflow:auto;font-size:.8rem}.d{color:#4b5563}
</style></head><body>
<h1>${esc(doc.info.title)}</h1><p>Version ${esc(doc.info.version)} · <a href="/openapi.json">openapi.json</a></p>
${doc.info.description ? `<p>${esc(doc.info.description)}</p>` : ""}
${sections}
</body></html>`;
}
