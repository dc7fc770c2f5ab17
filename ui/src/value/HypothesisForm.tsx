import { useState } from "react";
import { Banners } from "../shell/Banners";
import { toAppError, type Api } from "../api";
import type { Hypothesis, HypothesisInput, ServiceCode } from "../bindings";

/** A hypothesis with every field blank (when editing: nothing changes). */
export const EMPTY_HYPOTHESIS: HypothesisInput = {
  service_code: "",
  statement: "",
  outcome_unit: "",
  baseline_cost: "",
  target_cost: "",
  other_cost: "",
  expected_volume: "",
  benefit_measure: "",
  hours_per_outcome: "",
  owner: "",
  start_month: "",
  review_date: "",
  status: "",
  decision: "",
  decision_reason: "",
};

const FIELDS: { key: keyof HypothesisInput; label: string; placeholder?: string }[] = [
  { key: "statement", label: "The claim", placeholder: "AI summaries cut cost per resolved case below £4.50" },
  { key: "outcome_unit", label: "One outcome is a…", placeholder: "resolved case" },
  { key: "baseline_cost", label: "Cost per outcome without AI" },
  { key: "target_cost", label: "Target cost per outcome with AI" },
  { key: "other_cost", label: "Other costs per outcome with AI", placeholder: "0" },
  { key: "expected_volume", label: "Outcomes expected per month" },
  { key: "owner", label: "Owner" },
  { key: "start_month", label: "First month measured", placeholder: "2026-07" },
  { key: "review_date", label: "Review date", placeholder: "2027-03-31" },
];

/** Writes down a new value hypothesis for a service code. */
export function HypothesisForm({
  api,
  codes,
  onSaved,
}: {
  api: Api;
  codes: ServiceCode[];
  onSaved: (h: Hypothesis) => void;
}) {
  const [input, setInput] = useState<HypothesisInput>(EMPTY_HYPOTHESIS);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof HypothesisInput, value: string) => setInput((i) => ({ ...i, [key]: value }));

  async function save() {
    setError(null);
    try {
      const h = await api.addHypothesis(input);
      setInput(EMPTY_HYPOTHESIS);
      onSaved(h);
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  return (
    <div className="card hypothesis-form">
      <h2>New value hypothesis</h2>
      <Banners error={error} notice={null} />
      <div className="form-grid">
        <label className="field">
          <span className="label">Service code</span>
          <select id="h-service_code" value={input.service_code} onChange={(e) => set("service_code", e.target.value)}>
            <option value="">Choose…</option>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </select>
        </label>
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span className="label">{f.label}</span>
            <input
              id={`h-${f.key}`}
              value={input[f.key]}
              placeholder={f.placeholder}
              onChange={(e) => set(f.key, e.target.value)}
            />
          </label>
        ))}
      </div>
      <button type="button" id="h-save" className="primary" onClick={() => void save()}>
        Save hypothesis
      </button>
    </div>
  );
}
