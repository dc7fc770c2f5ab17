import { useState } from "react";
import type { ImportRecord } from "../bindings";
import { formatCount, formatTotals, formatWhen } from "../format";
import { formatLabel } from "../labels";
import { useRounding } from "../rounding";

/** Earlier imports, newest first, each with an undo that asks first. */
export function ImportHistory({
  records,
  loaded,
  onUndo,
}: {
  records: readonly ImportRecord[];
  loaded: boolean;
  onUndo: (id: number) => Promise<void>;
}) {
  const rounding = useRounding();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function undo(id: number) {
    setBusy(true);
    try {
      await onUndo(id);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  return (
    <section className="import-history-section" aria-labelledby="import-history-title">
      <h2 id="import-history-title">Earlier imports</h2>
      <div className="table-scroll">
        <table id="import-history" className="data-table" aria-labelledby="import-history-title">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>When</th>
              <th>Who</th>
              <th>File</th>
              <th>Format</th>
              <th>Layout</th>
              <th className="num">Lines</th>
              <th>Totals</th>
              <th>State</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => {
              const live = r.undone_at === null;
              return (
                <tr key={r.import_id} data-import-id={r.import_id} className={live ? undefined : "undone"}>
                  <td className="num">{r.import_id}</td>
                  <td className="nowrap">{formatWhen(r.imported_at)}</td>
                  <td>{r.imported_by}</td>
                  <td className="file-cell">{r.file}</td>
                  <td>{formatLabel(r.format)}</td>
                  <td>{r.mapping ?? <span className="muted">—</span>}</td>
                  <td className="num">{formatCount(r.lines_imported)}</td>
                  <td className="nowrap">{formatTotals(r.totals, rounding)}</td>
                  <td>
                    <span className={live ? "state state-live" : "state state-undone"} data-state={live ? "live" : "undone"}>
                      {live ? "live" : "undone"}
                    </span>
                  </td>
                  <td className="nowrap">
                    {live &&
                      (confirming === r.import_id ? (
                        <span className="confirm">
                          Remove its {formatCount(r.lines_imported)} lines from every report?
                          <button
                            type="button"
                            className="danger"
                            data-confirm-undo={r.import_id}
                            disabled={busy}
                            onClick={() => void undo(r.import_id)}
                          >
                            Yes, undo import #{r.import_id}
                          </button>
                          <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
                            No, keep it
                          </button>
                        </span>
                      ) : (
                        <button type="button" data-undo={r.import_id} onClick={() => setConfirming(r.import_id)}>
                          Undo…
                        </button>
                      ))}
                  </td>
                </tr>
              );
            })}
            {loaded && records.length === 0 && (
              <tr>
                <td colSpan={10} className="muted empty-row">
                  Nothing has been imported yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
