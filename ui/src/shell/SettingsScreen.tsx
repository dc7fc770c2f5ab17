import { useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { AppInfo, ChainReport, RoundingRule, Settings } from "../bindings";
import { DataSection } from "./DataSection";
import { FxSection } from "./FxSection";
import { MappingsSection } from "./MappingsSection";
import { PricesSection } from "./PricesSection";
import { SigningKeySection } from "./SigningKeySection";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Owner details, money settings, where the data lives, backups and the audit check. */
export function SettingsScreen({
  api,
  onWorkspaceReplaced = () => {},
}: {
  api: Api;
  /** Called after a restore or clearing the demo replaced the whole workspace. */
  onWorkspaceReplaced?: (message: string) => void;
}) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [ownerName, setOwnerName] = useState("");
  const [ownerRole, setOwnerRole] = useState("");
  const [currency, setCurrency] = useState("");
  const [fiscalStart, setFiscalStart] = useState("4");
  const [rounding, setRounding] = useState<RoundingRule>("half_away_from_zero");
  const [tolerancePercent, setTolerancePercent] = useState("");
  const [toleranceAmount, setToleranceAmount] = useState("");
  const [thresholds, setThresholds] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chain, setChain] = useState<ChainReport | null>(null);

  useEffect(() => {
    Promise.all([api.appInfo(), api.getSettings()])
      .then(([i, s]) => {
        setInfo(i);
        setSettings(s);
        setOwnerName(s.owner_name);
        setOwnerRole(s.owner_role);
        setCurrency(s.base_currency);
        setFiscalStart(String(s.fiscal_year_start_month));
        setRounding(s.rounding_rule);
        setTolerancePercent(s.reconciliation_tolerance_percent);
        setToleranceAmount(s.reconciliation_tolerance_amount);
        setThresholds(s.alert_thresholds.join(", "));
      })
      .catch((e: unknown) => setError(toAppError(e).message));
  }, [api]);

  async function save() {
    setMessage(null);
    setError(null);
    try {
      const saved = await api.updateSettings({
        owner_name: ownerName,
        owner_role: ownerRole,
        base_currency: currency,
        fiscal_year_start_month: fiscalStart,
        rounding_rule: rounding,
        reconciliation_tolerance_percent: tolerancePercent,
        reconciliation_tolerance_amount: toleranceAmount,
        alert_thresholds: thresholds,
      });
      setThresholds(saved.alert_thresholds.join(", "));
      setSettings(saved);
      setMessage("Settings saved");
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  async function verify() {
    try {
      setChain(await api.verifyAudit());
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>Settings</h1>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      {message && <div className="banner ok" role="status">{message}</div>}
      <div className="cards">
        <div className="card">
          <h2>You</h2>
          <label className="field">
            <span>Your name (recorded in the audit log)</span>
            <input id="settings-owner-name" value={ownerName} onChange={(e) => setOwnerName(e.target.value)} />
          </label>
          <label className="field">
            <span>Your role</span>
            <input id="settings-owner-role" value={ownerRole} onChange={(e) => setOwnerRole(e.target.value)} />
          </label>
          <label className="field">
            <span>Base currency (ISO 4217)</span>
            <input
              id="settings-base-currency"
              value={currency}
              maxLength={3}
              onChange={(e) => setCurrency(e.target.value.toUpperCase())}
            />
          </label>
          <label className="field">
            <span>Fiscal year starts in</span>
            <select id="settings-fiscal-start" value={fiscalStart} onChange={(e) => setFiscalStart(e.target.value)}>
              {MONTHS.map((m, i) => (
                <option key={m} value={String(i + 1)}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Rounding of shown and packed amounts</span>
            <select
              id="settings-rounding"
              value={rounding}
              onChange={(e) => setRounding(e.target.value === "half_even" ? "half_even" : "half_away_from_zero")}
            >
              <option value="half_away_from_zero">Half away from zero (0.125 → 0.13)</option>
              <option value="half_even">Half to even, banker's (0.125 → 0.12)</option>
            </select>
          </label>
          <div className="row">
            <label className="field">
              <span>Reconciliation tolerance (%)</span>
              <input value={tolerancePercent} inputMode="decimal" onChange={(e) => setTolerancePercent(e.target.value)} />
            </label>
            <label className="field">
              <span>…or amount ({currency || "base"})</span>
              <input value={toleranceAmount} inputMode="decimal" onChange={(e) => setToleranceAmount(e.target.value)} />
            </label>
          </div>
          <label className="field">
            <span>Alert thresholds for new budgets (% of budget)</span>
            <input
              id="settings-alert-thresholds"
              value={thresholds}
              placeholder="80, 100"
              onChange={(e) => setThresholds(e.target.value)}
            />
          </label>
          <button type="button" className="primary" id="settings-save" onClick={() => void save()} disabled={!settings}>
            Save settings
          </button>
        </div>
        <div className="card">
          <h2>Audit log</h2>
          <p className="muted">
            Every change is recorded with who made it and when, each entry sealed to the one before. Amounts are rounded
            ({settings?.rounding_rule === "half_even" ? "half to even" : "half away from zero"}, to the currency's minor
            unit) only when shown or packed; stored amounts stay exact.
          </p>
          <button type="button" onClick={() => void verify()}>
            Verify the audit log
          </button>
          {chain && (
            <p className={chain.valid ? "ok-text" : "error-text"} role="status">
              {chain.valid
                ? `Audit log intact: ${chain.events} events verified.`
                : `Audit log broken at event ${chain.first_bad_seq ?? "?"}: ${chain.problem ?? ""}`}
            </p>
          )}
        </div>
        <DataSection api={api} info={info} onWorkspaceReplaced={onWorkspaceReplaced} />
      </div>
      <SigningKeySection api={api} />
      <PricesSection api={api} />
      <FxSection api={api} />
      <MappingsSection api={api} />
    </section>
  );
}
