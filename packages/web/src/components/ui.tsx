// The small set of building blocks every page uses: buttons, fields, cards, notices, loading and empty states.
import { type ComponentProps, type ReactNode, useId } from "react";
import { Link } from "react-router";
import type { ApiError } from "../api/errors";

const cx = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(" ");

type Variant = "primary" | "secondary" | "danger" | "ghost";
const VARIANTS: Record<Variant, string> = {
  primary: "bg-indigo-700 text-white hover:bg-indigo-800 disabled:bg-indigo-300",
  secondary: "bg-white text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-100 disabled:text-slate-400",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-300",
  ghost: "text-indigo-800 hover:bg-indigo-50 disabled:text-slate-400",
};

export const buttonClass = (variant: Variant = "primary", extra?: string) =>
  cx(
    "inline-flex min-h-11 items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold",
    "focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed",
    VARIANTS[variant],
    extra,
  );

export function Button({
  variant = "primary",
  pending,
  className,
  children,
  ...props
}: ComponentProps<"button"> & { variant?: Variant; pending?: boolean }) {
  return (
    <button
      type="button"
      {...props}
      disabled={props.disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClass(variant, className)}
    >
      {pending && <Spinner />}
      {children}
    </button>
  );
}

export function Spinner({ label }: { label?: string }) {
  const wheel = (
    <span
      aria-hidden="true"
      className="inline-block size-4 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none"
    />
  );
  if (!label) return wheel;
  return (
    <span role="status">
      {wheel}
      <span className="sr-only">{label}</span>
    </span>
  );
}

const inputClass =
  "block w-full min-h-11 rounded-lg border-0 bg-white px-3 py-2 text-base text-slate-900 ring-1 ring-inset ring-slate-400 placeholder:text-slate-500 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-[invalid=true]:ring-red-600";

interface FieldShell {
  label: string;
  hint?: ReactNode;
  error?: string;
}

function FieldFrame({ id, label, hint, error, children }: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, f: FieldShell) =>
  [f.hint && `${id}-hint`, f.error && `${id}-error`].filter(Boolean).join(" ") || undefined;

export function TextField({ label, hint, error, className, ...props }: FieldShell & ComponentProps<"input">) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        {...props}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        className={cx(inputClass, className)}
      />
    </FieldFrame>
  );
}

export function TextArea({ label, hint, error, className, ...props }: FieldShell & ComponentProps<"textarea">) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        {...props}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        className={cx(inputClass, "min-h-24", className)}
      />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  className,
  children,
  ...props
}: FieldShell & ComponentProps<"select">) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        {...props}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        className={cx(inputClass, "pr-8", className)}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

/** A group of radio cards: each option a big, tappable choice with a short explanation. */
export function ChoiceGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T | undefined;
  options: { value: T; label: string; description?: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 text-sm font-medium text-slate-800">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((o) => (
          <label
            key={o.value}
            className={cx(
              "flex cursor-pointer gap-3 rounded-lg bg-white p-3 ring-1 ring-inset",
              "has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-indigo-600",
              value === o.value ? "ring-2 ring-indigo-700 bg-indigo-50" : "ring-slate-300 hover:bg-slate-50",
            )}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className="mt-1 size-4 accent-indigo-700"
            />
            <span>
              <span className="block font-medium">{o.label}</span>
              {o.description && <span className="block text-sm text-slate-600">{o.description}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Checkbox({ label, hint, ...props }: { label: string; hint?: string } & ComponentProps<"input">) {
  const id = useId();
  return (
    <div className="flex gap-3">
      <input
        {...props}
        id={id}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 size-5 shrink-0 accent-indigo-700"
      />
      <div>
        <label htmlFor={id} className="font-medium text-slate-900">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-sm text-slate-600">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

export function Card({ className, children, ...props }: ComponentProps<"section">) {
  return (
    <section {...props} className={cx("rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6", className)}>
      {children}
    </section>
  );
}

/**
 * An API error as the user sees it: what happened and, for a fault on our side, the request id to quote when asking
 * for help. A refusal whose every problem is already shown next to its field (`shownFields`: those fields' paths;
 * a path covers the paths under it) needs no banner on top, so it shows none.
 */
export function ErrorNotice({
  error,
  title,
  shownFields,
}: {
  error: ApiError | undefined;
  title?: string;
  shownFields?: readonly string[];
}) {
  if (!error) return null;
  const issues = error.issues();
  const covered = (path: string) => shownFields?.some((f) => path === f || path.startsWith(`${f}.`)) ?? false;
  const elsewhere = issues.filter((i) => !covered(i.path));
  if (shownFields && issues.length > 0 && elsewhere.length === 0) return null;
  const fault = error.status >= 500;
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {title && <p className="font-semibold">{title}</p>}
      <p>
        {issues.length > 0 && error.code === "validation.failed" ? "Some answers need another look." : error.message}
      </p>
      {shownFields && elsewhere.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {elsewhere.map((i) => (
            <li key={i.path}>{i.message}</li>
          ))}
        </ul>
      )}
      {error.code === "account.suspended" && (
        <p className="mt-1">
          <Link to="/account/standing" className="font-semibold underline">
            See your account standing and appeal
          </Link>
        </p>
      )}
      {fault && error.requestId && (
        <p className="mt-1 text-xs text-red-800">
          Request id: <code className="font-mono select-all">{error.requestId}</code>
        </p>
      )}
    </div>
  );
}

export function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "success" | "warning" }) {
  const tones = {
    info: "border-indigo-200 bg-indigo-50 text-indigo-950",
    success: "border-emerald-300 bg-emerald-50 text-emerald-950",
    warning: "border-amber-300 bg-amber-50 text-amber-950",
  };
  return (
    <div role="status" className={cx("rounded-lg border p-3 text-sm", tones[tone])}>
      {children}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="flex items-center gap-3 py-8 text-slate-700" role="status" aria-live="polite">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-xl border-2 border-dashed border-slate-300 p-6 text-center">
      <p className="font-semibold text-slate-900">{title}</p>
      {children && <div className="mt-2 space-y-3 text-sm text-slate-700">{children}</div>}
    </div>
  );
}

/** The page's heading: route changes move focus here, so screen readers announce the new page. */
export function PageTitle({ children, subtitle }: { children: ReactNode; subtitle?: ReactNode }) {
  return (
    <header className="mb-6 space-y-1">
      <h1
        tabIndex={-1}
        data-page-title
        className="text-2xl font-bold tracking-tight text-slate-950 focus:outline-none sm:text-3xl"
      >
        {children}
      </h1>
      {subtitle && <p className="text-slate-700">{subtitle}</p>}
    </header>
  );
}
