import type { DisputeDetail, DrillLine } from "../bindings";
import { formatMoney, formatPercent, plural } from "../format";
import { disputeStatusLabel, providerName, RULE_KIND_LABELS } from "../labels";
import { useRounding } from "../rounding";

/** Where a line came from: file, sheet (when not a CSV) and row. */
export function lineSource(l: DrillLine): string {
  return l.sheet === l.file_name ? `${l.file_name} · line ${l.row}` : `${l.file_name} · ${l.sheet} · row ${l.row}`;
}

/** A finance or provider line's cells after any selection column: id, day, code, item, amounts, source. */
export function LineCells({ line: l, currency }: { line: DrillLine; currency: string }) {
  const rounding = useRounding();
  return (
    <>
      <td className="num">{l.id}</td>
      <td>{l.period_start}</td>
      <td>{l.service_code ?? "—"}</td>
      <td>{l.line_item ?? l.model ?? "—"}</td>
      <td className="num">{l.amount === null ? "unpriced" : formatMoney(l.amount, l.currency ?? "", rounding)}</td>
      <td className="num">{formatMoney(l.converted, currency, rounding, false)}</td>
      <td className="file-cell" title={`SHA-256 ${l.sha256}`}>
        {lineSource(l)}
      </td>
    </>
  );
}

function LinesTable({ lines, currency, label, id }: { lines: DrillLine[]; currency: string; label: string; id: string }) {
  return (
    <div className="table-scroll drill-scroll">
      <table className="data-table" id={id} aria-label={label}>
        <thead>
          <tr>
            <th className="num">Id</th>
            <th>Day</th>
            <th>Service code</th>
            <th>Item</th>
            <th className="num">Amount</th>
            <th className="num">In {currency}</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id} data-line={l.id}>
              <LineCells line={l} currency={currency} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What a dispute rests on: the finance lines disputed and their total, the
 * provider's evidence for the same codes, the attribution rules that placed
 * that evidence, the reconciliation rows and any shared-cost split offered.
 */
export function DisputeEvidence({ detail }: { detail: DisputeDetail }) {
  const rounding = useRounding();
  const d = detail.dispute;
  const c = d.currency;
  return (
    <div className="card dispute-evidence" data-testid="dispute-evidence" id="dispute-evidence" aria-label={`Evidence for dispute ${d.id}`}>
      <h2>
        Dispute #{d.id}: {detail.reason_label}
      </h2>
      <p className="accounting-sentence" id="dispute-evidence-summary">
        {plural(detail.lines.length, "finance line")} disputed, {formatMoney(detail.disputed_total, c, rounding)}; the provider
        evidence shows {formatMoney(detail.provider_total, c, rounding)} from {plural(detail.provider_lines.length, "line")}.
      </p>
      <dl className="facts">
        <dt>Department</dt>
        <dd>
          {d.department}, {d.month}
        </dd>
        {d.service_code && (
          <>
            <dt>Service code</dt>
            <dd>{d.service_code}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd>{disputeStatusLabel(d.status)}</dd>
        <dt>Disputed total</dt>
        <dd id="dispute-disputed-total">{formatMoney(detail.disputed_total, c, rounding)}</dd>
        <dt>Provider evidence</dt>
        <dd id="dispute-provider-total">
          {formatMoney(detail.provider_total, c, rounding)} ({plural(detail.provider_lines.length, "line")})
        </dd>
        <dt>Adjustment asked for</dt>
        <dd id="dispute-requested">{formatMoney(d.requested_adjustment, c, rounding)}</dd>
        <dt>Explanation</dt>
        <dd>{d.explanation || "—"}</dd>
      </dl>

      <h3>Finance lines disputed</h3>
      {detail.lines.length === 0 ? (
        <p className="muted">No finance lines.</p>
      ) : (
        <LinesTable lines={detail.lines} currency={c} label="Finance lines disputed" id="dispute-finance-lines" />
      )}

      <h3>Provider evidence</h3>
      {detail.provider_lines.length === 0 ? (
        <p className="muted">
          No provider lines for these service codes in {d.month}: import the providers' exports (Imports) to back the dispute.
        </p>
      ) : (
        <LinesTable lines={detail.provider_lines} currency={c} label="Provider evidence" id="dispute-provider-lines" />
      )}

      <h3>Rules that placed the evidence</h3>
      {detail.rules.length === 0 ? (
        <p className="muted">No attribution rule placed provider lines here.</p>
      ) : (
        <table className="data-table" id="dispute-rules" aria-label="Attribution rules used">
          <thead>
            <tr>
              <th>Matches</th>
              <th>Identifier</th>
              <th>Provider</th>
              <th>Service code</th>
              <th className="num">Lines placed</th>
            </tr>
          </thead>
          <tbody>
            {detail.rules.map((r) => (
              <tr key={r.rule.id}>
                <td>{RULE_KIND_LABELS[r.rule.kind] ?? r.rule.kind}</td>
                <td className="mono">{r.rule.pattern}</td>
                <td>{r.rule.provider === null ? "Any" : providerName(r.rule.provider)}</td>
                <td>{r.rule.service_code}</td>
                <td className="num">{r.lines}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Reconciliation</h3>
      {detail.reconciliation.length === 0 ? (
        <p className="muted">No reconciliation rows for these codes.</p>
      ) : (
        <table className="data-table" id="dispute-reconciliation" aria-label="Reconciliation rows">
          <thead>
            <tr>
              <th>Service code</th>
              <th className="num">Finance charged</th>
              <th className="num">Provider evidence</th>
              <th className="num">Variance</th>
              <th className="num">Variance %</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {detail.reconciliation.map((r) => (
              <tr key={r.key} data-key={r.key} className={r.dispute_candidate ? "variance-beyond" : "variance-within"}>
                <td>{r.key}</td>
                <td className="num">{formatMoney(r.showback, c, rounding, false)}</td>
                <td className="num">{formatMoney(r.provider, c, rounding, false)}</td>
                <td className="num variance">{formatMoney(r.variance, c, rounding, false)}</td>
                <td className="num">{r.variance_percent === null ? "—" : formatPercent(r.variance_percent)}</td>
                <td>
                  {r.dispute_candidate ? (
                    <span className="status-pill status-over">Beyond tolerance</span>
                  ) : (
                    <span className="status-pill status-on_track">Within tolerance</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {detail.split && (
        <>
          <h3>Shared-cost split offered</h3>
          <p>
            {formatMoney(detail.split.amount, detail.split.currency, rounding)} ({detail.split.pool}), {detail.split.basis_label}, by{" "}
            {detail.split.month} usage:
          </p>
          <table className="data-table" id="dispute-split" aria-label="Shared-cost split">
            <thead>
              <tr>
                <th>Service code</th>
                <th className="num">Share</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {detail.split.parts.map((p) => (
                <tr key={p.key}>
                  <td>{p.key}</td>
                  <td className="num">{formatPercent(p.share_percent)}</td>
                  <td className="num">{formatMoney(p.amount, detail.split?.currency ?? c, rounding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {detail.split.warnings.map((w) => (
            <p key={w} className="warnings">
              {w}
            </p>
          ))}
        </>
      )}
    </div>
  );
}
