import { useState } from "react";
import type { ImportRecord, RoundingRule } from "../bindings";
import { formatCount, formatTotals, formatWhen } from "../format";
import { formatLabel } from "../labels";
import { useRounding } from "../rounding";
import { SortHeader } from "../shell/SortHeader";
import { TableFilter } from "../shell/TableFilter";
import { useSortable, type SortSpecs } from "../shell/useSortable";
import { useTableFilter } from "../shell/useTableFilter";

type Column = "id" | "when" | "who" | "file" | "format" | "layout" | "lines" | "state";

const COLUMNS: SortSpecs<ImportRecord, Column> = {
  id: { kind: "number", value: (r) => r.import_id },
  // RFC 3339 from the engine, all in UTC: text order is time order.
  when: { kind: "date", value: (r) => r.imported_at },
  who: { kind: "text", value: (r) => r.imported_by },
  file: { kind: "text", value: (r) => r.file },
  format: { kind: "text", value: (r) => formatLabel(r.format) },
  layout: { kind: "text", value: (r) => r.mapping },
  lines: { kind: "number", value: (r) => r.lines_imported },
  state: { kind: "text", value: (r) => stateOf(r) },
};

function stateOf(r: ImportRecord): "live" | "undone" {
  return r.undone_at === null ? "live" : "undone";
}

/** The words a row shows, for the filter. */
function rowText(r: ImportRecord, rounding: RoundingRule): string {
  return [
    `#${r.import_id}`,
    formatWhen(r.imported_at),
    r.imported_by,
    r.file,
    formatLabel(r.format),
    r.mapping ?? "",
    formatCount(r.lines_imported),
    formatTotals(r.totals, rounding),
    stateOf(r),
  ].join(" ");
}

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
  const filter = useTableFilter(records, (r) => rowText(r, rounding));
  const sorting = useSortable(filter.rows, COLUMNS);

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
      <div className="table-toolbar">
        <h2 id="import-history-title">Earlier imports</h2>
        {records.length > 0 && (
          <TableFilter
            id="import-history-filter"
            label="Filter earlier imports"
            query={filter.query}
            onChange={filter.setQuery}
            shown={filter.rows.length}
            total={filter.total}
          />
        )}
      </div>
      <div className="table-scroll">
        <table id="import-history" className="data-table" aria-labelledby="import-history-title">
          <thead>
            <tr>
              <SortHeader column="id" sorting={sorting} className="num">
                #
              </SortHeader>
              <SortHeader column="when" sorting={sorting}>
                When
              </SortHeader>
              <SortHeader column="who" sorting={sorting}>
                Who
              </SortHeader>
              <SortHeader column="file" sorting={sorting}>
                File
              </SortHeader>
              <SortHeader column="format" sorting={sorting}>
                Format
              </SortHeader>
              <SortHeader column="layout" sorting={sorting}>
                Layout
              </SortHeader>
              <SortHeader column="lines" sorting={sorting} className="num">
                Lines
              </SortHeader>
              {/* Totals may be in several currencies, which have no single order. */}
              <th>Totals</th>
              <SortHeader column="state" sorting={sorting}>
                State
              </SortHeader>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorting.rows.map((r) => {
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
            {records.length > 0 && filter.rows.length === 0 && (
              <tr>
                <td colSpan={10} className="muted empty-row">
                  No earlier import matches “{filter.query.trim()}”.
                </td>
              </tr>
            )}
            {loaded && records.length === 0 && (
              <tr>
                <td colSpan={10} className="empty-row next-step-cell">
                  <p className="next-step-title">Nothing has been imported yet.</p>
                  <p className="muted">
                    Use <strong>Choose files…</strong> above to bring in what you have. Runrate reads:
                  </p>
                  <ul className="muted next-step-list">
                    <li>finance’s showback workbooks: Excel (.xlsx, .xls), OpenDocument (.ods) or CSV;</li>
                    <li>
                      the providers’ cost and usage exports: OpenAI, Anthropic (Claude Console), FOCUS cost and usage
                      files, and LiteLLM spend logs (CSV or JSON).
                    </li>
                  </ul>
                  <p className="muted">Every file is checked and shown to you before anything is saved, and an import can be undone.</p>
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
