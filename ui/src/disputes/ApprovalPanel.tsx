import { useState } from "react";
import type { Api } from "../api";
import type { Approval } from "../bindings";
import { formatWhen } from "../format";
import { approvalStatusLabel } from "../labels";
import { Banners } from "../shell/Banners";
import { useAction } from "../shell/useAction";

/** The newest approval of a department's month, if there is one. */
export function latestApproval(approvals: readonly Approval[], department: string, month: string): Approval | null {
  let found: Approval | null = null;
  for (const a of approvals) {
    if (a.department === department && a.month === month && (found === null || a.id > found.id)) found = a;
  }
  return found;
}

/**
 * The owner's sign-off of a department's month: what is on record, a form to
 * record it (blanks take the name and role from Settings and the standard
 * statement), and reopening a signed month with a reason.
 */
export function ApprovalPanel({
  api,
  department,
  month,
  approval,
  onChanged,
}: {
  api: Api;
  department: string;
  month: string;
  approval: Approval | null;
  onChanged: () => void;
}) {
  const [signerName, setSignerName] = useState("");
  const [signerRole, setSignerRole] = useState("");
  const [statement, setStatement] = useState("");
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState("");
  const { error, message, running, run } = useAction();

  const record = () =>
    run(async () => {
      const saved = await api.approveMonth({
        department,
        month,
        signer_name: signerName,
        signer_role: signerRole,
        statement,
      });
      setStatement("");
      onChanged();
      return `Approval of ${saved.department} ${saved.month} recorded for ${saved.signer_name}. Export a signed approval pack (Packs) to sign it.`;
    });

  const reopen = () =>
    run(async () => {
      if (reason.trim() === "") throw new Error("Say why the month is reopened; finance will see the reason.");
      const saved = await api.reopenApproval(department, month, reason);
      setReopening(false);
      setReason("");
      onChanged();
      return `${saved.department} ${saved.month} reopened. Record the approval again when it is ready.`;
    });

  const signed = approval?.status === "signed";
  return (
    <div className="card approval-panel" id="approval-panel" aria-label="Approval">
      <h2>Approval</h2>
      <Banners error={error} notice={message} />
      {department === "" ? (
        <p className="muted">Choose a department to approve its month.</p>
      ) : approval === null ? (
        <p className="muted" id="approval-empty">
          {department}'s {month} has not been approved yet. Record the approval below, then export a signed approval pack
          (Packs).
        </p>
      ) : (
        <dl className="facts" id="approval-current" data-status={approval.status}>
          <dt>Status</dt>
          <dd>
            <span className={`status-pill ${approval.status === "signed" ? "status-on_track" : approval.status === "reopened" ? "status-at_risk" : ""}`}>
              {approvalStatusLabel(approval.status)}
            </span>
          </dd>
          <dt>Signer</dt>
          <dd>
            {approval.signer_name}
            {approval.signer_role && `, ${approval.signer_role}`}
          </dd>
          <dt>Statement</dt>
          <dd>{approval.statement}</dd>
          <dt>Recorded</dt>
          <dd>{formatWhen(approval.created_at)}</dd>
          {approval.signed_at && (
            <>
              <dt>Signed</dt>
              <dd>
                {formatWhen(approval.signed_at)}
                {approval.pack_id && (
                  <>
                    {" "}
                    in pack <span className="mono">{approval.pack_id}</span>
                  </>
                )}
              </dd>
            </>
          )}
          {approval.reopened_at && (
            <>
              <dt>Reopened</dt>
              <dd>
                {formatWhen(approval.reopened_at)}: {approval.reopen_reason ?? ""}
              </dd>
            </>
          )}
        </dl>
      )}
      {approval?.status === "recorded" && (
        <p className="hint">Recorded but not signed: export a signed approval pack (Packs) to sign it.</p>
      )}
      {department !== "" && !signed && (
        <div className="inline-form">
          <div className="form-grid">
            <label className="field">
              <span className="label">Signer name (blank = yours from Settings)</span>
              <input id="approval-signer-name" value={signerName} onChange={(e) => setSignerName(e.target.value)} />
            </label>
            <label className="field">
              <span className="label">Signer role (blank = yours from Settings)</span>
              <input id="approval-signer-role" value={signerRole} onChange={(e) => setSignerRole(e.target.value)} />
            </label>
          </div>
          <label className="field">
            <span className="label">Statement (blank = the standard statement)</span>
            <textarea id="approval-statement" rows={2} value={statement} onChange={(e) => setStatement(e.target.value)} />
          </label>
          <button type="button" className="primary" id="approval-record" disabled={running} onClick={() => void record()}>
            Record approval
          </button>
        </div>
      )}
      {signed && (
        <div className="inline-form">
          {!reopening ? (
            <button type="button" id="approval-reopen" onClick={() => setReopening(true)}>
              Reopen
            </button>
          ) : (
            <>
              <label className="field">
                <span className="label">Why is the month reopened?</span>
                <input id="approval-reopen-reason" value={reason} autoFocus onChange={(e) => setReason(e.target.value)} />
              </label>
              <div className="actions">
                <button type="button" className="danger" id="approval-reopen-confirm" disabled={running} onClick={() => void reopen()}>
                  Reopen the month
                </button>
                <button type="button" onClick={() => setReopening(false)}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
