import type { RegisterImport } from "../bindings";

/** Shows what importing a register would do, before anything is saved. */
export function RegisterImportDialog({
  preview,
  onCancel,
  onConfirm,
}: {
  preview: RegisterImport;
  onCancel: () => void;
  onConfirm: () => Promise<void>;
}) {
  const blocked = preview.rejected.length > 0;
  const rows: [string, string[]][] = [
    ["New codes", preview.created],
    ["Changed codes", preview.updated],
    ["Unchanged", preview.unchanged],
    ["Status changes", preview.status_changed],
    ["New departments", preview.departments_created],
    ["New cost centres", preview.cost_centres_created],
  ];
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="import-title">
        <h2 id="import-title">Import {preview.file}</h2>
        <p className="muted">
          Sheet '{preview.sheet}', {preview.rows_read} rows read. Nothing has been saved yet.
        </p>
        <dl className="facts">
          {rows
            .filter(([, list]) => list.length > 0)
            .map(([label, list]) => (
              <div key={label} className="fact-row">
                <dt>{label}</dt>
                <dd>{list.join(", ")}</dd>
              </div>
            ))}
        </dl>
        {blocked && (
          <div className="banner error" role="alert">
            {preview.rejected.length} rows cannot be imported, so nothing will be. Fix the file and import it again.
            <ul>
              {preview.rejected.map((r) => (
                <li key={`${r.row}-${r.column ?? ""}-${r.message}`}>{r.message}</li>
              ))}
            </ul>
          </div>
        )}
        {preview.warnings.length > 0 && (
          <ul className="warnings">
            {preview.warnings.map((w) => (
              <li key={`${w.row}-${w.message}`}>{w.message}</li>
            ))}
          </ul>
        )}
        <div className="actions end">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={blocked} onClick={() => void onConfirm()}>
            Import
          </button>
        </div>
      </div>
    </div>
  );
}
