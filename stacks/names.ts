// Names fixed ahead of deployment, so functions can point at the jobs function and the scheduler role without
// referencing them (the jobs function itself schedules work, and must not reference its own ARN).
import { ArnFormat, type Stack } from "aws-cdk-lib";
import type { App } from "sst/constructs";

/** EventBridge Scheduler group holding every schedule of a stage. */
export const schedulerGroupName = (app: App) => `pactly-${app.stage}`;
export const jobsFunctionName = (app: App) => app.logicalPrefixedName("jobs");
export const schedulerRoleName = (app: App) => app.logicalPrefixedName("scheduler");

export function jobsFunctionArn(scope: Stack, app: App): string {
  return scope.formatArn({
    service: "lambda",
    resource: "function",
    resourceName: jobsFunctionName(app),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export function schedulerRoleArn(scope: Stack, app: App): string {
  return scope.formatArn({ service: "iam", region: "", resource: "role", resourceName: schedulerRoleName(app) });
}

/** Every schedule in the stage's group: what the app may create, update and delete. */
export function schedulesArn(scope: Stack, app: App): string {
  return scope.formatArn({ service: "scheduler", resource: "schedule", resourceName: `${schedulerGroupName(app)}/*` });
}
