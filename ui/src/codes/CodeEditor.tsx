import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { toAppError, type Api } from "../api";
import type { Department, FieldIssue, ServiceCode, ServiceCodeInput } from "../bindings";
import {
  DATA_CLASSES,
  ENVIRONMENTS,
  MODEL_TIERS,
  PROVIDERS,
  STAGES,
  emptyInput,
  inputFrom,
  issuesByField,
  requiredFields,
} from "./form";

export type EditorTarget = { kind: "new" } | { kind: "existing"; code: ServiceCode };

type TextField = Exclude<keyof ServiceCodeInput, "allowed_providers">;

interface Props {
  api: Api;
  target: EditorTarget;
  departments: Department[];
  onClose: () => void;
  onSaved: (code: ServiceCode, verb: string) => void;
  onDepartmentsChanged: () => void;
}

/** Create or edit one service code, with the engine's rules shown as you type. */
export function CodeEditor({ api, target, departments, onClose, onSaved, onDepartmentsChanged }: Props) {
  const existing = target.kind === "existing" ? target.code : null;
  const [input, setInput] = useState<ServiceCodeInput>(() => (existing ? inputFrom(existing) : emptyInput()));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(existing ? ["*"] : []));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRetire, setConfirmRetire] = useState(false);
  const validation = useRef(0);

  useEffect(() => {
    const ticket = ++validation.current;
    const timer = setTimeout(() => {
      api
        .validateServiceCode(input, existing?.code ?? null)
        .then((found) => {
          if (ticket === validation.current) setIssues(found);
        })
        .catch((e: unknown) => setError(toAppError(e).message));
    }, 200);
    return () => clearTimeout(timer);
  }, [api, input, existing?.code]);

  const byField = useMemo(() => issuesByField(issues), [issues]);
  const required = requiredFields(input.stage);
  const readOnly = existing?.status === "retired";
  const unknownDepartment =
    input.department.trim() !== "" &&
    !departments.some((d) =>
      [d.name, ...d.aliases].some((n) => n.toLowerCase() === input.department.trim().toLowerCase()),
    );

  function set(field: TextField, value: string) {
    setInput((prev) => ({ ...prev, [field]: value }));
    setTouched((prev) => new Set(prev).add(field));
  }

  function toggleProvider(id: string, on: boolean) {
    setInput((prev) => ({
      ...prev,
      allowed_providers: on
        ? [...prev.allowed_providers, id]
        : prev.allowed_providers.filter((p) => p !== id),
    }));
  }

  function shownIssues(field: string): FieldIssue[] {
    const list = byField.get(field) ?? [];
    // Before the person has touched a field of a new code, only warnings and
    // rule breaks in what they typed are shown, not "required" nags.
    if (touched.has("*") || touched.has(field)) return list;
    return list.filter((i) => i.severity === "warning");
  }

  async function save() {
    // The engine checks everything again on save, so a click never waits on
    // the as-you-type validation; its answer replaces the shown issues.
    setTouched(new Set(["*"]));
    setBusy(true);
    setError(null);
    try {
      const saved = existing
        ? await api.editServiceCode(existing.code, input)
        : await api.addServiceCode(input);
      onSaved(saved, existing ? "Saved" : "Added");
    } catch (e) {
      const err = toAppError(e);
      setError(err.message);
      if (err.fields.length > 0) setIssues(err.fields);
    } finally {
      setBusy(false);
    }
  }

  async function addDepartment() {
    try {
      const created = await api.addDepartment(input.department.trim(), []);
      set("department", created.name);
      onDepartmentsChanged();
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  async function changeStatus() {
    if (!existing) return;
    setBusy(true);
    try {
      const changed =
        existing.status === "active"
          ? await api.retireServiceCode(existing.code)
          : await api.reactivateServiceCode(existing.code);
      setConfirmRetire(false);
      onSaved(changed, changed.status === "retired" ? "Retired" : "Reactivated");
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: TextField, label: string, control: ReactNode, hint?: string) => {
    const list = shownIssues(name);
    const severity = list[0]?.severity;
    return (
      <div className={`field${severity ? ` has-${severity}` : ""}`} data-field={name}>
        <label htmlFor={`f-${name}`}>
          {label}
          {required.has(name) && <span className="required" aria-label="required">*</span>}
        </label>
        {control}
        {hint && list.length === 0 && <div className="hint">{hint}</div>}
        {list.map((issue) => (
          <div key={issue.message} className={`issue ${issue.severity}`} role={issue.severity === "error" ? "alert" : undefined}>
            {issue.message}
          </div>
        ))}
      </div>
    );
  };

  const text = (name: TextField, props: { placeholder?: string; type?: string; inputMode?: "decimal" } = {}) => (
    <input
      id={`f-${name}`}
      name={name}
      value={input[name]}
      disabled={readOnly || (name === "code" && existing !== null)}
      onChange={(e) => set(name, e.target.value)}
      {...props}
    />
  );

  const choice = (name: TextField, options: readonly string[]) => (
    <select id={`f-${name}`} name={name} value={input[name]} disabled={readOnly} onChange={(e) => set(name, e.target.value)}>
      <option value="">Choose…</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );

  return (
    <aside className="editor" aria-label={existing ? `Edit ${existing.code}` : "New service code"}>
      <header className="editor-header">
        <h2>{existing ? existing.code : "New service code"}</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {readOnly && <div className="banner muted-banner">Retired codes are read-only. Reactivate to edit.</div>}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>Identity</legend>
          {field("code", "Code", text("code", { placeholder: "fin-ap-query-prod" }), "Lowercase function-process-environment, 3–40 characters")}
          {field("description", "Workload", text("description", { placeholder: "What the workload does" }))}
          {field(
            "department",
            "Department",
            <>
              <input
                id="f-department"
                name="department"
                list="department-names"
                value={input.department}
                disabled={readOnly}
                onChange={(e) => set("department", e.target.value)}
              />
              <datalist id="department-names">
                {departments.map((d) => (
                  <option key={d.id} value={d.name} />
                ))}
              </datalist>
              {unknownDepartment && !readOnly && (
                <button type="button" className="link inline" onClick={() => void addDepartment()}>
                  Add department '{input.department.trim()}'
                </button>
              )}
            </>,
          )}
        </fieldset>
        <fieldset>
          <legend>Owners</legend>
          <div className="row">
            {field("business_owner", "Business owner", text("business_owner"))}
            {field("technical_owner", "Technical owner", text("technical_owner"))}
          </div>
          {field("cost_centre", "Cost centre", text("cost_centre", { placeholder: "CC-4410" }))}
        </fieldset>
        <fieldset>
          <legend>Workload</legend>
          <div className="row">
            {field("stage", "Stage", choice("stage", STAGES))}
            {field("environment", "Environment", choice("environment", ENVIRONMENTS))}
          </div>
          <div className="row">
            {field("model_tier", "Model tier", choice("model_tier", MODEL_TIERS))}
            {field("data_classification", "Data classification", choice("data_classification", DATA_CLASSES))}
          </div>
          <div className="field" data-field="allowed_providers">
            <span className="label">Allowed providers</span>
            <div className="checks">
              {PROVIDERS.map((p) => (
                <label key={p.id} className="check">
                  <input
                    type="checkbox"
                    disabled={readOnly}
                    checked={input.allowed_providers.includes(p.id)}
                    onChange={(e) => toggleProvider(p.id, e.target.checked)}
                  />
                  {p.label}
                </label>
              ))}
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>Money (per month)</legend>
          <div className="row three">
            {field("budget_cap", "Budget cap", text("budget_cap", { inputMode: "decimal" }))}
            {field("expected_run_rate", "Expected run rate", text("expected_run_rate", { inputMode: "decimal" }))}
            {field("forecast_benefit", "Forecast benefit", text("forecast_benefit", { inputMode: "decimal" }))}
          </div>
          {field("currency", "Currency", text("currency", { placeholder: "Base currency" }))}
        </fieldset>
        <fieldset>
          <legend>Governance</legend>
          <div className="row">
            {field("approval_reference", "Approval reference", text("approval_reference"))}
            {field("review_date", "Review date", text("review_date", { type: "date" }))}
          </div>
          {field("retention_rule", "Retention rule", text("retention_rule", { placeholder: "e.g. prompts kept 30 days" }))}
        </fieldset>
        <div className="editor-actions">
          {existing &&
            (confirmRetire ? (
              <span className="confirm">
                {existing.status === "active" ? "Retire this code?" : "Reactivate this code?"}
                <button type="button" className="danger" disabled={busy} onClick={() => void changeStatus()}>
                  Yes, {existing.status === "active" ? "retire" : "reactivate"}
                </button>
                <button type="button" onClick={() => setConfirmRetire(false)}>
                  No
                </button>
              </span>
            ) : (
              <button type="button" id="change-status" onClick={() => setConfirmRetire(true)}>
                {existing.status === "active" ? "Retire…" : "Reactivate…"}
              </button>
            ))}
          <span className="spacer" />
          {!readOnly && (
            <button type="submit" className="primary" id="save-code" disabled={busy}>
              {existing ? "Save changes" : "Add service code"}
            </button>
          )}
        </div>
      </form>
    </aside>
  );
}
