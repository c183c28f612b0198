// A local OpenAI-compatible server on 127.0.0.1: `/chat/completions` answers with whatever the test's `reply`
// returns for the request, `/embeddings` with the test's vectors. It records every request it got.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  [k: string]: unknown;
}

export interface LlmServer {
  url: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

export async function startLlmServer(opts: {
  reply: (req: ChatRequest, n: number) => string;
  embed?: (input: string) => number[];
  status?: () => number;
  /** Token usage to report with every completion, as OpenAI does. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}): Promise<LlmServer> {
  const requests: ChatRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const parsed = JSON.parse(body || "{}");
      const status = opts.status?.() ?? 200;
      res.setHeader("content-type", "application/json");
      if (status !== 200) {
        res.statusCode = status;
        res.end(JSON.stringify({ error: { message: "failure" } }));
        return;
      }
      if (req.url?.endsWith("/embeddings")) {
        const inputs: string[] = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
        res.end(
          JSON.stringify({
            data: inputs.map((t, index) => ({ index, embedding: (opts.embed ?? (() => [0, 0, 1]))(t) })),
          }),
        );
        return;
      }
      requests.push(parsed);
      const content = opts.reply(parsed, requests.length);
      res.end(
        JSON.stringify({
          id: "x",
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content } }],
          ...(opts.usage ? { usage: opts.usage } : {}),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
