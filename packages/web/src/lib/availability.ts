// Weekly availability as hour cells (weekday 1..7 × hour 0..23) and as the API's windows ({weekday, start, end}).

export interface LocalWindow {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  start: string;
  end: string;
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export const WEEKDAYS_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** A cell's key: "weekday:hour". */
export const cellKey = (weekday: number, hour: number) => `${weekday}:${hour}`;

const hhmm = (hour: number) => `${String(hour).padStart(2, "0")}:00`;
const toMinutes = (t: string) => {
  const [h, m] = t.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Windows → the hour cells they touch (a window ending at 09:30 counts the 09:00 hour). */
export function windowsToCells(windows: readonly LocalWindow[]): Set<string> {
  const cells = new Set<string>();
  for (const w of windows) {
    const start = toMinutes(w.start);
    let end = toMinutes(w.end);
    // An end before the start runs past midnight into the next day.
    if (end <= start) end += 24 * 60;
    for (let minute = Math.floor(start / 60) * 60; minute < end; minute += 60) {
      const dayOffset = Math.floor(minute / (24 * 60));
      const weekday = ((w.weekday - 1 + dayOffset) % 7) + 1;
      cells.add(cellKey(weekday, (minute / 60) % 24));
    }
  }
  return cells;
}

/** Hour cells → one window per run of consecutive hours in a day, in weekday and time order. */
export function cellsToWindows(cells: ReadonlySet<string>): LocalWindow[] {
  const windows: LocalWindow[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    let runStart: number | null = null;
    for (let hour = 0; hour <= 24; hour++) {
      const on = hour < 24 && cells.has(cellKey(weekday, hour));
      if (on && runStart === null) runStart = hour;
      if (!on && runStart !== null) {
        windows.push({ weekday, start: hhmm(runStart), end: hour === 24 ? "24:00" : hhmm(hour) });
        runStart = null;
      }
    }
  }
  return windows;
}

export const totalHours = (cells: ReadonlySet<string>) => cells.size;

/** Quick starting points a learner can paint over. */
export const PRESETS: { id: string; label: string; cells: () => Set<string> }[] = [
  {
    id: "weekday-evenings",
    label: "Weekday evenings 18–21",
    cells: () => range([1, 2, 3, 4, 5], 18, 21),
  },
  {
    id: "weekday-mornings",
    label: "Weekday mornings 7–9",
    cells: () => range([1, 2, 3, 4, 5], 7, 9),
  },
  {
    id: "weekends",
    label: "Weekends 10–17",
    cells: () => range([6, 7], 10, 17),
  },
];

function range(days: number[], fromHour: number, toHour: number) {
  const cells = new Set<string>();
  for (const d of days) for (let h = fromHour; h < toHour; h++) cells.add(cellKey(d, h));
  return cells;
}
