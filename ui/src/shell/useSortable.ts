import { useCallback, useState } from "react";
import { compareDecimal, formatLocale } from "../format";

export type SortDirection = "ascending" | "descending";

/** The column a table is sorted by, and which way. */
export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

/**
 * How one column sorts. Amounts are the engine's exact decimal strings and
 * compare on their digits; text compares the way the person's language
 * orders words (with numbers inside text in numeric order); dates, months and
 * RFC 3339 timestamps are ISO-like, so their text order is time order.
 */
export type SortSpec<T> =
  | { kind: "decimal" | "text" | "date"; value: (row: T) => string | null | undefined }
  | { kind: "number"; value: (row: T) => number | null | undefined }
  | {
      kind: "custom";
      compare: (a: T, b: T) => number;
      /** Rows with nothing to compare, kept at the bottom like empty cells. */
      missing?: (row: T) => boolean;
    };

export type SortSpecs<T, K extends string> = Record<K, SortSpec<T>>;

const collators = new Map<string, Intl.Collator>();

function collator(): Intl.Collator {
  const locale = formatLocale();
  let found = collators.get(locale);
  if (!found) {
    try {
      found = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
    } catch {
      found = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    }
    collators.set(locale, found);
  }
  return found;
}

/** Text in the person's language order (what localeCompare does, with a cached collator). */
export function compareText(a: string, b: string): number {
  return collator().compare(a, b);
}

function missing(value: string | number | null | undefined): value is null | undefined | "" {
  return value === null || value === undefined || value === "" || (typeof value === "number" && Number.isNaN(value));
}

/**
 * `rows` in the order `sort` asks for; a new array, the input untouched.
 * Rows without a value in the column stay at the bottom whichever way the
 * column is sorted (an empty cell is not "smallest"), and rows that tie keep
 * the order the engine gave them.
 */
export function sortRows<T, K extends string>(rows: readonly T[], specs: SortSpecs<T, K>, sort: SortState<K> | null): T[] {
  const copy = [...rows];
  if (sort === null) return copy;
  const spec = specs[sort.key];
  const sign = sort.direction === "ascending" ? 1 : -1;
  const keyed = copy.map((row, index) => ({
    row,
    index,
    value: spec.kind === "custom" ? null : spec.value(row),
    missing: spec.kind === "custom" ? (spec.missing?.(row) ?? false) : missing(spec.value(row)),
  }));
  keyed.sort((a, b) => {
    if (a.missing || b.missing) return a.missing === b.missing ? a.index - b.index : a.missing ? 1 : -1;
    let order: number;
    if (spec.kind === "custom") order = spec.compare(a.row, b.row);
    else if (spec.kind === "number") order = (a.value as number) - (b.value as number);
    else if (spec.kind === "decimal") order = compareDecimal(a.value as string, b.value as string);
    else if (spec.kind === "text") order = compareText(a.value as string, b.value as string);
    else order = a.value! < b.value! ? -1 : a.value! > b.value! ? 1 : 0;
    return order === 0 ? a.index - b.index : sign * order;
  });
  return keyed.map((k) => k.row);
}

/** What a sortable table needs: its rows in order, the sort, and the header's click. */
export interface Sortable<T, K extends string> {
  rows: T[];
  sort: SortState<K> | null;
  /** A new column sorts ascending; the same column again flips the direction. */
  toggle: (key: K) => void;
  /** The header's `aria-sort`: only the sorted column carries one. */
  ariaSort: (key: K) => SortDirection | undefined;
}

/**
 * Client-side sorting for a table the engine already ordered sensibly:
 * until a header is clicked the rows keep the engine's order.
 */
export function useSortable<T, K extends string>(
  rows: readonly T[],
  specs: SortSpecs<T, K>,
  initial: SortState<K> | null = null,
): Sortable<T, K> {
  const [sort, setSort] = useState<SortState<K> | null>(initial);
  const toggle = useCallback(
    (key: K) =>
      setSort((current) =>
        current !== null && current.key === key
          ? { key, direction: current.direction === "ascending" ? "descending" : "ascending" }
          : { key, direction: "ascending" },
      ),
    [],
  );
  // Sorted on every render: these tables hold hundreds of rows at most, and
  // the specs (often written inline) may read state that changed.
  return {
    rows: sortRows(rows, specs, sort),
    sort,
    toggle,
    ariaSort: (key: K) => (sort !== null && sort.key === key ? sort.direction : undefined),
  };
}
