import { useCallback, useState } from "react";
import { toAppError, type Api } from "../api";
import { useList } from "./useList";
import type { Field, Mapping } from "../bindings";
import { fieldLabel, SOURCE_LABELS } from "../labels";
import { Banners } from "./Banners";

/** What each mapped column means, in words: "Posting → Month / period". */
function describeColumns(mapping: Mapping): string {
  return (Object.entries(mapping.columns) as [Field, string][])
    .map(([field, header]) => `${header} → ${fieldLabel(field)}`)
    .join("; ");
}

/** Layouts mapped once on the Imports screen, used again for files with the same columns. */
export function MappingsSection({ api }: { api: Api }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => api.listMappings(), [api]);
  const [mappings, refresh] = useList(load, setError);

  async function importFile() {
    setError(null);
    setNotice(null);
    try {
      const saved = await api.importMappingsFile();
      if (saved === null) return;
      setNotice(`Loaded ${saved.length === 1 ? "1 layout" : `${saved.length} layouts`}: ${saved.map((m) => m.name).join(", ")}.`);
      await refresh();
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  async function exportFile(name: string) {
    setError(null);
    setNotice(null);
    try {
      const written = await api.exportMappingFile(name);
      if (written !== null) setNotice(`Saved the layout “${name}” to ${written.name}.`);
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  async function remove(name: string) {
    setError(null);
    setNotice(null);
    try {
      const gone = await api.deleteMapping(name);
      setNotice(`Deleted the layout “${gone.name}”. Imports made with it keep its name.`);
      setConfirming(null);
      await refresh();
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  return (
    <div className="card wide mappings-section">
      <h2>Saved layouts</h2>
      <p className="muted">
        Files whose columns Runrate did not recognise, described once on the Imports screen. A file with exactly
        these columns is read with its layout without asking.
      </p>
      <div className="actions">
        <button type="button" id="import-mappings-file" onClick={() => void importFile()}>
          Load layouts from a file…
        </button>
      </div>
      <Banners error={error} notice={notice} onDismiss={() => setNotice(null)} />
      {mappings.length === 0 ? (
        <p className="muted">No saved layouts yet.</p>
      ) : (
        <table className="data-table" id="saved-mappings">
          <thead>
            <tr>
              <th>Name</th>
              <th>What the files are</th>
              <th>Columns</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mappings.map((m) => (
              <tr key={m.name} data-mapping={m.name}>
                <td>{m.name}</td>
                <td>{SOURCE_LABELS[m.source]}</td>
                <td>{describeColumns(m)}</td>
                <td className="actions end">
                  {confirming === m.name ? (
                    <>
                      <button type="button" className="danger" onClick={() => void remove(m.name)}>
                        Yes, delete “{m.name}”
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        No, keep it
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" data-export-mapping={m.name} onClick={() => void exportFile(m.name)}>
                        Save to a file…
                      </button>
                      <button type="button" onClick={() => setConfirming(m.name)}>
                        Delete…
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
