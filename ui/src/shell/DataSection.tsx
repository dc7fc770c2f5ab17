import { useCallback, useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { AppInfo, BackupInfo } from "../bindings";
import { formatCount, formatDecimal, formatWhen } from "../format";

const REASONS: Record<string, string> = {
  manual: "Backed up on request",
  "before-import": "Before an import",
  "before-undo": "Before an import was undone",
  "before-restore": "Before a restore",
  "before-clearing-demo": "Before the demo was cleared",
  "before-upgrade": "Before Runrate upgraded the database",
};

/** Sizes people read: `512 B`, `1.4 MB`. */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatDecimal(value.toFixed(1), 1)} ${units[unit]}`;
}

type Confirming = { kind: "restore-file"; token: string; name: string } | { kind: "restore-auto"; backup: BackupInfo } | { kind: "clear-demo" };

/**
 * Where the data lives, backups (save one, restore one, the automatic ones)
 * and clearing the demo. Restoring and clearing replace the whole workspace,
 * so both ask first and say where the copy of the current data goes.
 */
export function DataSection({
  api,
  info,
  onWorkspaceReplaced,
}: {
  api: Api;
  info: AppInfo | null;
  onWorkspaceReplaced: (message: string) => void;
}) {
  const [backups, setBackups] = useState<BackupInfo[]>([]);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setBackups(await api.listBackups());
    } catch (e) {
      setError(toAppError(e).message);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function run(task: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await task();
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  }

  const backUp = () =>
    run(async () => {
      const saved = await api.saveBackup();
      if (saved) {
        setNotice(
          `Backup saved and checked: ${saved.path} (${formatBytes(saved.bytes)}, ${formatCount(saved.spend_lines ?? 0)} spend lines).`,
        );
      }
    });

  const chooseFile = () =>
    run(async () => {
      const file = await api.chooseBackupFile();
      if (file) setConfirming({ kind: "restore-file", token: file.token, name: file.name });
    });

  const confirm = () =>
    run(async () => {
      if (!confirming) return;
      if (confirming.kind === "clear-demo") {
        const cleared = await api.clearDemo();
        setConfirming(null);
        onWorkspaceReplaced(`Demo cleared. The workspace as it was is saved at ${cleared.backup.path}.`);
        return;
      }
      const restored = await api.restoreBackup(
        confirming.kind === "restore-file" ? { token: confirming.token } : { automatic: confirming.backup.file_name },
      );
      setConfirming(null);
      onWorkspaceReplaced(
        `Restored ${restored.restored_from} (${formatCount(restored.spend_lines)} spend lines). The workspace as it was is saved at ${restored.previous.path}.`,
      );
    });

  const what =
    confirming?.kind === "clear-demo"
      ? "Clearing the demo removes everything in this workspace, including anything you added beside the demo. Your name, settings and signing key are kept."
      : confirming
        ? `Restoring ${confirming.kind === "restore-file" ? confirming.name : confirming.backup.file_name} replaces everything in this workspace with the backup.`
        : "";

  return (
    <div className="card data-card" id="your-data">
      <h2>Your data</h2>
      <p className="muted">Everything stays on this computer, in one SQLite file.</p>
      <dl className="facts">
        <dt>Database</dt>
        <dd className="mono" id="data-location">
          {info?.database_path ?? "…"}
        </dd>
        <dt>Automatic backups</dt>
        <dd className="mono">{info?.backups_folder ?? "…"}</dd>
      </dl>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="banner ok" role="status">
          {notice}
        </div>
      )}
      {confirming ? (
        <div className="banner warning stacked" role="alertdialog" aria-labelledby="data-confirm-text">
          <p id="data-confirm-text">
            {what} A copy of the workspace as it is now is kept in the automatic backups first.
          </p>
          <div className="actions">
            <button type="button" className="danger" id="data-confirm" disabled={busy} onClick={() => void confirm()}>
              {confirming.kind === "clear-demo" ? "Clear the demo" : "Restore"}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
              Keep my data as it is
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="primary" id="backup-now" disabled={busy} onClick={() => void backUp()}>
            Back up now…
          </button>
          <button type="button" id="restore-file" disabled={busy} onClick={() => void chooseFile()}>
            Restore from a backup…
          </button>
          {info?.demo_loaded && (
            <button type="button" id="clear-demo" disabled={busy} onClick={() => setConfirming({ kind: "clear-demo" })}>
              Clear the demo
            </button>
          )}
        </div>
      )}
      <h3>Automatic backups</h3>
      <p className="muted">
        Runrate keeps a checked copy before each import and undo, a restore, clearing the demo and upgrading the
        database; the newest ten are kept.
      </p>
      {backups.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className="data-table" id="backups-table" aria-label="Automatic backups">
          <thead>
            <tr>
              <th>When</th>
              <th>Why</th>
              <th className="num">Size</th>
              <th aria-label="Restore" />
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.file_name} data-file={b.file_name}>
                <td>{b.created_at ? formatWhen(b.created_at) : "—"}</td>
                <td>{REASONS[b.reason] ?? b.reason}</td>
                <td className="num">{formatBytes(b.bytes)}</td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    disabled={busy || confirming !== null}
                    onClick={() => setConfirming({ kind: "restore-auto", backup: b })}
                  >
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
