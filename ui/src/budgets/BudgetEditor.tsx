import { useState } from "react";
import type { Api } from "../api";
import type { Budget, BudgetChange, Scope } from "../bindings";
import { compareDecimal, formatMoney, formatPercent, formatWhen } from "../format";
import { useRounding } from "../rounding";
import { Banners } from "../shell/Banners";
import { SortHeader } from "../shell/SortHeader";
import { useAction } from "../shell/useAction";
import { compareText, useSortable, type SortSpecs } from "../shell/useSortable";

type Column = "period" | "amount" | "thresholds";

const COLUMNS: SortSpecs<Budget, Column> = {
  // Months (2026-11) and fiscal years (FY2027) in one column: numeric-aware text order.
  period: { kind: "text", value: (b) => b.period },
  // A scope's budgets share its currency; should one differ, like currencies stay together.
  amount: { kind: "custom", compare: (a, b) => compareText(a.currency, b.currency) || compareDecimal(a.amount, b.amount) },
  thresholds: { kind: "number", value: (b) => b.thresholds[0] },
};

/** The scope's budgets: set one, remove one, import a file, see every change. */
export function BudgetEditor({
  api,
  scope,
  budgets,
  history,
  defaultPeriod,
  onChanged,
}: {
  api: Api;
  scope: Scope;
  budgets: Budget[];
  history: BudgetChange[];
  defaultPeriod: string;
  onChanged: () => void;
}) {
  const rounding = useRounding();
  const [period, setPeriod] = useState(defaultPeriod);
  const [amount, setAmount] = useState("");
  const [thresholds, setThresholds] = useState("");
  const { error, message, run } = useAction();
  const sorting = useSortable(budgets, COLUMNS);
  const target = scope.kind === "department" ? { department: scope.key, service_code: "" } : { department: "", service_code: scope.key };

  const changed = (text: string) => {
    onChanged();
    return text;
  };
  const save = () =>
    run(async () => {
      const b = await api.setBudget({ ...target, period, amount, currency: "", thresholds });
      setAmount("");
      return changed(`Budget for ${b.period} set to ${formatMoney(b.amount, b.currency, rounding)}`);
    });
  const remove = (p: string) =>
    run(async () => {
      await api.removeBudget(target.department, target.service_code, p);
      return changed(`Budget for ${p} removed (kept in the history)`);
    });
  const importFile = () =>
    run(async () => {
      const done = await api.importBudgetsFile();
      return done ? changed(`${done.saved.length} budget(s) saved, ${done.unchanged} unchanged`) : null;
    });

  const mine = history.filter((h) => h.scope_kind === scope.kind && h.scope === scope.key);
  return (
    <div className="card budget-editor">
      <h2>Budgets</h2>
      <Banners error={error} notice={message} />
      <div className="form-grid">
        <label className="field">
          <span className="label">Month or fiscal year</span>
          <input id="budget-period" value={period} placeholder="2026-11 or FY2027" onChange={(e) => setPeriod(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">Amount</span>
          <input id="budget-amount" value={amount} inputMode="decimal" onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">Alert thresholds (%)</span>
          <input id="budget-thresholds" value={thresholds} placeholder="80, 100" onChange={(e) => setThresholds(e.target.value)} />
        </label>
      </div>
      <div className="actions">
        <button type="button" id="budget-save" className="primary" onClick={() => void save()} disabled={amount.trim() === ""}>
          Set budget
        </button>
        <button type="button" onClick={() => void importFile()}>
          Import budgets…
        </button>
      </div>
      <table className="data-table budgets-table" aria-label="Budgets">
        <thead>
          <tr>
            <SortHeader column="period" sorting={sorting}>
              Period
            </SortHeader>
            <SortHeader column="amount" sorting={sorting} className="num">
              Amount
            </SortHeader>
            <SortHeader column="thresholds" sorting={sorting}>
              Thresholds
            </SortHeader>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorting.rows.map((b) => (
            <tr key={b.period} data-period={b.period} title={`Changed ${formatWhen(b.updated_at)} by ${b.updated_by}`}>
              <td>{b.period}</td>
              <td className="num">{formatMoney(b.amount, b.currency, rounding)}</td>
              <td>{b.thresholds.map((t) => formatPercent(String(t))).join(", ")}</td>
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove the ${b.period} budget`}
                  title={`Remove the ${b.period} budget (kept in the history)`}
                  onClick={() => void remove(b.period)}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
          {budgets.length === 0 && (
            <tr>
              <td colSpan={4} className="muted empty-row" id="budgets-empty">
                No budget set for {scope.key} yet. Type a month (such as 2026-11) or a fiscal year (FY2027) and an
                amount above, then choose Set budget; Import budgets… loads several at once from a spreadsheet.
                {scope.kind === "service_code" && " Until then, the code's monthly cap from the register counts as its month budget."}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {mine.length > 0 && (
        <details className="budget-history">
          <summary>History ({mine.length} change{mine.length === 1 ? "" : "s"})</summary>
          <ul className="plain-list">
            {mine.map((h, i) => (
              <li key={i}>
                {formatWhen(h.changed_at)} — {h.changed_by}: {h.period}{" "}
                {h.old_amount === null ? "set" : `from ${formatMoney(h.old_amount, h.currency, rounding)}`}
                {h.new_amount === null ? " removed" : ` to ${formatMoney(h.new_amount, h.currency, rounding)}`}
                <span className="muted"> ({h.origin})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
