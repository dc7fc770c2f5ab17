import type { ImportIssue, ImportSummary } from "../bindings";
import { formatCount, formatTotals, plural } from "../format";
import { formatLabel, SEVERITY_LABELS, sourceLabel } from "../labels";
import { useRounding } from "../rounding";

/** Issues shown in full; the rest are counted. */
const ISSUES_SHOWN = 200;

/** `rows read = lines + skipped + rejected`, so every row of the file is accounted for. */
export function accountingSentence(summary: ImportSummary): string {
  const skipped = Object.values(summary.rows_skipped).reduce((sum, n) => sum + n, 0);
  const lines = summary.committed ? "imported" : "to import";
  return (
    `${plural(summary.rows_read, "row")} read = ${plural(summary.lines_imported, "line")} ${lines}` +
    ` + ${formatCount(skipped)} skipped + ${formatCount(summary.rows_rejected)} rejected`
  );
}

/** What a file holds (or what importing it did): counts, totals and issues. */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const rounding = useRounding();
  const skipped = Object.entries(summary.rows_skipped).filter(([, n]) => n > 0);
  return (
    <div className="import-summary">
      <p className="accounting-sentence">{accountingSentence(summary)}</p>
      <dl className="facts">
        <dt>Format</dt>
        <dd className="import-format">
          {formatLabel(summary.format)}
          {summary.format_version && ` ${summary.format_version}`}
          {summary.mapping && <span className="muted"> (saved layout “{summary.mapping}”)</span>}
        </dd>
        <dt>What it is</dt>
        <dd className="import-source">{sourceLabel(summary.source_kind)}</dd>
        <dt>Sheets read</dt>
        <dd>{summary.sheets.length > 0 ? summary.sheets.join(", ") : "—"}</dd>
        {summary.sheets_skipped.length > 0 && (
          <>
            <dt>Sheets skipped</dt>
            <dd>{summary.sheets_skipped.join(", ")}</dd>
          </>
        )}
        <dt>Totals</dt>
        <dd className="import-totals">{formatTotals(summary.totals, rounding)}</dd>
        <dt>Already imported before</dt>
        <dd className="import-duplicates">{plural(summary.duplicates, "line")}</dd>
        {summary.conflicts > 0 && (
          <>
            <dt>Different from an earlier import</dt>
            <dd className="import-conflicts">
              {plural(summary.conflicts, "line")}
              {summary.replaced > 0 && ` (${plural(summary.replaced, "line")} take this file’s figure)`}
            </dd>
          </>
        )}
        <dt>Without a price</dt>
        <dd className="import-unpriced">
          {plural(summary.unpriced, "usage line")}
          {summary.unpriced > 0 && <span className="muted"> (add the model's price in Settings)</span>}
        </dd>
        <dt>Without a service code</dt>
        <dd className="import-unattributed">
          {plural(summary.unattributed, "line")}
          {summary.unattributed > 0 && <span className="muted"> (map them in Attribution)</span>}
        </dd>
      </dl>
      {skipped.length > 0 && (
        <div className="skipped">
          <h3>Rows skipped</h3>
          <ul className="skipped-reasons">
            {skipped.map(([reason, n]) => (
              <li key={reason}>
                {reason}: {formatCount(n)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {summary.issues.length > 0 && <IssuesTable issues={summary.issues} />}
    </div>
  );
}

function IssuesTable({ issues }: { issues: readonly ImportIssue[] }) {
  const shown = issues.slice(0, ISSUES_SHOWN);
  return (
    <div className="table-scroll">
      <table className="data-table issues-table" aria-label="Problems found in the file">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Sheet</th>
            <th className="num">Row</th>
            <th>Column</th>
            <th>Value</th>
            <th>What is wrong</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((issue, i) => (
            <tr key={i} className={`issue-row severity-${issue.severity}`} data-severity={issue.severity}>
              <td>
                <span className={`severity-badge severity-${issue.severity}`}>{SEVERITY_LABELS[issue.severity]}</span>
              </td>
              <td>{issue.sheet}</td>
              <td className="num">{issue.row ?? "—"}</td>
              <td>{issue.column ?? "—"}</td>
              <td className="mono cell-value">{issue.value ?? "—"}</td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues.length > shown.length && (
        <p className="muted">
          {plural(issues.length - shown.length, "more problem")} not shown; the first {ISSUES_SHOWN} are listed.
        </p>
      )}
    </div>
  );
}
