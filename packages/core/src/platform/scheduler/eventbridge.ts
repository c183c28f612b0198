// The scheduler on EventBridge Scheduler: one-time at() schedules that delete themselves, and cron schedules.
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import { atExpression, jobEvent, type Scheduler, type ScheduleTarget } from "./port.js";

export interface EventBridgeSchedulerOptions {
  region: string;
  group: string;
  roleArn: string;
  /** The one jobs function; it dispatches on the `job` field of its input. */
  jobsFunctionArn: string;
  /** Only for tests against a local stand-in. */
  endpoint?: string;
}

export class EventBridgeScheduler implements Scheduler {
  private clientPromise: Promise<SchedulerClient> | undefined;
  constructor(private readonly options: EventBridgeSchedulerOptions) {}

  private client(): Promise<SchedulerClient> {
    this.clientPromise ??= import("@aws-sdk/client-scheduler").then(
      ({ SchedulerClient }) =>
        new SchedulerClient({
          region: this.options.region,
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        }),
    );
    return this.clientPromise;
  }

  private target(t: ScheduleTarget, name: string) {
    return {
      Arn: this.options.jobsFunctionArn,
      RoleArn: this.options.roleArn,
      Input: JSON.stringify(jobEvent(t, name)),
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
    };
  }

  private async upsert(input: {
    Name: string;
    ScheduleExpression: string;
    ScheduleExpressionTimezone: string;
    ActionAfterCompletion: "DELETE" | "NONE";
    target: ScheduleTarget;
  }) {
    const sdk = await import("@aws-sdk/client-scheduler");
    const request = {
      Name: input.Name,
      GroupName: this.options.group,
      ScheduleExpression: input.ScheduleExpression,
      ScheduleExpressionTimezone: input.ScheduleExpressionTimezone,
      FlexibleTimeWindow: { Mode: "OFF" as const },
      ActionAfterCompletion: input.ActionAfterCompletion,
      Target: this.target(input.target, input.Name),
    };
    const client = await this.client();
    try {
      await client.send(new sdk.CreateScheduleCommand(request));
    } catch (e) {
      if ((e as { name?: string }).name !== "ConflictException") throw e;
      await client.send(new sdk.UpdateScheduleCommand(request));
    }
  }

  async at(name: string, when: Date, target: ScheduleTarget): Promise<void> {
    await this.upsert({
      Name: name,
      ScheduleExpression: atExpression(when),
      ScheduleExpressionTimezone: "UTC",
      ActionAfterCompletion: "DELETE",
      target,
    });
  }

  async recurring(name: string, expression: string, timezone: string, target: ScheduleTarget): Promise<void> {
    await this.upsert({
      Name: name,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      ActionAfterCompletion: "NONE",
      target,
    });
  }

  async delete(name: string): Promise<void> {
    const { DeleteScheduleCommand } = await import("@aws-sdk/client-scheduler");
    try {
      await (await this.client()).send(new DeleteScheduleCommand({ Name: name, GroupName: this.options.group }));
    } catch (e) {
      if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
    }
  }
}
