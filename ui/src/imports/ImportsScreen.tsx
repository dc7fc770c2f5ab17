import { useCallback, useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { ChosenFile, ImportRecord } from "../bindings";
import { plural } from "../format";
import { ImportCard } from "./ImportCard";
import { ImportHistory } from "./ImportHistory";
import { Banners } from "../shell/Banners";

/** Import finance's showback workbooks and the providers' exports, and see what was imported. */
export function ImportsScreen({ api }: { api: Api }) {
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [records, setRecords] = useState<ImportRecord[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setRecords(await api.listImports());
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setLoaded(true);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function choose() {
    setError(null);
    setNotice(null);
    try {
      const chosen = await api.chooseImportFiles();
      if (chosen.length === 0) return;
      setFiles((current) => [...chosen, ...current.filter((f) => !chosen.some((c) => c.token === f.token))]);
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  async function undo(id: number) {
    setError(null);
    setNotice(null);
    try {
      const undone = await api.undoImport(id);
      setNotice(
        `Import #${undone.import_id} (${undone.file}) is undone: its ${plural(undone.lines_imported, "line")} no longer count anywhere.`,
      );
    } catch (e) {
      setError(toAppError(e).message);
    }
    await refresh();
  }

  return (
    <section className="screen imports-screen">
      <header className="screen-header">
        <div>
          <h1>Imports</h1>
          <p className="muted">
            Finance’s showback workbooks and the providers’ usage and cost exports. Each file is checked first;
            nothing is saved until you import it.
          </p>
        </div>
        <div className="actions">
          <button type="button" className="primary" id="choose-import-files" onClick={() => void choose()}>
            Choose files…
          </button>
        </div>
      </header>

      <Banners error={error} notice={notice} onDismiss={() => setNotice(null)} />

      {files.length > 0 && (
        <div className="import-cards">
          {files.map((file) => (
            <ImportCard
              key={file.token}
              api={api}
              file={file}
              otherImportRunning={running !== null && running !== file.token}
              onRunningChange={(isRunning) =>
                setRunning((current) => (isRunning ? file.token : current === file.token ? null : current))
              }
              onImported={() => void refresh()}
              onClose={() => setFiles((current) => current.filter((f) => f.token !== file.token))}
            />
          ))}
        </div>
      )}

      <ImportHistory records={records} loaded={loaded} onUndo={undo} />
    </section>
  );
}
