// The outbox dispatcher: DynamoDB stream records of new outbox effects, each delivered once (see core's effects.ts).
// The same handler serves the cloud (a Lambda on the table's stream) and the local runtime (its stream runner).
import { continueTrace, deliverEffect, EFFECT_TYPE, type Platform, parseCarrier } from "@pactly/core/platform";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

/** The id of the outbox effect a record inserts, if it is one. */
export function insertedEffectId(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || image?.type?.S !== EFFECT_TYPE) return undefined;
  return image.id?.S;
}

/** The trace the effect was written in (its `trace` map), so even a failed hand-over logs under it. */
function traceOf(record: DynamoDBRecord) {
  const m = record.dynamodb?.NewImage?.trace?.M;
  return m ? parseCarrier({ traceId: m.traceId?.S, parentSpanId: m.parentSpanId?.S, xray: m.xray?.S }) : undefined;
}

/**
 * Delivers each inserted effect. A failed delivery is recorded on the effect itself (retried by the sweep), so a
 * record only fails here when the store could not be reached; then it and the ones after it are reported back for
 * the stream to retry, in order.
 */
export function effectStreamHandler(p: Platform) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const sequence = record.dynamodb?.SequenceNumber ?? "";
      if (batchItemFailures.length > 0) {
        batchItemFailures.push({ itemIdentifier: sequence });
        continue;
      }
      const id = insertedEffectId(record);
      if (!id) continue;
      await continueTrace(traceOf(record), async () => {
        try {
          await deliverEffect(p, id);
        } catch (error) {
          p.log.warn("effect not delivered from the stream; the sweep or a retry will", { effectId: id, error });
          batchItemFailures.push({ itemIdentifier: sequence });
        }
      });
    }
    return { batchItemFailures };
  };
}
