// Adapters whose code loads on their first call. A function builds every port when it starts, but a request uses
// one or two of them: S3, Stripe, SES, SQS, the Scheduler or the model are read and compiled when a request first
// reaches them, not at every cold start.

/** The keys of T whose values are functions returning a promise. */
type AsyncMethods<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/** Loads once; a failed load is tried again on the next call rather than remembered. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

/**
 * An object with the named async methods of T, each calling the adapter `get` loads. Naming the methods in an object
 * (`{ put: true, … }`) lets the compiler check that none of the port's is left out where the result is typed as the
 * port.
 */
export function lazyAdapter<T extends object, K extends AsyncMethods<T>>(
  get: () => Promise<T>,
  methods: Record<K, true>,
): Pick<T, K> {
  const adapter = {} as Record<K, unknown>;
  for (const name of Object.keys(methods) as K[]) {
    adapter[name] = async (...args: unknown[]) => {
      const target = await get();
      return (target[name] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
    };
  }
  return adapter as Pick<T, K>;
}
