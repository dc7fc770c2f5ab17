import { useEffect, useState } from "react";
import { Banners } from "../shell/Banners";
import { useNavigate } from "../shell/navigation";
import { toAppError, type Api } from "../api";
import type { DrillDown, ReconcileBy, ReconcileRow, Reconciliation, RoundingRule } from "../bindings";
import { formatMoney, formatPercent, monthOf } from "../format";
import { useRounding } from "../rounding";
import { SortHeader } from "../shell/SortHeader";
import { TableFilter } from "../shell/TableFilter";
import { useSortable, type SortSpecs } from "../shell/useSortable";
import { useTableFilter } from "../shell/useTableFilter";
import { SplitPanel } from "./SplitPanel";
import { LinesPanel } from "../shell/LinesPanel";
import { SvgImage } from "../shell/SvgImage";

type Column = "key" | "showback" | "provider" | "variance" | "percent" | "status";

const COLUMNS: SortSpecs<ReconcileRow, Column> = {
  key: { kind: "text", value: (r) => r.key },
  showback: { kind: "decimal", value: (r) => r.showback },
  provider: { kind: "decimal", value: (r) => r.provider },
  variance: { kind: "decimal", value: (r) => r.variance },
  percent: { kind: "decimal", value: (r) => r.variance_percent },
  status: { kind: "text", value: (r) => statusLabel(r) },
};

function statusLabel(r: ReconcileRow): string {
  return r.dispute_candidate ? "Dispute candidate" : "Within tolerance";
}

/** The words a row shows, for the filter. */
function rowText(r: ReconcileRow, currency: string, rounding: RoundingRule): string {
  return [
    r.key,
    formatMoney(r.showback, currency, rounding, false),
    formatMoney(r.provider, currency, rounding, false),
    formatMoney(r.variance, currency, rounding, false),
    r.variance_percent === null ? "" : formatPercent(r.variance_percent),
    statusLabel(r),
  ].join(" ");
}

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
  const navigate = useNavigate();
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
  const filter = useTableFilter(result?.rows ?? [], (r) => rowText(r, c, rounding));
  const sorting = useSortable(filter.rows, COLUMNS);
  const filtering = filter.rows.length !== filter.total;
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
            {result.rows.length === 0
              ? `Nothing to compare for ${result.month} yet.`
              : result.dispute_candidates === 0
              ? `Everything finance charged for ${result.month} matches the provider evidence within tolerance.`
              : result.dispute_candidates === 1
                ? `1 row differs beyond tolerance in ${result.month}: a candidate for a dispute.`
                : `${result.dispute_candidates} rows differ beyond tolerance in ${result.month}: candidates for a dispute.`}
            {/* The tolerance only means something once there are rows to compare. */}
            {result.rows.length > 0 && (
              <>
                {" "}
                <span className="muted">
                  Tolerance: {formatPercent(result.tolerance_percent)} of the provider figure or{" "}
                  {formatMoney(result.tolerance_amount, c, rounding)}, whichever is larger.
                </span>
              </>
            )}
          </p>
          <SvgImage
            svg={result.chart_svg}
            className="reconcile-chart"
            alt={`Finance's charge against provider evidence for ${result.month}, the largest variances first`}
          />
          {result.rows.length > 0 && (
            <TableFilter
              id="reconcile-filter"
              label={`Filter the reconciliation for ${result.month}`}
              query={filter.query}
              onChange={filter.setQuery}
              shown={filter.rows.length}
              total={filter.total}
            />
          )}
          <div className="table-scroll">
            <table id="reconcile-table" className="data-table" aria-label={`Reconciliation ${result.month}`}>
              <thead>
                <tr>
                  <SortHeader column="key" sorting={sorting}>
                    {by === "service_code" ? "Service code" : "Department"}
                  </SortHeader>
                  <SortHeader column="showback" sorting={sorting} className="num">
                    Finance charged
                  </SortHeader>
                  <SortHeader column="provider" sorting={sorting} className="num">
                    Provider evidence
                  </SortHeader>
                  <SortHeader column="variance" sorting={sorting} className="num">
                    Variance
                  </SortHeader>
                  <SortHeader column="percent" sorting={sorting} className="num">
                    Variance %
                  </SortHeader>
                  <SortHeader column="status" sorting={sorting}>
                    Status
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {sorting.rows.map((r) => (
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
                    <td className="num">{r.variance_percent === null ? "—" : formatPercent(r.variance_percent)}</td>
                    <td>
                      <span className={`status-pill ${r.dispute_candidate ? "status-over" : "status-on_track"}`}>{statusLabel(r)}</span>
                    </td>
                  </tr>
                ))}
                {result.rows.length > 0 && filter.rows.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted empty-row">
                      No row matches “{filter.query.trim()}”.
                    </td>
                  </tr>
                )}
                {result.rows.length === 0 && (
                  <tr>
                    <td colSpan={6} className="empty-row next-step-cell" id="reconcile-empty">
                      <p className="muted">
                        Reconciliation sets what finance charged against what the providers say was used. It needs
                        finance’s showback workbook and a provider export (OpenAI, Anthropic, FOCUS or LiteLLM) for
                        the same month; nothing is imported for {result.month} yet.
                      </p>
                      <button type="button" className="primary" onClick={() => navigate("imports")}>
                        Import files
                      </button>
                    </td>
                  </tr>
                )}
              </tbody>
              <tfoot>
                <tr className="total-row">
                  {/* The total is the month's, whatever the filter leaves on screen. */}
                  <th scope="row">{filtering ? `Total of all rows (${c})` : `Total (${c})`}</th>
                  <td className="num">{formatMoney(result.total.showback, c, rounding, false)}</td>
                  <td className="num">{formatMoney(result.total.provider, c, rounding, false)}</td>
                  <td className="num">{formatMoney(result.total.variance, c, rounding, false)}</td>
                  <td className="num">{result.total.variance_percent === null ? "—" : formatPercent(result.total.variance_percent)}</td>
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
            <LinesPanel
              title={`Lines behind ${selected}`}
              drill={shown}
              currency={c}
              onClose={() => setSelected(null)}
              lineHistory={api.lineHistory}
            />
          )}
          <SplitPanel api={api} month={month} />
        </>
      )}
    </section>
  );
}
