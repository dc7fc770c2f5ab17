import type { ReactNode } from "react";
import type { SortState } from "./useSortable";

/**
 * A column header whose label is a button: click to sort ascending, again for
 * descending. The <th> carries `aria-sort` while it is the sorted column, so
 * screen readers announce the order; the arrow is only for the eye.
 */
export function SortHeader<K extends string>({
  column,
  sorting,
  className,
  children,
}: {
  column: K;
  sorting: { sort: SortState<K> | null; toggle: (key: K) => void };
  className?: string;
  children: ReactNode;
}) {
  const active = sorting.sort !== null && sorting.sort.key === column ? sorting.sort.direction : undefined;
  return (
    <th scope="col" className={className} aria-sort={active}>
      <button type="button" className="sort-button" data-sort={column} onClick={() => sorting.toggle(column)}>
        {children}
        <span className={active ? "sort-indicator active" : "sort-indicator"} aria-hidden="true">
          {active === "ascending" ? "▲" : active === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </th>
  );
}
