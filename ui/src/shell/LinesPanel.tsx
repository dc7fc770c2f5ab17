import { useState } from "react";
import { toAppError } from "../api";
import type { DrillDown, LineChange, LineStanding, RoundingRule } from "../bindings";
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
  lineHistory,
}: {
  title: string;
  /** `null` while the lines are being read. */
  drill: DrillDown | null;
  currency: string;
  onClose?: () => void;
  /** Reads a line's recorded changes; with it, each line id opens its history. */
  lineHistory?: (lineId: number) => Promise<LineChange[]>;
}) {
  const rounding = useRounding();
  const [history, setHistory] = useState<HistoryState | null>(null);
  const openHistory = (lineId: number) => {
    if (!lineHistory) return;
    // A second click on the line already shown keeps what was read.
    setHistory((h) => (h?.lineId === lineId && h.changes !== null ? h : { lineId, changes: null, error: null }));
    lineHistory(lineId).then(
      (changes) => setHistory((h) => (h?.lineId === lineId ? { lineId, changes, error: null } : h)),
      (e: unknown) =>
        setHistory((h) => (h?.lineId === lineId ? { lineId, changes: null, error: toAppError(e).message } : h)),
    );
  };
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
                  <td className="num">
                    {lineHistory ? (
                      <button
                        type="button"
                        className="link-button line-history-open"
                        title="What has changed about this line since it was imported"
                        onClick={() => openHistory(l.id)}
                      >
                        {l.id}
                      </button>
                    ) : (
                      l.id
                    )}
                  </td>
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
      {history && <LineHistory state={history} rounding={rounding} onClose={() => setHistory(null)} />}
    </div>
  );
}

interface HistoryState {
  lineId: number;
  /** `null` while being read or after an error. */
  changes: LineChange[] | null;
  error: string | null;
}

function standingText(s: LineStanding, rounding: RoundingRule): string {
  const amount = s.amount === null ? "no amount" : formatMoney(s.amount, s.currency ?? "", rounding);
  const live = s.live ? "live" : s.replaced_by !== null ? `replaced by import #${s.replaced_by}` : "withdrawn";
  return `${s.service_code ?? "unattributed"} · ${amount} (${s.cost_basis}) · ${live}`;
}

/** One line's recorded changes: what the file said stays as imported. */
function LineHistory({
  state,
  rounding,
  onClose,
}: {
  state: HistoryState;
  rounding: RoundingRule;
  onClose: () => void;
}) {
  const { lineId, changes, error } = state;
  return (
    <section className="line-history" aria-label={`History of line ${lineId}`}>
      <header className="drill-header">
        <h3>Line {lineId}: its history</h3>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </header>
      {error !== null ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : changes === null ? (
        <p className="muted">Reading the history…</p>
      ) : changes.length === 0 ? (
        <p className="muted">Nothing has changed since it was imported; what the file said is never changed.</p>
      ) : (
        <>
          <p className="muted">
            What the file said is never changed; these are the changes to where the line stands, each made by an
            audited action.
          </p>
          <table className="data-table" id="line-history-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Action</th>
                <th>By</th>
                <th>Before</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.seq}>
                  <td>{c.at ?? "—"}</td>
                  <td>{c.action ?? "not audited"}</td>
                  <td>{c.actor ?? "—"}</td>
                  <td>{standingText(c.before, rounding)}</td>
                  <td>{standingText(c.after, rounding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
