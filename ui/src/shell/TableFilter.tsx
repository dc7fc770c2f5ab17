import { formatCount } from "../format";

/**
 * The "Filter…" box above a table, with how many rows are left. Escape
 * clears it. The count is a polite live region, so a screen reader hears
 * how far the rows narrowed without losing its place in the box.
 */
export function TableFilter({
  id,
  label,
  query,
  onChange,
  shown,
  total,
}: {
  id: string;
  /** What is filtered, for people who cannot see the table beside the box. */
  label: string;
  query: string;
  onChange: (query: string) => void;
  shown: number;
  total: number;
}) {
  const filtering = query.trim() !== "";
  return (
    <div className="table-filter">
      <input
        type="search"
        id={id}
        className="table-filter-input"
        placeholder="Filter…"
        aria-label={label}
        value={query}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && query !== "") {
            e.preventDefault();
            onChange("");
          }
        }}
      />
      <span className="hint table-filter-count" aria-live="polite">
        {filtering ? `${formatCount(shown)} of ${formatCount(total)} shown` : ""}
      </span>
    </div>
  );
}
