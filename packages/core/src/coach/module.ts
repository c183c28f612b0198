// The coach domain's module: the coach queue's two job kinds (agenda, notes), the sweep that queues each session's
// agenda a day before it starts, its export section and its erasure step (listed before pods: it finds the learner's pods through them).
import { defineDomain } from "../domain/index.js";

const impl = () => import("./jobs.js");

export const coachDomain = defineDomain({
  name: "coach",
  jobs: {
    "coach.agendas-due": async (p) => {
      await (await impl()).queueDueAgendas(p);
    },
  },
  schedules: [
    {
      name: "coach-agendas-due",
      expression: "rate(15 minutes)",
      timezone: "UTC",
      job: "coach.agendas-due",
      payload: {},
    },
  ],
  exportSection: async (p, userId) => (await import("./export.js")).coachExport(p, userId),
  erase: async (p, userId, ctx) => (await import("./erasure.js")).eraseFromCoachDocs(p, userId, ctx),
  queueJobs: {
    coach: {
      "coach.agenda": async (p, job) => (await impl()).runCoachJob(p, job),
      "coach.notes": async (p, job) => (await impl()).runCoachJob(p, job),
    },
  },
});
