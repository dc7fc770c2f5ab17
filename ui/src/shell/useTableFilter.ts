import { useState } from "react";

/** Lower-cased, accents kept, every kind of space (French digit groups use a narrow no-break space) made one plain space. */
function normalise(text: string): string {
  return text.toLocaleLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Whether a row's visible text contains every word of the query, in any
 * order and any case: "openai oct" finds "openai-costs-oct26.csv".
 */
export function matchesFilter(text: string, query: string): boolean {
  const words = normalise(query).split(" ").filter((w) => w !== "");
  if (words.length === 0) return true;
  const haystack = normalise(text);
  return words.every((w) => haystack.includes(w));
}

/**
 * A text filter over a table's rows. `text` gives the words a row shows
 * (formatted as on screen, so what the person reads is what they can type).
 */
export function useTableFilter<T>(rows: readonly T[], text: (row: T) => string) {
  const [query, setQuery] = useState("");
  const shown = query.trim() === "" ? [...rows] : rows.filter((row) => matchesFilter(text(row), query));
  return { query, setQuery, rows: shown, total: rows.length };
}
