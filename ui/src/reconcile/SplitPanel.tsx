import { useState } from "react";
import { Banners } from "../shell/Banners";
import { toAppError, type Api } from "../api";
import type { SplitResult } from "../bindings";
import { formatMoney, formatPercent } from "../format";
import { useRounding } from "../rounding";
import { SPLIT_BASES } from "../labels";


/** Models how a shared charge splits between service codes, to check finance's allocation. */
export function SplitPanel({ api, month }: { api: Api; month: string }) {
  const rounding = useRounding();
  const [basis, setBasis] = useState<string>("cost");
  const [amount, setAmount] = useState("");
  const [lineId, setLineId] = useState("");
  const [codes, setCodes] = useState("");
  const [percentages, setPercentages] = useState("");
  const [result, setResult] = useState<SplitResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    try {
      setResult(
        await api.splitSharedCost({ month, basis, amount, currency: "", line_id: lineId, codes, percentages }),
      );
    } catch (e) {
      setResult(null);
      setError(toAppError(e).message);
    }
  }

  return (
    <div className="card split-panel">
      <h2>Check a shared-cost split</h2>
      <p className="muted">
        Split a shared charge (a commitment, a gateway) between service codes on a basis you choose; the parts always add up
        exactly to the whole.
      </p>
      <div className="form-grid">
        <label className="field">
          <span className="label">Basis</span>
          <select id="split-basis" value={basis} onChange={(e) => setBasis(e.target.value)}>
            {SPLIT_BASES.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Amount to split</span>
          <input id="split-amount" value={amount} inputMode="decimal" onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">…or finance's line (id)</span>
          <input id="split-line" value={lineId} onChange={(e) => setLineId(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">Service codes (blank = all with usage)</span>
          <input id="split-codes" value={codes} onChange={(e) => setCodes(e.target.value)} />
        </label>
        {basis === "fixed" && (
          <label className="field">
            <span className="label">Percentages (code=%)</span>
            <input id="split-percentages" value={percentages} placeholder="a=37, b=63" onChange={(e) => setPercentages(e.target.value)} />
          </label>
        )}
      </div>
      <button type="button" id="split-run" onClick={() => void run()}>
        Split
      </button>
      <Banners error={error} notice={null} />
      {result && (
        <>
          <p>
            {formatMoney(result.amount, result.currency, rounding)} ({result.pool}), {result.basis_label}, by {result.month} usage:
          </p>
          <table className="data-table" id="split-table">
            <thead>
              <tr>
                <th>Service code</th>
                <th className="num">Weight</th>
                <th className="num">Share</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {result.parts.map((p) => (
                <tr key={p.key}>
                  <td>{p.key}</td>
                  <td className="num">{p.weight}</td>
                  <td className="num">{formatPercent(p.share_percent)}</td>
                  <td className="num">{formatMoney(p.amount, result.currency, rounding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">Rounding: {result.rounding}.</p>
          {result.warnings.map((w) => (
            <p key={w} className="warnings">
              {w}
            </p>
          ))}
        </>
      )}
    </div>
  );
}
