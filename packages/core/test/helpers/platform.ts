// A Platform bound to the run's emulators, on a table and bucket of its own so test files stay independent.
import { randomUUID } from "node:crypto";
import type { DomainModule } from "../../src/domain/index.js";
import {
  type Clock,
  type Config,
  createPlatform,
  ensureTable,
  type IdGenerator,
  loadConfig,
  ManualClock,
  memoryLogger,
  type Platform,
  S3Blob,
} from "../../src/platform/index.js";
import { emulatorEndpoints } from "./emulators.js";

/** The fixed instant test clocks start from unless a test brings its own. */
export const TEST_START = "2026-01-05T09:00:00.000Z";

export interface TestPlatformOptions {
  clock?: Clock;
  ids?: IdGenerator;
  /** Reuse the table (and bucket) of another test platform, to see the same data through a second one. */
  tableName?: string;
  bucketName?: string;
  config?: Partial<Config>;
  /** The domains the platform serves (erasure steps, dashboard sections, jobs); none unless the test names them. */
  domains?: readonly DomainModule<string>[];
  /** Send DynamoDB requests through this endpoint (a counting proxy in front of the run's DynamoDB Local). */
  dynamoEndpoint?: string;
}

export interface TestPlatform {
  platform: Platform;
  /** The platform's logger; its `lines` are the JSON lines logged so far. */
  log: ReturnType<typeof memoryLogger>;
  clock: Clock;
  config: Config;
  tableName: string;
  bucketName: string;
}

/** A name no other test file uses: table and bucket names are per call, so parallel files never meet. */
const uniqueSuffix = () => randomUUID().replace(/-/g, "").slice(0, 16);

export async function testPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const emulators = emulatorEndpoints();
  const { s3Endpoint } = emulators;
  const dynamoEndpoint = options.dynamoEndpoint ?? emulators.dynamoEndpoint;
  const suffix = uniqueSuffix();
  const tableName = options.tableName ?? `t_${suffix}`;
  const bucketName = options.bucketName ?? `b-${suffix}`;
  // An empty environment: tests never depend on the shell they were started from.
  const config = loadConfig(
    {},
    {
      runtime: "local",
      stage: "test",
      region: "us-east-1",
      // Pods accept without a deposit unless a test is about deposits (and turns them on).
      depositsRequired: false,
      ...options.config,
      dynamoEndpoint,
      s3Endpoint,
      tableName,
      bucketName,
    },
  );
  const clock = options.clock ?? new ManualClock(TEST_START);
  const log = memoryLogger();
  const platform = createPlatform(config, {
    clock,
    log,
    domains: options.domains ?? [],
    ...(options.ids ? { ids: options.ids } : {}),
  });
  await ensureTable({ tableName, region: config.region, endpoint: dynamoEndpoint });
  if (platform.blob instanceof S3Blob) await platform.blob.ensureBucket();
  return { platform, log, clock, config, tableName, bucketName };
}
