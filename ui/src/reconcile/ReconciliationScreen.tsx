import { useEffect, useState } from "react";
import { Banners } from "../shell/Banners";
import { toAppError, type Api } from "../api";
import type { DrillDown, ReconcileBy, Reconciliation } from "../bindings";
import { formatMoney, monthOf } from "../format";
import { useRounding } from "../rounding";
import { SplitPanel } from "./SplitPanel";

function previousMonth(today: Date): string {
  return monthOf(new Date(today.getFullYear(), today.getMonth() - 1, 1));
}

/**
 * Finance's showback against the providers' evidence for a month, per service
 * code or department, with variances beyond tolerance marked as dispute
 * candidates and the lines on both sides one click away.
 */
export function ReconciliationScreen({ api, today }: { api: Api; today?: Date }) {
  const rounding = useRounding();
  const [month, setMonth] = useState(() => previousMonth(today ?? new Date()));
  const [by, setBy] = useState<ReconcileBy>("service_code");
  const [result, setResult] = useState<Reconciliation | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [shown, setShown] = useState<DrillDown | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (month === "") return;
    let live = true;
    setSelected(null);
    setShown(null);
    api
      .reconcile({ month, by: by === "service_code" ? "service-code" : "department", department: "" })
      .then((r) => {
        if (!live) return;
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setResult(null);
        setError(toAppError(e).message);
      });
    return () => {
      live = false;
    };
  }, [api, month, by]);

  async function drill(key: string) {
    setSelected(key);
    setShown(null);
    try {
      setShown(
        await api.reconcileLines({ month, by: by === "service_code" ? "service-code" : "department", key, department: "" }),
      );
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  const c = result?.currency ?? "";
  return (
    <section className="screen reconciliation-screen">
      <header className="screen-header">
        <div>
          <h1>Reconciliation</h1>
          <p className="muted">Is what finance charged what the providers say was used?</p>
        </div>
      </header>
      <div className="report-controls">
        <label className="field">
          <span className="label">Month</span>
          <input type="month" id="reconcile-month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">Rows per</span>
          <select id="reconcile-by" value={by} onChange={(e) => setBy(e.target.value as ReconcileBy)}>
            <option value="service_code">Service code</option>
            <option value="department">Department</option>
          </select>
        </label>
      </div>
      <Banners error={error} notice={null} />
      {result && (
        <>
          <p className="accounting-sentence" id="reconcile-summary">
            {result.dispute_candidates === 0
              ? `Everything finance charged for ${result.month} matches the provider evidence within tolerance.`
              : `${result.dispute_candidates} row${result.dispute_candidates === 1 ? "" : "s"} differ beyond tolerance in ${result.month}: candidates for a dispute.`}{" "}
            <span className="muted">
              Tolerance: {result.tolerance_percent}% of the provider figure or {formatMoney(result.tolerance_amount, c, rounding)}, whichever
              is larger.
            </span>
          </p>
          <div className="table-scroll">
            <table id="reconcile-table" className="data-table" aria-label={`Reconciliation ${result.month}`}>
              <thead>
                <tr>
                  <th>{by === "service_code" ? "Service code" : "Department"}</th>
                  <th className="num">Finance charged</th>
                  <th className="num">Provider evidence</th>
                  <th className="num">Variance</th>
                  <th className="num">Variance %</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr
                    key={r.key}
                    data-key={r.key}
                    className={`${r.dispute_candidate ? "variance-beyond" : "variance-within"}${selected === r.key ? " selected" : ""}`}
                  >
                    <td>
                      <button type="button" className="link-button" onClick={() => void drill(r.key)}>
                        {r.key}
                      </button>
                    </td>
                    <td className="num">{formatMoney(r.showback, c, rounding, false)}</td>
                    <td className="num">{formatMoney(r.provider, c, rounding, false)}</td>
                    <td className="num variance">{formatMoney(r.variance, c, rounding, false)}</td>
                    <td className="num">{r.variance_percent === null ? "—" : `${r.variance_percent}%`}</td>
                    <td>
                      {r.dispute_candidate ? (
                        <span className="status-pill status-over">Dispute candidate</span>
                      ) : (
                        <span className="status-pill status-on_track">Within tolerance</span>
                      )}
                    </td>
                  </tr>
                ))}
                {result.rows.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted empty-row">
                      Nothing is imported for {result.month}.
                    </td>
                  </tr>
                )}
              </tbody>
              <tfoot>
                <tr className="total-row">
                  <th scope="row">Total ({c})</th>
                  <td className="num">{formatMoney(result.total.showback, c, rounding, false)}</td>
                  <td className="num">{formatMoney(result.total.provider, c, rounding, false)}</td>
                  <td className="num">{formatMoney(result.total.variance, c, rounding, false)}</td>
                  <td className="num">{result.total.variance_percent === null ? "—" : `${result.total.variance_percent}%`}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
          {(result.warnings.length > 0 || result.rates_used.length > 0) && (
            <ul className="plain-list muted">
              {result.rates_used.map((r) => (
                <li key={`${r.from}-${r.to}`}>
                  Converted at 1 {r.from} = {r.rate} {r.to} ({r.month}, {r.source})
                </li>
              ))}
              {result.warnings.map((w) => (
                <li key={w} className="warnings">
                  {w}
                </li>
              ))}
            </ul>
          )}
          {selected && (
            <div className="card drill-down" aria-label={`Lines behind ${selected}`}>
              <h2>Lines behind {selected}</h2>
              {shown !== null && (
                <p className="muted drill-totals">
                  {shown.totals
                    .map(
                      (t) =>
                        `${t.side === "showback" ? "Finance" : "Provider"}: ${t.lines} line${t.lines === 1 ? "" : "s"}, ${formatMoney(t.amount, c, rounding)}`,
                    )
                    .join(" · ")}
                </p>
              )}
              {shown === null ? (
                <p className="muted">Reading the lines…</p>
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
                        <th className="num">In {c}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.lines.map((l) => (
                        <tr key={l.id} data-side={l.side}>
                          <td className="num">{l.id}</td>
                          <td>{l.side === "showback" ? "Finance" : "Provider"}</td>
                          <td>{l.period_start}</td>
                          <td className="file-cell" title={`SHA-256 ${l.sha256}`}>
                            {l.file_name}
                          </td>
                          <td>{l.sheet === l.file_name ? `line ${l.row}` : `${l.sheet} · row ${l.row}`}</td>
                          <td>{l.line_item ?? l.model ?? "—"}</td>
                          <td className="num">{l.amount === null ? "unpriced" : formatMoney(l.amount, l.currency ?? "", rounding)}</td>
                          <td className="num">{formatMoney(l.converted, c, rounding, false)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          )}
          <SplitPanel api={api} month={month} />
        </>
      )}
    </section>
  );
}
