import type { DrillDown } from "../bindings";
import { formatCount, formatMoney, plural } from "../format";
import { useRounding } from "../rounding";

/**
 * The lines behind a total: each with its source file (SHA-256 on hover),
 * sheet and row, the amount as recorded and in the base currency, under the
 * per-side counts and sums.
 */
export function LinesPanel({
  title,
  drill,
  currency,
  onClose,
}: {
  title: string;
  /** `null` while the lines are being read. */
  drill: DrillDown | null;
  currency: string;
  onClose?: () => void;
}) {
  const rounding = useRounding();
  return (
    <div className="card drill-down" role="region" aria-label={title}>
      <header className="drill-header">
        <h2>{title}</h2>
        {onClose && (
          <button type="button" className="link-button" onClick={onClose}>
            Close
          </button>
        )}
      </header>
      {drill !== null && (
        <p className="muted drill-totals">
          {drill.totals
            .filter((t) => t.lines > 0)
            .map(
              (t) =>
                `${t.side === "showback" ? "Finance" : "Provider"}: ${plural(t.lines, "line")}, ${formatMoney(t.amount, currency, rounding)}`,
            )
            .join(" · ")}
          {drill.more > 0 && ` · the first ${formatCount(drill.lines.length)} are listed`}
        </p>
      )}
      {drill === null ? (
        <p className="muted">Reading the lines…</p>
      ) : drill.lines.length === 0 ? (
        <p className="muted">No lines.</p>
      ) : (
        <div className="table-scroll drill-scroll">
          <table className="data-table" id="drill-table">
            <thead>
              <tr>
                <th className="num">Id</th>
                <th>Side</th>
                <th>Day</th>
                <th>File</th>
                <th>Sheet / row</th>
                <th>Item</th>
                <th className="num">Amount</th>
                <th className="num">In {currency}</th>
              </tr>
            </thead>
            <tbody>
              {drill.lines.map((l) => (
                <tr key={l.id} data-side={l.side}>
                  <td className="num">{l.id}</td>
                  <td>{l.side === "showback" ? "Finance" : "Provider"}</td>
                  <td>{l.period_start}</td>
                  <td className="file-cell" title={`SHA-256 ${l.sha256}`}>
                    {l.file_name}
                  </td>
                  <td>{l.sheet === l.file_name ? `line ${l.row}` : `${l.sheet} · row ${l.row}`}</td>
                  <td>{l.line_item ?? l.model ?? "—"}</td>
                  <td className="num">
                    {l.amount === null ? "unpriced" : formatMoney(l.amount, l.currency ?? "", rounding)}
                  </td>
                  <td className="num">{formatMoney(l.converted, currency, rounding, false)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
