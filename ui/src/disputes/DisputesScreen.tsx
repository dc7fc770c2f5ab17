import { useEffect, useMemo, useState } from "react";
import { Banners } from "../shell/Banners";
import { toAppError, type Api } from "../api";
import type { Approval, Department, Dispute, DisputeDetail, DrillLine, ReasonChoice, SplitQuery } from "../bindings";
import { compareDecimal, formatMoney, formatWhen, monthOf, plural, sumDecimals } from "../format";
import { SPLIT_BASES, disputeStatusLabel } from "../labels";
import { useRounding } from "../rounding";
import { SortHeader } from "../shell/SortHeader";
import { useAction } from "../shell/useAction";
import { compareText, useSortable, type SortSpecs } from "../shell/useSortable";
import { ApprovalPanel, latestApproval } from "./ApprovalPanel";
import { DisputeEvidence, LineCells } from "./DisputeEvidence";

function previousMonth(today: Date): string {
  return monthOf(new Date(today.getFullYear(), today.getMonth() - 1, 1));
}

type Mode = "lines" | "code";

type DisputeColumn = "id" | "about" | "reason" | "explanation" | "adjustment" | "status" | "recorded";

/** What the About column shows: the lines ticked, or the service code whose variance is disputed. */
function aboutText(d: Dispute): string {
  return d.line_ids.length > 0 ? plural(d.line_ids.length, "line") : (d.service_code ?? "");
}

/**
 * Disputes & approvals for a department's month: finance's lines to pick
 * from, the dispute form and the evidence a dispute rests on, the month's
 * disputes and where they stand, and the owner's approval of the month.
 */
export function DisputesScreen({ api, today }: { api: Api; today?: Date }) {
  const rounding = useRounding();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [department, setDepartment] = useState("");
  const [month, setMonth] = useState(() => previousMonth(today ?? new Date()));
  const [reasons, setReasons] = useState<ReasonChoice[]>([]);
  const [base, setBase] = useState("");
  const [lines, setLines] = useState<DrillLine[] | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [mode, setMode] = useState<Mode>("lines");
  const [serviceCode, setServiceCode] = useState("");
  const [reason, setReason] = useState("");
  const [explanation, setExplanation] = useState("");
  const [adjustment, setAdjustment] = useState("");
  const [withSplit, setWithSplit] = useState(false);
  const [splitBasis, setSplitBasis] = useState("cost");
  const [splitAmount, setSplitAmount] = useState("");
  const [splitLine, setSplitLine] = useState("");
  const [splitCodes, setSplitCodes] = useState("");
  const [splitPercentages, setSplitPercentages] = useState("");
  const [evidence, setEvidence] = useState<DisputeDetail | null>(null);
  const [disputes, setDisputes] = useState<Dispute[]>([]);
  // Withdrawing cannot be undone: the row asks once before it happens.
  const [withdrawing, setWithdrawing] = useState<number | null>(null);
  const [approvals, setApprovals] = useState<Approval[]>([]);
  const [revision, setRevision] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { error, message, running, run } = useAction();

  useEffect(() => {
    Promise.all([api.listDepartments(), api.disputeReasons()])
      .then(([d, r]) => {
        setDepartments(d);
        setReasons(r);
        setDepartment((current) => (current !== "" ? current : (d[0]?.name ?? "")));
        setReason((current) => (current !== "" ? current : (r[0]?.value ?? "")));
      })
      .catch((e: unknown) => {
        setDepartments([]);
        setLoadError(toAppError(e).message);
      });
    api
      .getSettings()
      .then((s) => setBase(s.base_currency))
      .catch(() => {
        // Base amounts are still shown, only without their currency code.
      });
  }, [api]);

  // The month's finance lines; the selection and the evidence belong to the old month.
  useEffect(() => {
    setSelected(new Set());
    setEvidence(null);
    if (department === "" || month === "") {
      setLines([]);
      return;
    }
    let live = true;
    setLines(null);
    api
      .monthLines(department, month)
      .then((all) => {
        if (!live) return;
        setLines(all.filter((l) => l.side === "showback"));
        setLoadError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setLines([]);
        setLoadError(toAppError(e).message);
      });
    return () => {
      live = false;
    };
  }, [api, department, month]);

  useEffect(() => {
    if (department === "" || month === "") {
      setDisputes([]);
      return;
    }
    let live = true;
    Promise.all([api.listDisputes(department, month), api.listApprovals()])
      .then(([d, a]) => {
        if (!live) return;
        setDisputes(d);
        setApprovals(a);
      })
      .catch((e: unknown) => {
        if (live) setLoadError(toAppError(e).message);
      });
    return () => {
      live = false;
    };
  }, [api, department, month, revision]);

  const codes = useMemo(() => {
    const found = new Set<string>();
    for (const l of lines ?? []) if (l.service_code) found.add(l.service_code);
    return [...found].sort();
  }, [lines]);

  const chosen = (lines ?? []).filter((l) => selected.has(l.id));
  const chosenTotal = sumDecimals(chosen.map((l) => l.converted));
  const allChosen = lines !== null && lines.length > 0 && chosen.length === lines.length;

  function toggle(id: number) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function reasonLabel(value: string): string {
    return reasons.find((r) => r.value === value)?.label ?? value;
  }

  function splitQuery(lineIds: number[]): SplitQuery | null {
    if (!withSplit) return null;
    const line = splitLine.trim() !== "" ? splitLine.trim() : splitAmount.trim() === "" && lineIds.length === 1 ? String(lineIds[0]) : "";
    return {
      month,
      basis: splitBasis,
      amount: splitAmount,
      currency: "",
      line_id: line,
      codes: splitCodes,
      percentages: splitBasis === "fixed" ? splitPercentages : "",
    };
  }

  const record = () =>
    run(async () => {
      if (mode === "lines" && selected.size === 0) {
        throw new Error("Tick the finance lines to dispute first, or choose to dispute a service code's variance.");
      }
      if (mode === "code" && serviceCode.trim() === "") {
        throw new Error("Name the service code whose variance is disputed.");
      }
      const lineIds = mode === "lines" ? [...selected].sort((a, b) => a - b) : [];
      const detail = await api.addDispute({
        department,
        month,
        line_ids: lineIds,
        service_code: mode === "code" ? serviceCode.trim() : "",
        reason,
        explanation,
        requested_adjustment: adjustment,
        split: splitQuery(lineIds),
      });
      setEvidence(detail);
      setSelected(new Set());
      setExplanation("");
      setAdjustment("");
      setRevision((r) => r + 1);
      const d = detail.dispute;
      return `Dispute #${d.id} recorded: ${formatMoney(detail.disputed_total, d.currency, rounding)} disputed. Export a signed dispute pack (Packs) to send it to finance.`;
    });

  const showEvidence = (id: number) =>
    run(async () => {
      setEvidence(await api.disputeDetail(id));
      return null;
    });

  const changeStatus = (d: Dispute, status: "withdrawn" | "accepted" | "rejected") =>
    run(async () => {
      const saved = await api.setDisputeStatus(d.id, status);
      setEvidence((current) => (current && current.dispute.id === saved.id ? { ...current, dispute: saved } : current));
      setRevision((r) => r + 1);
      return `Dispute #${saved.id}: ${disputeStatusLabel(saved.status).toLowerCase()}.`;
    });

  const disputeColumns: SortSpecs<Dispute, DisputeColumn> = {
    id: { kind: "number", value: (d) => d.id },
    about: { kind: "text", value: aboutText },
    reason: { kind: "text", value: (d) => reasonLabel(d.reason) },
    explanation: { kind: "text", value: (d) => d.explanation },
    adjustment: {
      kind: "custom",
      compare: (a, b) => compareText(a.currency, b.currency) || compareDecimal(a.requested_adjustment, b.requested_adjustment),
    },
    status: { kind: "text", value: (d) => disputeStatusLabel(d.status) },
    recorded: { kind: "date", value: (d) => d.created_at },
  };
  const disputeSorting = useSortable(disputes, disputeColumns);

  const approval = latestApproval(approvals, department, month);
  const noDepartments = departments !== null && departments.length === 0;

  return (
    <section className="screen disputes-screen">
      <header className="screen-header">
        <div>
          <h1>Disputes &amp; approvals</h1>
          <p className="muted">Dispute what finance charged wrongly, with the evidence, or approve the month.</p>
        </div>
      </header>
      <div className="report-controls">
        <label className="field">
          <span className="label">Department</span>
          <select id="dispute-department" value={department} onChange={(e) => setDepartment(e.target.value)}>
            {department === "" && <option value="">{noDepartments ? "None yet" : "Choose…"}</option>}
            {(departments ?? []).map((d) => (
              <option key={d.id} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Month</span>
          <input type="month" id="dispute-month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
      </div>
      <Banners error={error ?? loadError} notice={message} />
      {noDepartments && (
        <div className="notice" id="disputes-no-departments">
          <p>No departments yet — import finance's showback first (Imports); its departments appear here.</p>
        </div>
      )}

      {department !== "" && (
        <div className="card">
          <h2>
            Finance lines for {department}, {month}
          </h2>
          {lines === null ? (
            <p className="muted">Reading the lines…</p>
          ) : lines.length === 0 ? (
            <p className="muted" id="dispute-lines-empty">
              No finance lines for {department} in {month} — import finance's showback first (Imports).
            </p>
          ) : (
            <>
              <p className="hint" id="dispute-selection">
                {chosen.length === 0
                  ? "Tick the lines you dispute."
                  : `${plural(chosen.length, "line")} ticked, ${formatMoney(chosenTotal, base, rounding)}.`}
              </p>
              <div className="table-scroll drill-scroll">
                <table className="data-table" id="dispute-lines" aria-label={`Finance lines for ${department} ${month}`}>
                  <thead>
                    <tr>
                      <th>
                        <input
                          type="checkbox"
                          aria-label="Dispute every line"
                          checked={allChosen}
                          disabled={mode !== "lines"}
                          onChange={() => setSelected(allChosen ? new Set() : new Set(lines.map((l) => l.id)))}
                        />
                      </th>
                      <th className="num">Id</th>
                      <th>Day</th>
                      <th>Service code</th>
                      <th>Item</th>
                      <th className="num">Amount</th>
                      <th className="num">In {base || "base currency"}</th>
                      <th>Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lines.map((l) => (
                      <tr key={l.id} data-line={l.id} className={selected.has(l.id) ? "selected" : ""}>
                        <td>
                          <input
                            type="checkbox"
                            id={`dispute-line-${l.id}`}
                            data-line-id={l.id}
                            aria-label={`Dispute line ${l.id}`}
                            checked={selected.has(l.id)}
                            disabled={mode !== "lines"}
                            onChange={() => toggle(l.id)}
                          />
                        </td>
                        <LineCells line={l} currency={base} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}

      {department !== "" && (
        <div className="card dispute-form" id="dispute-form" aria-label="Record a dispute">
          <h2>Record a dispute</h2>
          <fieldset className="plain-fieldset">
            <legend className="visually-hidden">What is disputed</legend>
            <div className="checks">
              <label className="check">
                <input
                  type="radio"
                  name="dispute-mode"
                  id="dispute-mode-lines"
                  checked={mode === "lines"}
                  onChange={() => setMode("lines")}
                />
                The finance lines ticked above
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="dispute-mode"
                  id="dispute-mode-code"
                  checked={mode === "code"}
                  onChange={() => setMode("code")}
                />
                Dispute a service code's variance
              </label>
            </div>
          </fieldset>
          <div className="form-grid">
            {mode === "code" && (
              <label className="field">
                <span className="label">Service code</span>
                <input
                  id="dispute-code"
                  list="dispute-code-options"
                  value={serviceCode}
                  onChange={(e) => setServiceCode(e.target.value)}
                />
                <datalist id="dispute-code-options">
                  {codes.map((c) => (
                    <option key={c} value={c} />
                  ))}
                </datalist>
              </label>
            )}
            <label className="field">
              <span className="label">Reason</span>
              <select id="dispute-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                {reasons.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="field">
              <label className="label" htmlFor="dispute-adjustment">
                Requested adjustment (optional)
              </label>
              <input
                id="dispute-adjustment"
                value={adjustment}
                inputMode="decimal"
                placeholder="blank = credit of the whole amount"
                aria-describedby="dispute-adjustment-hint"
                onChange={(e) => setAdjustment(e.target.value)}
              />
              <span className="hint" id="dispute-adjustment-hint">
                In {base || "the base currency"}; negative = a credit to {department}.
              </span>
            </div>
          </div>
          <label className="field">
            <span className="label">Explanation</span>
            <textarea id="dispute-explanation" rows={3} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" id="dispute-with-split" checked={withSplit} onChange={(e) => setWithSplit(e.target.checked)} />
            Offer a shared-cost split as evidence
          </label>
          {withSplit && (
            <div className="form-grid">
              <label className="field">
                <span className="label">Split basis</span>
                <select id="dispute-split-basis" value={splitBasis} onChange={(e) => setSplitBasis(e.target.value)}>
                  {SPLIT_BASES.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="label">Amount to split</span>
                <input id="dispute-split-amount" value={splitAmount} inputMode="decimal" onChange={(e) => setSplitAmount(e.target.value)} />
              </label>
              <label className="field">
                <span className="label">…or finance's line (id; blank = the one ticked)</span>
                <input id="dispute-split-line" value={splitLine} onChange={(e) => setSplitLine(e.target.value)} />
              </label>
              <label className="field">
                <span className="label">Service codes (blank = all with usage)</span>
                <input id="dispute-split-codes" value={splitCodes} onChange={(e) => setSplitCodes(e.target.value)} />
              </label>
              {splitBasis === "fixed" && (
                <label className="field">
                  <span className="label">Percentages (code=%)</span>
                  <input
                    id="dispute-split-percentages"
                    value={splitPercentages}
                    placeholder="a=37, b=63"
                    onChange={(e) => setSplitPercentages(e.target.value)}
                  />
                </label>
              )}
            </div>
          )}
          <div className="actions">
            <button type="button" className="primary" id="dispute-record" disabled={running} onClick={() => void record()}>
              Record dispute
            </button>
          </div>
        </div>
      )}

      {evidence && <DisputeEvidence detail={evidence} />}

      {department !== "" && (
        <div className="card" id="disputes-list">
          <h2>
            Disputes for {department}, {month}
          </h2>
          {disputes.length === 0 ? (
            <p className="muted" id="disputes-empty">
              No disputes for {department} in {month}. Tick finance lines above and record one, or approve the month below.
            </p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" id="disputes-table" aria-label={`Disputes for ${department} ${month}`}>
                <thead>
                  <tr>
                    <SortHeader column="id" sorting={disputeSorting} className="num">
                      #
                    </SortHeader>
                    <SortHeader column="about" sorting={disputeSorting}>
                      About
                    </SortHeader>
                    <SortHeader column="reason" sorting={disputeSorting}>
                      Reason
                    </SortHeader>
                    <SortHeader column="explanation" sorting={disputeSorting}>
                      Explanation
                    </SortHeader>
                    <SortHeader column="adjustment" sorting={disputeSorting} className="num">
                      Adjustment
                    </SortHeader>
                    <SortHeader column="status" sorting={disputeSorting}>
                      Status
                    </SortHeader>
                    <SortHeader column="recorded" sorting={disputeSorting}>
                      Recorded
                    </SortHeader>
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {disputeSorting.rows.map((d) => (
                    <tr key={d.id} data-dispute-id={d.id} data-status={d.status}>
                      <td className="num">{d.id}</td>
                      <td>{aboutText(d) || "—"}</td>
                      <td>{reasonLabel(d.reason)}</td>
                      <td>{d.explanation || "—"}</td>
                      <td className="num">{formatMoney(d.requested_adjustment, d.currency, rounding)}</td>
                      <td>
                        <span className={`status-pill dispute-${d.status}`}>{disputeStatusLabel(d.status)}</span>
                      </td>
                      <td className="nowrap">{formatWhen(d.created_at)}</td>
                      <td>
                        <div className="actions">
                          <button type="button" className="dispute-evidence-button" onClick={() => void showEvidence(d.id)}>
                            Evidence
                          </button>
                          {(d.status === "open" || d.status === "sent") &&
                            (withdrawing === d.id ? (
                              <span className="confirm" role="group" aria-label={`Withdraw dispute ${d.id}?`}>
                                <button
                                  type="button"
                                  className="danger dispute-withdraw-confirm"
                                  disabled={running}
                                  onClick={() => {
                                    setWithdrawing(null);
                                    void changeStatus(d, "withdrawn");
                                  }}
                                >
                                  Withdraw for good
                                </button>
                                <button type="button" disabled={running} onClick={() => setWithdrawing(null)}>
                                  Keep
                                </button>
                              </span>
                            ) : (
                              <button
                                type="button"
                                className="dispute-withdraw"
                                disabled={running}
                                onClick={() => setWithdrawing(d.id)}
                              >
                                Withdraw…
                              </button>
                            ))}
                          {d.status === "sent" && (
                            <>
                              <button
                                type="button"
                                className="dispute-accepted"
                                disabled={running}
                                onClick={() => void changeStatus(d, "accepted")}
                              >
                                Finance accepted
                              </button>
                              <button
                                type="button"
                                className="dispute-rejected"
                                disabled={running}
                                onClick={() => void changeStatus(d, "rejected")}
                              >
                                Finance rejected
                              </button>
                            </>
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {disputes.some((d) => d.status === "open") && (
            <p className="hint">Open disputes go to finance in a signed dispute pack: export one in Packs.</p>
          )}
        </div>
      )}

      {department !== "" && (
        <ApprovalPanel
          key={`${department}|${month}`}
          api={api}
          department={department}
          month={month}
          approval={approval}
          onChanged={() => setRevision((r) => r + 1)}
        />
      )}
    </section>
  );
}
