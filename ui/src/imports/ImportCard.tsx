import { useCallback, useEffect, useRef, useState } from "react";
import { toAppError, type Api } from "../api";
import type { ChosenFile, ImportOptions, ImportProgress, ImportSummary } from "../bindings";
import { formatCount, plural } from "../format";
import { ImportSummaryView } from "./ImportSummaryView";
import { MappingEditor } from "./MappingEditor";
import { Banners } from "../shell/Banners";

function options(dryRun: boolean, keepValidRows: boolean, replaceConflicts: boolean): ImportOptions {
  return {
    format: null,
    dry_run: dryRun,
    keep_valid_rows: keepValidRows,
    mapping: null,
    replace_conflicts: replaceConflicts,
  };
}

/** What the finished import did, in one sentence. */
function outcome(done: ImportSummary): string {
  if (done.committed && done.import_id !== null) return `Imported as import #${done.import_id}.`;
  if (done.import_id !== null) return `This file is already import #${done.import_id}; nothing new was saved.`;
  if (done.rows_rejected > 0) return "Nothing was imported: some rows were rejected. Fix the file, or tick the box to import the valid rows.";
  return "Nothing new to import from this file.";
}

/**
 * One chosen file: previews it, lets the person decide, imports it with a
 * progress bar, or opens the layout editor when Runrate does not know the layout.
 */
export function ImportCard({
  api,
  file,
  otherImportRunning,
  onRunningChange,
  onImported,
  onClose,
}: {
  api: Api;
  file: ChosenFile;
  /** Another file is being imported: wait for it. */
  otherImportRunning: boolean;
  onRunningChange: (running: boolean) => void;
  onImported: () => void;
  onClose: () => void;
}) {
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [layoutProblem, setLayoutProblem] = useState<string | null>(null);
  const [editingLayout, setEditingLayout] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [keepValidRows, setKeepValidRows] = useState(false);
  const [replaceConflicts, setReplaceConflicts] = useState(false);
  const [committing, setCommitting] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const ticket = useRef(0);

  const runPreview = useCallback(async () => {
    const mine = ++ticket.current;
    setLoading(true);
    setError(null);
    setPreview(null);
    try {
      const summary = await api.previewImport(file.token, options(true, false, replaceConflicts));
      if (mine !== ticket.current) return;
      setPreview(summary);
      setLayoutProblem(null);
    } catch (e) {
      if (mine !== ticket.current) return;
      const problem = toAppError(e);
      if (problem.code === "unrecognised_layout") {
        setLayoutProblem(problem.message);
        setEditingLayout(true);
      } else setError(problem.message);
    } finally {
      if (mine === ticket.current) setLoading(false);
    }
  }, [api, file.token, replaceConflicts]);

  useEffect(() => {
    void runPreview();
    return () => {
      ticket.current++;
    };
  }, [runPreview]);

  async function commit() {
    setCommitting(true);
    setCancelling(false);
    setCancelled(null);
    onRunningChange(true);
    setProgress(null);
    setError(null);
    let unlisten: (() => void) | null = null;
    try {
      unlisten = await api.onImportProgress((event) => {
        if (event.token === file.token) setProgress(event.progress);
      });
      const summary = await api.commitImport(file.token, options(false, keepValidRows, replaceConflicts));
      setDone(summary);
      if (summary.committed) onImported();
    } catch (e) {
      const failure = toAppError(e);
      if (failure.code === "cancelled") setCancelled(failure.message);
      else setError(failure.message);
    } finally {
      unlisten?.();
      setCommitting(false);
      setProgress(null);
      onRunningChange(false);
    }
  }

  const shown = done ?? preview;
  const blockedByRejects = preview !== null && preview.rows_rejected > 0 && !keepValidRows;
  const nothingToImport = preview === null || preview.lines_imported === 0;
  const canCommit =
    !committing && !otherImportRunning && done === null && !loading && !blockedByRejects && !nothingToImport;

  return (
    <article className="card import-card" data-file={file.name} aria-label={`Import of ${file.name}`}>
      <header className="import-card-header">
        <h2 className="file-name">{file.name}</h2>
        <button type="button" className="link inline" onClick={onClose} disabled={committing}>
          Close this file
        </button>
      </header>

      <Banners error={error} notice={notice} />
      {loading && !layoutProblem && <p className="muted">Reading the file…</p>}

      {layoutProblem && !editingLayout ? (
        <div className="layout-unknown">
          <p>{layoutProblem}</p>
          <button type="button" className="describe-columns" onClick={() => setEditingLayout(true)}>
            Describe the columns…
          </button>
        </div>
      ) : layoutProblem ? (
        <MappingEditor
          api={api}
          file={file}
          problem={layoutProblem}
          onCancel={() => setEditingLayout(false)}
          onSaved={(mapping) => {
            setLayoutProblem(null);
            setEditingLayout(false);
            setNotice(`Saved the layout “${mapping.name}”. Files with these columns are now read without asking.`);
            void runPreview();
          }}
        />
      ) : (
        shown && (
          <>
            {done === null && <p className="muted">Preview only: nothing has been saved yet.</p>}
            <ImportSummaryView summary={shown} />
            {done !== null ? (
              <p className={done.committed ? "import-outcome ok-text" : "import-outcome error-text"} role="status">
                {outcome(done)}
              </p>
            ) : (
              <div className="import-actions">
                {preview !== null && preview.conflicts > 0 && (
                  <label className="check replace-conflicts-choice">
                    <input
                      type="checkbox"
                      className="replace-conflicts"
                      checked={replaceConflicts}
                      disabled={committing || loading}
                      onChange={(e) => setReplaceConflicts(e.target.checked)}
                    />
                    Take this file’s figures where an earlier import has a different amount for the same charge
                    (the earlier lines are kept and come back if this import is undone)
                  </label>
                )}
                {preview !== null && preview.rows_rejected > 0 && (
                  <label className="check keep-valid">
                    <input
                      type="checkbox"
                      className="keep-valid-rows"
                      checked={keepValidRows}
                      disabled={committing}
                      onChange={(e) => setKeepValidRows(e.target.checked)}
                    />
                    Import the valid rows and keep the rejected ones listed
                  </label>
                )}
                {blockedByRejects && preview !== null && (
                  <p className="error-text">
                    {plural(preview.rows_rejected, "row")} cannot be imported, so nothing will be unless you tick the
                    box above.
                  </p>
                )}
                {!blockedByRejects && nothingToImport && !loading && (
                  <p className="muted">There is nothing new to import from this file.</p>
                )}
                <button
                  type="button"
                  className="primary commit-import"
                  data-token={file.token}
                  disabled={!canCommit}
                  onClick={() => void commit()}
                >
                  {preview !== null && preview.lines_imported > 0
                    ? `Import ${plural(preview.lines_imported, "line")}`
                    : "Import"}
                </button>
              </div>
            )}
          </>
        )
      )}

      {committing && (
        <ImportProgressBar
          progress={progress}
          cancelling={cancelling}
          onCancel={() => {
            setCancelling(true);
            // The engine stops at its next chunk and rolls the import back;
            // the commit call then fails with `cancelled`.
            api.cancelTask(file.token).catch((e: unknown) => setError(toAppError(e).message));
          }}
        />
      )}
      {cancelled && (
        <p className="muted import-cancelled" role="status">
          {cancelled}
        </p>
      )}
    </article>
  );
}

function ImportProgressBar({
  progress,
  cancelling,
  onCancel,
}: {
  progress: ImportProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const saving = progress !== null && progress.stage === "saving" && progress.total !== null && progress.total > 0;
  const words =
    progress === null
      ? "Starting the import…"
      : progress.stage === "reading"
        ? `Reading the file: ${plural(progress.done, "row")} read…`
        : progress.total !== null
          ? `Saving: ${formatCount(progress.done)} of ${plural(progress.total, "line")}…`
          : `Saving: ${plural(progress.done, "line")}…`;
  return (
    <div className="import-progress" role="status">
      {saving ? (
        <progress id="import-progress" aria-label="Import progress" value={progress.done} max={progress.total ?? 1} />
      ) : (
        <progress id="import-progress" aria-label="Import progress" />
      )}
      <span className="muted">{cancelling ? "Cancelling: rolling back what was saved…" : words}</span>
      <button type="button" id="cancel-import" disabled={cancelling} onClick={onCancel}>
        Cancel import
      </button>
    </div>
  );
}
