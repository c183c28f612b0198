// The weekly availability grid: paint hours with a mouse or finger (drag), or with the keyboard (arrows + Space).
import { type KeyboardEvent, type PointerEvent, useRef, useState } from "react";
import { cellKey, PRESETS, WEEKDAYS, WEEKDAYS_SHORT } from "../lib/availability";
import { Button } from "./ui";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourLabel = (h: number) => `${String(h).padStart(2, "0")}:00`;

interface Props {
  value: ReadonlySet<string>;
  onChange: (cells: Set<string>) => void;
  timezone: string;
  /** Id of the element naming the grid (the step's heading). */
  labelledBy?: string;
}

export function AvailabilityGrid({ value, onChange, timezone, labelledBy }: Props) {
  const [focus, setFocus] = useState<{ day: number; hour: number }>({ day: 1, hour: 18 });
  // While a drag is on: whether it adds or removes hours (decided by the first cell touched), and the cells so far.
  const drag = useRef<{ mode: "add" | "remove"; cells: Set<string> } | null>(null);
  const cellRefs = useRef(new Map<string, HTMLButtonElement>());

  const apply = (cells: Set<string>, key: string, mode: "add" | "remove") => {
    if (mode === "add") cells.add(key);
    else cells.delete(key);
  };

  const cellAt = (x: number, y: number) => {
    const el = document.elementFromPoint(x, y)?.closest<HTMLElement>("[data-cell]");
    return el?.dataset.cell ?? null;
  };

  const onPointerDown = (e: PointerEvent<HTMLTableElement>) => {
    const key = cellAt(e.clientX, e.clientY);
    if (!key || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    const mode = value.has(key) ? "remove" : "add";
    const cells = new Set(value);
    apply(cells, key, mode);
    drag.current = { mode, cells };
    e.currentTarget.setPointerCapture(e.pointerId);
    const [d, h] = key.split(":").map(Number);
    setFocus({ day: d!, hour: h! });
    onChange(new Set(cells));
  };

  const onPointerMove = (e: PointerEvent<HTMLTableElement>) => {
    const current = drag.current;
    if (!current) return;
    const key = cellAt(e.clientX, e.clientY);
    if (!key || (current.mode === "add") === current.cells.has(key)) return;
    apply(current.cells, key, current.mode);
    onChange(new Set(current.cells));
  };

  const endDrag = () => {
    drag.current = null;
  };

  const toggle = (key: string) => {
    const cells = new Set(value);
    if (cells.has(key)) cells.delete(key);
    else cells.add(key);
    onChange(cells);
  };

  const moveFocus = (day: number, hour: number) => {
    const next = { day: Math.min(7, Math.max(1, day)), hour: Math.min(23, Math.max(0, hour)) };
    setFocus(next);
    cellRefs.current.get(cellKey(next.day, next.hour))?.focus();
    return next;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, day: number, hour: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      const next = moveFocus(day + move[0], hour + move[1]);
      // Shift + arrow paints the cell it arrives on, like dragging.
      if (e.shiftKey) {
        const cells = new Set(value);
        cells.add(cellKey(next.day, next.hour));
        onChange(cells);
      }
      return;
    }
    // Home / End jump along the row (with Ctrl: to the grid's first / last hour), as the ARIA grid pattern does.
    if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      const toEnd = e.key === "End";
      moveFocus(toEnd ? 7 : 1, e.ctrlKey ? (toEnd ? 23 : 0) : hour);
      return;
    }
    if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      toggle(cellKey(day, hour));
    }
  };

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700" id="availability-help">
        Times are in <strong>{timezone}</strong>. Drag across the hours you can usually meet, or use the arrow keys and
        press Space to mark an hour (Shift + arrows marks as you move). {value.size} hour{value.size === 1 ? "" : "s"} a
        week marked.
      </p>
      <div className="flex flex-wrap gap-2">
        {PRESETS.map((p) => (
          <Button
            key={p.id}
            variant="secondary"
            className="min-h-9 px-3 py-1 text-xs"
            onClick={() => onChange(new Set([...value, ...p.cells()]))}
          >
            + {p.label}
          </Button>
        ))}
        <Button variant="ghost" className="min-h-9 px-3 py-1 text-xs" onClick={() => onChange(new Set())}>
          Clear all
        </Button>
      </div>
      <div className="max-h-[28rem] overflow-y-auto rounded-lg ring-1 ring-slate-300">
        {/* A table of toggle buttons: one per weekday and hour. Arrow keys move between them (one tab stop). */}
        <table
          aria-labelledby={labelledBy}
          aria-describedby="availability-help"
          className="w-full table-fixed border-collapse select-none text-xs"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onLostPointerCapture={endDrag}
        >
          <thead className="sticky top-0 z-10 bg-slate-100">
            <tr>
              <th scope="col" className="w-13 p-1 text-left font-medium text-slate-600">
                <span className="sr-only">Hour</span>
              </th>
              {WEEKDAYS_SHORT.map((d, i) => (
                <th key={d} scope="col" className="p-1 font-semibold text-slate-800">
                  <abbr title={WEEKDAYS[i]} className="no-underline">
                    {d}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {HOURS.map((hour) => (
              <tr key={hour}>
                <th scope="row" className="p-1 text-left font-normal tabular-nums text-slate-600">
                  {hourLabel(hour)}
                </th>
                {WEEKDAYS.map((dayName, i) => {
                  const day = i + 1;
                  const key = cellKey(day, hour);
                  const on = value.has(key);
                  const focused = focus.day === day && focus.hour === hour;
                  return (
                    <td key={key} className="border border-white p-0">
                      <button
                        type="button"
                        ref={(el) => {
                          if (el) cellRefs.current.set(key, el);
                          else cellRefs.current.delete(key);
                        }}
                        data-cell={key}
                        tabIndex={focused ? 0 : -1}
                        aria-pressed={on}
                        aria-label={`${dayName} ${hourLabel(hour)} to ${hourLabel((hour + 1) % 24)}`}
                        onKeyDown={(e) => onKeyDown(e, day, hour)}
                        onFocus={() => setFocus({ day, hour })}
                        // Pointers paint through the table's handlers; a click with no pointer behind it (detail 0)
                        // comes from a screen reader's virtual cursor and toggles the hour.
                        onClick={(e) => {
                          if (e.detail === 0) toggle(key);
                        }}
                        className={[
                          "block h-7 w-full cursor-pointer touch-none",
                          "focus:outline-3 focus:-outline-offset-3 focus:outline-amber-500",
                          on
                            ? "bg-indigo-600"
                            : hour % 2
                              ? "bg-slate-100 hover:bg-indigo-100"
                              : "bg-slate-50 hover:bg-indigo-100",
                        ].join(" ")}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
