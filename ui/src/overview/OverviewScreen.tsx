import { useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { GroupBy, Scope, SourceFilter, SpendReport } from "../bindings";
import { formatCount, formatMoney, formatShare, monthOf, plural } from "../format";
import { useRounding } from "../rounding";
import { ForecastTiles } from "./ForecastTiles";
import { Banners } from "../shell/Banners";
import { Welcome } from "../shell/Welcome";
import { LinesPanel } from "../shell/LinesPanel";
import { useNavigate } from "../shell/navigation";
import type { DrillDown } from "../bindings";

const GROUPINGS: readonly { id: GroupBy; label: string }[] = [
  { id: "department", label: "Department" },
  { id: "service-code", label: "Service code" },
  { id: "provider", label: "Provider" },
  { id: "model", label: "Model" },
  { id: "api-key", label: "API key" },
];

const SOURCES: readonly { id: SourceFilter; label: string }[] = [
  { id: "all", label: "Everything (showback and provider evidence)" },
  { id: "showback", label: "Finance showback only (what we are charged)" },
  { id: "provider", label: "Provider evidence only (what was used)" },
];

/** A month's spend at a glance, grouped as the person chooses. */
export function OverviewScreen({
  api,
  today,
  onOpenScope,
}: {
  api: Api;
  today?: Date;
  onOpenScope?: (scope: Scope) => void;
}) {
  const rounding = useRounding();
  const [month, setMonth] = useState(() => monthOf(today ?? new Date()));
  const [by, setBy] = useState<GroupBy>("department");
  const [source, setSource] = useState<SourceFilter>("all");
  const [report, setReport] = useState<SpendReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [empty, setEmpty] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Loading the demo changes everything on the screen: a new generation
  // fetches the tiles and the report again.
  const [generation, setGeneration] = useState(0);
  const navigate = useNavigate();
  const [selected, setSelected] = useState<string | null>(null);
  const [lines, setLines] = useState<DrillDown | null>(null);

  // A new month, grouping or source closes the lines of the old one.
  useEffect(() => {
    setSelected(null);
    setLines(null);
  }, [month, by, source, generation]);

  async function showLines(key: string) {
    setSelected(key);
    setLines(null);
    try {
      setLines(await api.spendLines({ month, by, key, source }));
    } catch (e) {
      setSelected(null);
      setError(toAppError(e).message);
    }
  }

  useEffect(() => {
    let live = true;
    api
      .isEmpty()
      .then((e) => {
        if (live) setEmpty(e);
      })
      .catch(() => {
        // Without the answer the welcome is simply not offered.
      });
    return () => {
      live = false;
    };
  }, [api, generation]);

  useEffect(() => {
    if (month === "") return;
    let live = true;
    setLoading(true);
    api
      .spendReport({ month, by, source, currency: "" })
      .then((found) => {
        if (!live) return;
        setReport(found);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setReport(null);
        setError(toAppError(e).message);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [api, month, by, source, generation]);

  const byLabel = GROUPINGS.find((g) => g.id === by)?.label ?? by;
  const totalLines = report ? report.groups.reduce((sum, g) => sum + g.lines, 0) : 0;

  return (
    <section className="screen overview-screen">
      <header className="screen-header">
        <div>
          <h1>Overview</h1>
          <p className="muted">This month against budget, and what was spent in any month.</p>
        </div>
      </header>

      <Banners error={null} notice={notice} onDismiss={() => setNotice(null)} />
      {empty && (
        <Welcome
          api={api}
          onLoaded={(message) => {
            setNotice(message);
            setGeneration((g) => g + 1);
          }}
        />
      )}

      <ForecastTiles key={generation} api={api} onOpen={onOpenScope} />

      <h2 className="section-title">Spend by month</h2>

      <div className="report-controls">
        <label className="field">
          <span className="label">Month</span>
          <input type="month" id="spend-month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">Group by</span>
          <select id="spend-by" value={by} onChange={(e) => setBy(e.target.value as GroupBy)}>
            {GROUPINGS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Which figures</span>
          <select id="spend-source" value={source} onChange={(e) => setSource(e.target.value as SourceFilter)}>
            {SOURCES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>

      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {loading && !report && <p className="muted">Adding up…</p>}

      {report && (
        <div className="report">
          {report.warnings.length > 0 && (
            <ul className="warnings report-warnings">
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <div className="table-scroll">
            <table id="spend-report" className="data-table" aria-label={`Spend in ${report.month} by ${byLabel}`}>
              <thead>
                <tr>
                  <th>{byLabel}</th>
                  <th className="num">Lines</th>
                  <th className="num">Amount ({report.currency})</th>
                </tr>
              </thead>
              <tbody>
                {report.groups.map((g) => (
                  <tr key={g.key} data-key={g.key} className={g.key === selected ? "selected" : undefined}>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Show the lines behind ${g.key}`}
                        onClick={() => void showLines(g.key)}
                      >
                        {g.key}
                      </button>
                    </td>
                    <td className="num">{formatCount(g.lines)}</td>
                    <td className="num">{formatMoney(g.amount, report.currency, rounding, false)}</td>
                  </tr>
                ))}
                {report.groups.length === 0 && (
                  <tr>
                    <td colSpan={3} className="muted empty-row">
                      No spend has been imported for {report.month}.{" "}
                      <button type="button" className="link-button" onClick={() => navigate("imports")}>
                        Import files
                      </button>
                    </td>
                  </tr>
                )}
              </tbody>
              <tfoot>
                <tr className="total-row">
                  <th scope="row">Total</th>
                  <td className="num">{formatCount(totalLines)}</td>
                  <td className="num spend-total">{formatMoney(report.total, report.currency, rounding)}</td>
                </tr>
              </tfoot>
            </table>
          </div>

          {selected !== null && (
            <LinesPanel
              title={`Lines behind ${selected} in ${report.month}`}
              drill={lines}
              currency={report.currency}
              onClose={() => setSelected(null)}
              lineHistory={api.lineHistory}
            />
          )}

          <dl className="facts report-facts">
            <dt>Not tied to a service code</dt>
            <dd className="spend-unattributed">
              {formatMoney(report.unattributed.amount, report.currency, rounding)} ({formatShare(report.unattributed.share)} of
              the total)
            </dd>
            <dt>Usage without a price</dt>
            <dd className="spend-unpriced">
              {plural(report.unpriced_lines, "line")}
              {report.unpriced_lines > 0 && <span className="muted"> (not in any sum; add prices in Settings)</span>}
            </dd>
            {report.unconverted.length > 0 && (
              <>
                <dt>Left out, no exchange rate</dt>
                <dd>
                  {report.unconverted.map((u) => formatMoney(u.amount, u.currency, rounding)).join(" · ")}
                  <span className="muted"> (add the month’s rate in Settings)</span>
                </dd>
              </>
            )}
            <dt>Exchange rates used</dt>
            <dd>
              {report.rates_used.length === 0 ? (
                <span className="muted">None</span>
              ) : (
                <ul className="plain-list">
                  {report.rates_used.map((r) => (
                    <li key={`${r.month}-${r.from}-${r.to}`}>
                      {r.month}: 1 {r.from} = {r.rate} {r.to}
                      {r.inverted && " (inverse of the recorded rate)"}
                      {r.source && <span className="muted"> — {r.source}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
