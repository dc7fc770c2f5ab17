import type { PackManifest, PackVerification } from "../bindings";
import { formatCount, formatMoney, formatWhen, plural } from "../format";
import { useRounding } from "../rounding";
import { SvgImage } from "../shell/SvgImage";

/** How a verification reads at a glance: its class and its title. */
export function verdictOf(v: PackVerification): { tone: "valid" | "untrusted" | "invalid"; title: string } {
  if (v.valid && v.trusted) return { tone: "valid", title: "Valid and trusted" };
  if (v.valid) return { tone: "untrusted", title: "Valid signature by an untrusted key" };
  return { tone: "invalid", title: "Invalid" };
}

function kindLabel(kind: string): string {
  return kind === "approval" ? "Approval" : kind === "dispute" ? "Dispute" : kind;
}

/** The contents of a verified pack's `pack.json`, as finance reads them. */
export function PackManifestView({ manifest }: { manifest: PackManifest }) {
  const rounding = useRounding();
  const m = manifest;
  const c = m.currency;
  return (
    <div className="pack-manifest" id="pack-manifest">
      <h3>What the pack says</h3>
      <p className="accounting-sentence" id="pack-headline">
        {m.headline.label}: {formatMoney(m.headline.rounded, c, rounding)}
        <span className="muted">
          {" "}
          (exact {m.headline.amount}, {plural(m.totals.lines, "line")} in the ledger)
        </span>
      </p>
      <dl className="facts">
        <dt>Kind</dt>
        <dd id="pack-manifest-kind">{kindLabel(m.kind)}</dd>
        <dt>Department</dt>
        <dd id="pack-manifest-department">{m.department}</dd>
        <dt>Period</dt>
        <dd id="pack-manifest-period">{m.period}</dd>
        <dt>Pack id</dt>
        <dd className="mono" id="pack-manifest-id">
          {m.pack_id}
        </dd>
        <dt>Sequence</dt>
        <dd>{m.sequence}</dd>
        <dt>Supersedes</dt>
        <dd className="mono">{m.supersedes ?? "nothing (the first pack for this month)"}</dd>
        <dt>Signed by</dt>
        <dd id="pack-manifest-signer">
          {m.signer.name}
          {m.signer.role && `, ${m.signer.role}`} <span className="muted">({m.signer.principal})</span>
        </dd>
        <dt>Key fingerprint</dt>
        <dd className="mono">{m.signer.fingerprint}</dd>
        <dt>Created</dt>
        <dd>
          {formatWhen(m.created_at)} <span className="muted">({m.created_at})</span>
        </dd>
        <dt>Lines</dt>
        <dd id="pack-manifest-lines">{formatCount(m.totals.lines)}</dd>
        <dt>Ledger total</dt>
        <dd>{formatMoney(m.totals.amount_base, c, rounding)}</dd>
        <dt>Rounding</dt>
        <dd>{m.rounding_rule === "half_even" ? "Half to even" : "Half away from zero"}, shown amounts only; the ledger is exact</dd>
        <dt>Made by</dt>
        <dd>
          {m.app_name} {m.app_version}
        </dd>
      </dl>

      {m.by_service_code.length > 0 && (
        <>
          <h4>By service code ({c})</h4>
          <table className="data-table" id="pack-by-code" aria-label="By service code">
            <thead>
              <tr>
                <th>Service code</th>
                <th className="num">Finance</th>
                <th className="num">Provider</th>
                <th className="num">Variance</th>
                <th>Tolerance</th>
              </tr>
            </thead>
            <tbody>
              {m.by_service_code.map((r) => (
                <tr key={r.service_code} data-key={r.service_code} className={r.within_tolerance ? "variance-within" : "variance-beyond"}>
                  <td>{r.service_code}</td>
                  <td className="num">{formatMoney(r.finance, c, rounding, false)}</td>
                  <td className="num">{formatMoney(r.provider, c, rounding, false)}</td>
                  <td className="num variance">{formatMoney(r.variance, c, rounding, false)}</td>
                  <td>{r.within_tolerance ? "Within" : "Beyond"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {m.disputes.length > 0 && (
        <>
          <h4>Disputed</h4>
          <table className="data-table" id="pack-disputes" aria-label="Disputes in the pack">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Reason</th>
                <th>About</th>
                <th>Explanation</th>
                <th className="num">Disputed</th>
                <th className="num">Adjustment asked</th>
              </tr>
            </thead>
            <tbody>
              {m.disputes.map((d) => (
                <tr key={d.id}>
                  <td className="num">{d.id}</td>
                  <td>{d.reason_label}</td>
                  <td>{d.line_ids.length > 0 ? `lines ${d.line_ids.join(", ")}` : (d.service_code ?? "—")}</td>
                  <td>{d.explanation}</td>
                  <td className="num">{formatMoney(d.disputed_amount, c, rounding)}</td>
                  <td className="num">{formatMoney(d.requested_adjustment, c, rounding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {m.approval && (
        <>
          <h4>Approval</h4>
          <blockquote className="pack-statement" id="pack-approval-statement">
            {m.approval.statement}
          </blockquote>
          <p>
            Finance charge approved: <strong>{formatMoney(m.approval.approved_amount, c, rounding)}</strong>
            {m.approval.open_disputes.length > 0 && (
              <span className="warnings"> — disputes still open: {m.approval.open_disputes.map((id) => `#${id}`).join(", ")}</span>
            )}
          </p>
        </>
      )}

      {m.sources.length > 0 && (
        <>
          <h4>Sources</h4>
          <table className="data-table" id="pack-sources" aria-label="Source files">
            <thead>
              <tr>
                <th>File</th>
                <th>SHA-256</th>
                <th className="num">Lines</th>
                <th>Imported</th>
              </tr>
            </thead>
            <tbody>
              {m.sources.map((s) => (
                <tr key={`${s.import_batch}-${s.sha256}`}>
                  <td className="file-cell">{s.file_name}</td>
                  <td className="mono hash-cell">{s.sha256}</td>
                  <td className="num">{s.lines}</td>
                  <td className="nowrap">{formatWhen(s.imported_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {m.warnings.length > 0 && (
        <ul className="plain-list warnings">
          {m.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A pack checked: the verdict, what it says (when valid), its charts and its files. */
export function PackVerificationView({ verification }: { verification: PackVerification }) {
  const v = verification;
  const { tone, title } = verdictOf(v);
  return (
    <div className="pack-verification">
      <div
        className={`pack-verdict verdict-${tone}`}
        data-testid="pack-verdict"
        id="pack-verdict"
        data-valid={v.valid}
        data-trusted={v.trusted}
        role={tone === "invalid" ? "alert" : "status"}
      >
        <strong className="pack-verdict-title">{title}</strong>
        <p>{v.verdict}</p>
        {v.signer_fingerprint && (
          <p>
            Key fingerprint: <span className="mono">{v.signer_fingerprint}</span>
          </p>
        )}
        {v.valid && !v.trusted && (
          <p className="muted">
            Compare the fingerprint with the one the sender registered with you, or trust their allowed_signers file and verify
            again.
          </p>
        )}
        {v.problems.length > 0 && (
          <ul id="pack-problems">
            {v.problems.map((p, i) => (
              <li key={`${i}-${p}`}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      {v.manifest && <PackManifestView manifest={v.manifest} />}
      {v.charts.length > 0 && (
        <div className="pack-charts">
          {v.charts.map((c) => (
            <figure key={c.name} className="pack-chart">
              <SvgImage svg={c.svg} alt={`Chart ${c.name} from the pack`} className="pack-chart-image" />
              <figcaption className="hint">{c.name}</figcaption>
            </figure>
          ))}
        </div>
      )}
      {v.files.length > 0 && (
        <>
          <h4>Files checked</h4>
          <table className="data-table" id="pack-files" aria-label="Files checked">
            <thead>
              <tr>
                <th>File</th>
                <th className="num">Size</th>
                <th>Check</th>
              </tr>
            </thead>
            <tbody>
              {v.files.map((f) => (
                <tr key={f.name} data-file={f.name} data-ok={f.ok}>
                  <td className="file-cell">{f.name}</td>
                  <td className="num">{plural(f.size, "byte")}</td>
                  <td className={f.ok ? "ok-text" : "error-text"}>{f.ok ? "✓ ok" : "✗ not ok"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
