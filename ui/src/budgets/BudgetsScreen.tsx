import { useCallback, useEffect, useState } from "react";
import { Banners } from "../shell/Banners";
import { ACTIVE_CODES, toAppError, type Api } from "../api";
import type {
  AnomalyReport,
  Budget,
  BudgetChange,
  Department,
  ForecastCheck,
  ForecastView,
  Readiness,
  Scope,
  ServiceCode,
} from "../bindings";
import { formatMoney, monthOf } from "../format";
import { methodLabel } from "../labels";
import { useRounding } from "../rounding";
import { EmptyState } from "../shell/EmptyState";
import { useNavigate } from "../shell/navigation";
import { SvgImage } from "../shell/SvgImage";
import { BudgetEditor } from "./BudgetEditor";
import { ForecastFigures, ScopeLines } from "./ForecastPanel";

function scopeId(scope: Scope): string {
  return `${scope.kind}:${scope.key}`;
}

function parseScope(id: string): Scope | null {
  const [kind, ...rest] = id.split(":");
  const key = rest.join(":");
  if ((kind === "department" || kind === "service_code") && key !== "") return { kind, key };
  return null;
}

/**
 * Budgets & forecast for one department or service code: the month chart
 * (cumulative actual, budget, forecast with its 80% range, the day the budget
 * runs out), the method in a sentence, the year-end forecast, alerts, the
 * budgets and their history, earlier forecasts against the actual, spikes, and
 * the chargeback-readiness checklist.
 */
export function BudgetsScreen({ api, initialScope }: { api: Api; initialScope?: Scope | null }) {
  const rounding = useRounding();
  const navigate = useNavigate();
  const [listed, setListed] = useState(false);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [codes, setCodes] = useState<ServiceCode[]>([]);
  const [scope, setScope] = useState<Scope | null>(initialScope ?? null);
  const [asOf, setAsOf] = useState("");
  const [view, setView] = useState<ForecastView | null>(null);
  const [budgets, setBudgets] = useState<Budget[]>([]);
  const [history, setHistory] = useState<BudgetChange[]>([]);
  const [checks, setChecks] = useState<ForecastCheck[]>([]);
  const [readiness, setReadiness] = useState<Readiness[]>([]);
  const [anomalies, setAnomalies] = useState<AnomalyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    Promise.all([api.listDepartments(), api.listServiceCodes(ACTIVE_CODES)])
      .then(([d, c]) => {
        setDepartments(d);
        setCodes(c);
        // A department first; with none yet, a service code still has a budget to set.
        setScope(
          (current) =>
            current ??
            (d[0] ? { kind: "department", key: d[0].name } : c[0] ? { kind: "service_code", key: c[0].code } : null),
        );
        setListed(true);
      })
      .catch((e: unknown) => setError(toAppError(e).message));
  }, [api]);

  const load = useCallback(async () => {
    if (!scope) return;
    setLoading(true);
    const target =
      scope.kind === "department" ? { department: scope.key, service_code: "" } : { department: "", service_code: scope.key };
    try {
      const [v, b, h, fc, r, a] = await Promise.all([
        api.forecastView({ ...target, as_of: asOf }),
        api.listBudgets(),
        api.budgetHistory(),
        api.forecastHistory(target.department, target.service_code),
        api.readiness(),
        api.anomalies({ as_of: asOf, days: "30", min_excess: "" }),
      ]);
      setView(v);
      setBudgets(b.filter((x) => x.scope_kind === scope.kind && x.scope === scope.key));
      setHistory(h);
      setChecks(fc);
      setReadiness(r);
      setAnomalies(a);
      setError(null);
    } catch (e) {
      setView(null);
      setError(toAppError(e).message);
    } finally {
      setLoading(false);
    }
  }, [api, scope, asOf]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  const f = view?.forecast ?? null;
  const myReadiness = scope ? readiness.find((r) => r.scope.kind === scope.kind && r.scope.key === scope.key) : undefined;
  const codesInScope = new Set(
    scope?.kind === "department" ? codes.filter((c) => c.department === scope.key).map((c) => c.code) : scope ? [scope.key] : [],
  );
  const spikes = anomalies?.anomalies.filter((a) => a.scope === "service_code" && codesInScope.has(a.key)) ?? [];

  return (
    <section className="screen budgets-screen">
      <header className="screen-header">
        <div>
          <h1>Budgets &amp; forecast</h1>
          <p className="muted">Will this land inside budget? Month-end and year-end, with an honest range.</p>
        </div>
      </header>
      <div className="report-controls">
        <label className="field">
          <span className="label">Department or service code</span>
          <select
            id="forecast-scope"
            value={scope ? scopeId(scope) : ""}
            onChange={(e) => setScope(parseScope(e.target.value))}
          >
            <optgroup label="Departments">
              {departments.map((d) => (
                <option key={d.id} value={`department:${d.name}`}>
                  {d.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Service codes">
              {codes.map((c) => (
                <option key={c.code} value={`service_code:${c.code}`}>
                  {c.code}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="field">
          <span className="label">As of (blank = today)</span>
          <input type="date" id="forecast-as-of" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
      </div>
      <Banners error={error} notice={null} />
      {listed && departments.length === 0 && codes.length === 0 && (
        <EmptyState
          id="budgets-nothing-to-budget"
          title="There is nothing to set a budget for yet."
          actions={
            <>
              <button type="button" className="primary" onClick={() => navigate("codes")}>
                Add a service code
              </button>
              <button type="button" onClick={() => navigate("imports")}>
                Import files
              </button>
            </>
          }
        >
          <p className="muted">
            A budget belongs to a department or to a service code. Add your service codes, or import finance’s showback
            workbook (its departments appear here), then come back, pick one above and enter a month or fiscal year and
            an amount.
          </p>
        </EmptyState>
      )}
      {loading && !f && <p className="muted">Forecasting…</p>}
      {f && view && (
        <div className="forecast-layout">
          <div className="card forecast-card">
            <SvgImage
              svg={view.chart_svg}
              className="forecast-chart"
              alt={`Cumulative spend in ${f.month.period}: ${formatMoney(f.month.actual_to_date, f.currency, rounding)} so far, forecast ${formatMoney(f.month.forecast, f.currency, rounding)}`}
            />
            <p className="method-sentence" id="forecast-explanation">
              {f.month.explanation}
            </p>
            <p className="muted">
              As of {f.as_of}
              {f.month.inputs.data_through && `, provider data through ${f.month.inputs.data_through}`}. {f.year.explanation}
            </p>
            <ForecastFigures forecast={f} />
            <ScopeLines api={api} forecast={f} />
            {f.alerts.length > 0 && (
              <ul className="alerts-list" aria-label="Alerts">
                {f.alerts.map((a) => (
                  <li key={`${a.period}-${a.basis}`} className={a.over_budget ? "alert over" : "alert"}>
                    {a.message}
                  </li>
                ))}
              </ul>
            )}
            {f.warnings.length > 0 && (
              <ul className="warnings">
                {f.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
          </div>
          <div className="forecast-side">
            {scope && (
              <BudgetEditor
                key={scopeId(scope)}
                api={api}
                scope={scope}
                budgets={budgets}
                history={history}
                defaultPeriod={f.month.period || monthOf(new Date())}
                onChanged={() => setRevision((r) => r + 1)}
              />
            )}
            {myReadiness && (
              <div className="card readiness" aria-label="Chargeback readiness">
                <h2>Chargeback readiness</h2>
                <p className={myReadiness.ready ? "ok-text" : "muted"}>
                  {myReadiness.ready ? "Ready to be charged back." : "Not ready yet: showback only."}
                </p>
                <ul className="plain-list checklist">
                  {myReadiness.checks.map((c) => (
                    <li key={c.item} className={c.passed ? "passed" : "failed"}>
                      <span aria-hidden="true">{c.passed ? "✓" : "✗"}</span> {c.detail}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
          <div className="card">
            <h2>Earlier forecasts against the actual</h2>
            <table className="data-table" aria-label="Forecast history">
              <thead>
                <tr>
                  <th>Month</th>
                  <th>As of</th>
                  <th>Method</th>
                  <th className="num">Forecast</th>
                  <th className="num">Actual</th>
                  <th className="num">Actual − forecast</th>
                  <th>In range</th>
                </tr>
              </thead>
              <tbody>
                {checks
                  .slice()
                  .reverse()
                  .slice(0, 24)
                  .map((k) => (
                    <tr key={`${k.period}-${k.as_of}`}>
                      <td>{k.period}</td>
                      <td>{k.as_of}</td>
                      <td>{methodLabel(k.method)}</td>
                      <td className="num">{formatMoney(k.forecast, f.currency, rounding)}</td>
                      <td className="num">{k.actual === null ? "month open" : formatMoney(k.actual, f.currency, rounding)}</td>
                      <td className="num">{formatMoney(k.variance, f.currency, rounding)}</td>
                      <td>{k.within_range === null ? "—" : k.within_range ? "yes" : "no"}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <div className="card">
            <h2>Spikes in the last 30 days</h2>
            {spikes.length === 0 ? (
              <p className="muted">No day stood out against its 28-day baseline.</p>
            ) : (
              <table className="data-table" aria-label="Spikes">
                <thead>
                  <tr>
                    <th>Day</th>
                    <th>Service code</th>
                    <th className="num">Spent</th>
                    <th className="num">Baseline</th>
                    <th>Likely driver</th>
                  </tr>
                </thead>
                <tbody>
                  {spikes.map((a) => (
                    <tr key={`${a.key}-${a.date}`}>
                      <td>{a.date}</td>
                      <td>{a.key}</td>
                      <td className="num">{formatMoney(a.amount, f.currency, rounding)}</td>
                      <td className="num">{formatMoney(a.baseline, f.currency, rounding)}</td>
                      <td>{a.driver ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
