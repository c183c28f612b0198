// Which core function runs each kind of queued job, per queue: taken from the domain list.
import { queueHandlersOf } from "@pactly/core/domain";
import type { JobHandlers } from "@pactly/core/jobs";
import type { Platform, QueueName } from "@pactly/core/platform";

export const jobHandlersFor = (p: Platform, queue: QueueName): JobHandlers => queueHandlersOf(p.domains, queue);
