// How a session's status reads, in one place for the pod page, the session page and home.
const STYLE: Record<string, string> = {
  scheduled: "bg-indigo-100 text-indigo-900",
  active: "bg-emerald-100 text-emerald-900",
  completed: "bg-slate-200 text-slate-800",
  cancelled: "bg-red-100 text-red-900",
};
const LABEL: Record<string, string> = {
  scheduled: "scheduled",
  active: "in progress",
  completed: "done",
  cancelled: "cancelled",
};

export function SessionStatus({ status }: { status: string }) {
  return (
    <span
      className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STYLE[status] ?? "bg-slate-100 text-slate-800"}`}
    >
      {LABEL[status] ?? status}
    </span>
  );
}
