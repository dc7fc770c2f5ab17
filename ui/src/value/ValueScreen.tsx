import { useCallback, useEffect, useState } from "react";
import { Banners } from "../shell/Banners";
import { ACTIVE_CODES, toAppError, type Api } from "../api";
import type { Hypothesis, MonthMeasure, Portfolio, PortfolioPoint, Reviews, ServiceCode, ValueView } from "../bindings";
import { formatMoney, formatWhen } from "../format";
import { useRounding } from "../rounding";
import { EmptyState } from "../shell/EmptyState";
import { useNavigate } from "../shell/navigation";
import { SortHeader } from "../shell/SortHeader";
import { SvgImage } from "../shell/SvgImage";
import { useSortable, type SortSpecs } from "../shell/useSortable";
import { useAction } from "../shell/useAction";
import { EMPTY_HYPOTHESIS, HypothesisForm } from "./HypothesisForm";

const VERDICTS: Record<string, string> = {
  insufficient_data: "Insufficient data",
  on_track: "On track",
  at_risk: "At risk",
  validated: "Validated",
  refuted: "Refuted",
};

const QUADRANTS: Record<string, string> = {
  re_architect_or_retire: "Re-architect or retire",
  unrecognised_value: "Unrecognised value",
  optimise: "Optimise",
  efficient: "Efficient",
  unmeasured: "Unmeasured",
};

type MonthColumn = "month" | "outcomes" | "ai" | "shared" | "aiPer" | "totalPer" | "net";

const MONTH_COLUMNS: SortSpecs<MonthMeasure, MonthColumn> = {
  month: { kind: "date", value: (m) => m.month },
  outcomes: { kind: "number", value: (m) => m.outcomes },
  ai: { kind: "decimal", value: (m) => m.ai_cost },
  shared: { kind: "decimal", value: (m) => m.shared_cost },
  aiPer: { kind: "decimal", value: (m) => m.ai_cost_per_outcome },
  totalPer: { kind: "decimal", value: (m) => m.total_per_outcome },
  net: { kind: "decimal", value: (m) => m.net_benefit },
};

type PortfolioColumn = "code" | "cost" | "per" | "ratio" | "quadrant";

const PORTFOLIO_COLUMNS: SortSpecs<PortfolioPoint, PortfolioColumn> = {
  code: { kind: "text", value: (p) => p.service_code },
  cost: { kind: "decimal", value: (p) => p.aggregate_cost },
  per: { kind: "decimal", value: (p) => p.cost_per_outcome },
  ratio: { kind: "decimal", value: (p) => p.ratio_to_baseline },
  quadrant: { kind: "text", value: (p) => QUADRANTS[p.quadrant] ?? p.quadrant },
};

/**
 * Value: each service code's hypothesis measured month by month (cost per
 * outcome against baseline and target, with its verdict), outcome entry, the
 * decision at review, the portfolio across codes, and what needs reviewing.
 */
export function ValueScreen({ api }: { api: Api }) {
  const rounding = useRounding();
  const navigate = useNavigate();
  const [hypotheses, setHypotheses] = useState<Hypothesis[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [codes, setCodes] = useState<ServiceCode[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [side, setSide] = useState("provider");
  const [view, setView] = useState<ValueView | null>(null);
  const [portfolio, setPortfolio] = useState<Portfolio | null>(null);
  const [reviews, setReviews] = useState<Reviews | null>(null);
  const [month, setMonth] = useState("");
  const [count, setCount] = useState("");
  const [decision, setDecision] = useState("");
  const [reason, setReason] = useState("");
  const [adding, setAdding] = useState(false);
  const { error, setError, message, setMessage, run } = useAction();
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    Promise.all([
      api.listHypotheses(),
      api.listServiceCodes(ACTIVE_CODES),
      api.valuePortfolio(),
      api.reviews(),
    ])
      .then(([h, c, p, r]) => {
        setHypotheses(h);
        setCodes(c);
        setPortfolio(p);
        setReviews(r);
        setSelected((current) => current ?? h[0]?.id ?? null);
        setLoaded(true);
      })
      .catch((e: unknown) => setError(toAppError(e).message));
  }, [api, revision]);

  const load = useCallback(async () => {
    if (selected === null) return;
    try {
      setView(await api.valueView(selected, side, ""));
      setError(null);
    } catch (e) {
      setView(null);
      setError(toAppError(e).message);
    }
  }, [api, selected, side]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  // A change, then everything is read again.
  const act = (work: () => Promise<string | null>) =>
    run(async () => {
      const done = await work();
      setRevision((r) => r + 1);
      return done;
    });

  const r = view?.report ?? null;
  const h = r?.hypothesis ?? null;
  const c = h?.currency ?? "";
  const monthSorting = useSortable(r?.months ?? [], MONTH_COLUMNS);
  const portfolioSorting = useSortable(portfolio?.points ?? [], PORTFOLIO_COLUMNS);
  return (
    <section className="screen value-screen">
      <header className="screen-header">
        <div>
          <h1>Value</h1>
          <p className="muted">Is cost per useful outcome improving? Each hypothesis against its baseline and target.</p>
        </div>
        <div className="actions">
          <button type="button" id="new-hypothesis" onClick={() => setAdding((a) => !a)}>
            {adding ? "Close" : "New hypothesis"}
          </button>
          <button
            type="button"
            onClick={() =>
              void act(async () => {
                const done = await api.importOutcomesFile();
                return done ? `${done.file}: ${done.recorded} month(s) recorded, ${done.unchanged} unchanged` : null;
              })
            }
          >
            Import outcomes…
          </button>
        </div>
      </header>
      <Banners error={error} notice={message} />
      {adding && (
        <HypothesisForm
          api={api}
          codes={codes}
          onSaved={(saved) => {
            setAdding(false);
            setSelected(saved.id);
            setMessage(`Value hypothesis ${saved.id} written down for ${saved.service_code}`);
            setRevision((x) => x + 1);
          }}
        />
      )}
      {loaded && hypotheses.length === 0 && !adding && (
        <EmptyState
          id="value-empty"
          title="No value hypotheses yet."
          actions={
            codes.length === 0 ? (
              <button type="button" className="primary" onClick={() => navigate("codes")}>
                Add a service code
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => setAdding(true)}>
                Write one down
              </button>
            )
          }
        >
          <p>
            A value hypothesis is a promise you can check against the numbers each month, such as “cost per resolved
            case below £0.40 by March”.
          </p>
          <p className="muted">
            {codes.length === 0
              ? "Each one belongs to a service code, so add the service code first; then use New hypothesis (top right)."
              : "Use New hypothesis (top right) to write one down for a service code, then record or import how many outcomes it had each month; Runrate compares the cost per outcome with your baseline and target."}
          </p>
        </EmptyState>
      )}
      <div className="report-controls">
        <label className="field">
          <span className="label">Hypothesis</span>
          <select
            id="value-hypothesis"
            value={selected ?? ""}
            onChange={(e) => setSelected(e.target.value === "" ? null : Number(e.target.value))}
          >
            {hypotheses.length === 0 && <option value="">None yet</option>}
            {hypotheses.map((x) => (
              <option key={x.id} value={x.id}>
                {x.id} · {x.service_code} · {x.outcome_unit}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Cost side</span>
          <select id="value-side" value={side} onChange={(e) => setSide(e.target.value)}>
            <option value="provider">Provider evidence</option>
            <option value="showback">What finance charged</option>
          </select>
        </label>
      </div>
      {r && h && view && (
        <div className="value-layout">
          <div className="card">
            <p className="value-statement">
              <strong>{h.statement}</strong>
              <span className="muted">
                {" "}
                — {h.owner}, review {h.review_date}
                {h.decision && `, decided: ${h.decision} (${h.decision_reason ?? ""})`}
              </span>
            </p>
            <p className={`verdict verdict-${r.verdict.kind}`} id="value-verdict">
              <strong>{VERDICTS[r.verdict.kind] ?? r.verdict.kind}:</strong> {r.verdict.reason}
            </p>
            <SvgImage svg={view.chart_svg} className="value-chart" alt={`Cost per ${h.outcome_unit} by month against baseline and target`} />
            <div className="table-scroll">
              <table className="data-table" id="value-months" aria-label="Cost per outcome by month">
                <thead>
                  <tr>
                    <SortHeader column="month" sorting={monthSorting}>
                      Month
                    </SortHeader>
                    <SortHeader column="outcomes" sorting={monthSorting} className="num">
                      Outcomes
                    </SortHeader>
                    <SortHeader column="ai" sorting={monthSorting} className="num">
                      AI cost
                    </SortHeader>
                    <SortHeader column="shared" sorting={monthSorting} className="num">
                      Shared
                    </SortHeader>
                    <SortHeader column="aiPer" sorting={monthSorting} className="num">
                      AI / outcome
                    </SortHeader>
                    <SortHeader column="totalPer" sorting={monthSorting} className="num">
                      Total / outcome
                    </SortHeader>
                    <SortHeader column="net" sorting={monthSorting} className="num">
                      Net benefit
                    </SortHeader>
                  </tr>
                </thead>
                <tbody>
                  {monthSorting.rows.map((m) => (
                    <tr key={m.month} className={m.counts ? "" : "muted"} data-month={m.month}>
                      <td>
                        {m.month}
                        {!m.counts && <span title="Too few outcomes or no cost on record: not evidence"> *</span>}
                      </td>
                      <td className="num">{m.outcomes}</td>
                      <td className="num">{formatMoney(m.ai_cost, c, rounding, false)}</td>
                      <td className="num">{formatMoney(m.shared_cost, c, rounding, false)}</td>
                      <td className="num">{formatMoney(m.ai_cost_per_outcome, c, rounding, false)}</td>
                      <td className="num">{formatMoney(m.total_per_outcome, c, rounding, false)}</td>
                      <td className="num">{formatMoney(m.net_benefit, c, rounding, false)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total-row">
                    <th scope="row" colSpan={6}>
                      Net benefit over the months that count ({c})
                    </th>
                    <td className="num">{formatMoney(r.total_net_benefit, c, rounding, false)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <p className="hint">
              Cost side: {r.cost_side === "showback" ? "what finance charged" : "provider evidence"}. Total per outcome = AI cost +
              the code's share of its department's shared lines + other costs ({formatMoney(h.other_cost, c, rounding)}). * not
              evidence: too few outcomes or no cost on record.
            </p>
          </div>
          <div className="value-side">
            <div className="card">
              <h2>Record outcomes</h2>
              <div className="form-grid">
                <label className="field">
                  <span className="label">Month</span>
                  <input id="outcome-month" value={month} placeholder="2026-10" onChange={(e) => setMonth(e.target.value)} />
                </label>
                <label className="field">
                  <span className="label">{h.outcome_unit}s</span>
                  <input id="outcome-count" value={count} inputMode="numeric" onChange={(e) => setCount(e.target.value)} />
                </label>
              </div>
              <button
                type="button"
                id="outcome-save"
                onClick={() =>
                  void act(async () => {
                    const rec = await api.recordOutcomes(h.id, month, count);
                    setCount("");
                    return `Recorded ${rec.outcomes} for ${rec.month}`;
                  })
                }
              >
                Record
              </button>
              <ul className="plain-list hint outcome-sources">
                {view.outcomes
                  .slice()
                  .reverse()
                  .slice(0, 6)
                  .map((o) => (
                    <li key={o.month}>
                      {o.month}: {o.outcomes} — {o.source === "entered" ? "entered" : `${o.source} row ${o.source_row ?? "?"}`} by{" "}
                      {o.recorded_by}, {formatWhen(o.recorded_at)}
                    </li>
                  ))}
              </ul>
            </div>
            <div className="card">
              <h2>Decision at review</h2>
              <div className="form-grid">
                <label className="field">
                  <span className="label">Decision</span>
                  <select id="decision" value={decision} onChange={(e) => setDecision(e.target.value)}>
                    <option value="">Choose…</option>
                    <option value="continue">Continue</option>
                    <option value="scale">Scale</option>
                    <option value="optimise">Optimise</option>
                    <option value="stop">Stop</option>
                  </select>
                </label>
                <label className="field">
                  <span className="label">Why</span>
                  <input id="decision-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
                </label>
              </div>
              <button
                type="button"
                id="decision-save"
                disabled={decision === ""}
                onClick={() =>
                  void act(async () => {
                    const saved = await api.editHypothesis(h.id, {
                      ...EMPTY_HYPOTHESIS,
                      decision,
                      decision_reason: reason,
                    });
                    return `Decision recorded: ${saved.decision ?? ""}`;
                  })
                }
              >
                Record decision
              </button>
            </div>
          </div>
        </div>
      )}
      {portfolio && (
        <div className="card portfolio">
          <h2>Portfolio</h2>
          <SvgImage svg={portfolio.chart_svg} className="portfolio-chart" alt="Aggregate AI cost against cost per outcome, per service code" />
          <table className="data-table" id="portfolio-table" aria-label="Portfolio">
            <thead>
              <tr>
                <SortHeader column="code" sorting={portfolioSorting}>
                  Service code
                </SortHeader>
                <SortHeader column="cost" sorting={portfolioSorting} className="num">
                  AI cost {portfolio.period}
                </SortHeader>
                <SortHeader column="per" sorting={portfolioSorting} className="num">
                  Per outcome
                </SortHeader>
                <SortHeader column="ratio" sorting={portfolioSorting} className="num">
                  ÷ baseline
                </SortHeader>
                <SortHeader column="quadrant" sorting={portfolioSorting}>
                  Where it sits
                </SortHeader>
              </tr>
            </thead>
            <tbody>
              {portfolioSorting.rows.map((p) => (
                <tr key={p.service_code} data-code={p.service_code} title={p.note}>
                  <td>{p.service_code}</td>
                  <td className="num">{formatMoney(p.aggregate_cost, portfolio.currency, rounding, false)}</td>
                  <td className="num">{formatMoney(p.cost_per_outcome, portfolio.currency, rounding, false)}</td>
                  <td className="num">{p.ratio_to_baseline ?? "—"}</td>
                  <td>{QUADRANTS[p.quadrant] ?? p.quadrant}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {reviews && (
        <div className="card reviews" id="reviews">
          <h2>Reviews</h2>
          <ul className="plain-list">
            {reviews.due.length === 0 && <li className="muted">No review is due in the next 30 days.</li>}
            {reviews.due.map((d) => (
              <li key={d.subject} className={d.days_overdue > 0 ? "error-text" : ""}>
                {d.subject}: review {d.days_overdue > 0 ? `was due ${d.review_date} (${d.days_overdue} days ago)` : `due ${d.review_date}`}
              </li>
            ))}
            {reviews.idle.map((i) => (
              <li key={i.service_code} className="warnings">
                {i.service_code}: an experiment with {i.last_spend ? `no spend since ${i.last_spend}` : "no spend on record"} — retire it?
              </li>
            ))}
          </ul>
          <h3>Stage promotion</h3>
          <ul className="plain-list checklist">
            {reviews.promotions.map((p) => (
              <li key={p.service_code}>
                <strong>{p.service_code}</strong> → {p.for_stage}:{" "}
                {p.items.map((i) => (
                  <span key={i.item} className={i.passed ? "passed" : "failed"}>
                    {i.passed ? "✓" : "✗"} {i.detail}{" "}
                  </span>
                ))}
              </li>
            ))}
          </ul>
          {reviews.hints.length > 0 && (
            <>
              <h3>Hints</h3>
              <ul className="plain-list" id="hints">
                {reviews.hints.map((x) => (
                  <li key={`${x.service_code}-${x.kind}`}>
                    <strong>{x.service_code}</strong>: {x.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
