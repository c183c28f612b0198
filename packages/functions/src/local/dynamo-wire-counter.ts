// A loopback proxy in front of DynamoDB Local that counts the requests passing through it, by operation.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

/** Operations that only read. Anything else (PutItem, UpdateItem, TransactWriteItems…) counts as a write. */
export const READ_OPERATIONS: ReadonlySet<string> = new Set([
  "GetItem",
  "BatchGetItem",
  "Query",
  "Scan",
  "TransactGetItems",
  "DescribeTable",
]);

export interface WireRequest {
  /** The `X-Amz-Target` operation, e.g. `GetItem`. */
  operation: string;
  table: string | undefined;
  /**
   * The request touches the local runtime's stand-ins kept in the table (queue, scheduler, outbox), which are SQS,
   * EventBridge Scheduler and SES in the cloud.
   */
  localStandIn: boolean;
}

const STAND_IN_KEY = /"S":"(LOCALQ#|LOCALSCHED|OUTBOX)/;

export interface WireCounter {
  /** `http://127.0.0.1:<port>`: give it to the SDK as the DynamoDB endpoint. */
  endpoint: string;
  /** Requests seen since the last `reset()`, in arrival order. */
  readonly requests: readonly WireRequest[];
  reset(): void;
  stop(): Promise<void>;
}

/** Counts of `requests` by operation, plus reads and writes. */
export function tally(requests: readonly WireRequest[]): {
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
} {
  const byOperation: Record<string, number> = {};
  for (const r of requests) byOperation[r.operation] = (byOperation[r.operation] ?? 0) + 1;
  const reads = requests.filter((r) => READ_OPERATIONS.has(r.operation)).length;
  return { reads, writes: requests.length - reads, byOperation };
}

/**
 * Starts the proxy. Each request is forwarded untouched (the SDK signs for the proxy's host, which DynamoDB Local
 * does not check) and recorded once its answer is back, so what is counted is what reached the database.
 */
export async function startWireCounter(target: string): Promise<WireCounter> {
  const upstream = new URL(target);
  let requests: WireRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const targetHeader = String(req.headers["x-amz-target"] ?? "");
      const operation = targetHeader.split(".").pop() || "unknown";
      const text = body.toString("utf8");
      let table: string | undefined;
      try {
        const parsed = JSON.parse(text) as {
          TableName?: string;
          TransactItems?: Record<string, { TableName?: string }>[];
        };
        table = parsed.TableName ?? Object.values(parsed.TransactItems?.[0] ?? {})[0]?.TableName;
        table ??= Object.keys((parsed as { RequestItems?: Record<string, unknown> }).RequestItems ?? {})[0];
      } catch {
        table = undefined;
      }
      const localStandIn = STAND_IN_KEY.test(text);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          requests.push({ operation, table, localStandIn });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", (error) => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    reset() {
      requests = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
