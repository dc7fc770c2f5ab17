import { useCallback, useEffect, useState } from "react";
import { Banners } from "../shell/Banners";
import { toAppError, type Api } from "../api";
import type { ChosenFile, Department, PackExported, PackProgress, PackRecord, PackVerification, SigningKeyInfo } from "../bindings";
import { formatMoney, formatWhen, monthOf, plural } from "../format";
import { useRounding } from "../rounding";
import { useAction } from "../shell/useAction";
import { PackVerificationView } from "./PackVerificationView";

function previousMonth(today: Date): string {
  return monthOf(new Date(today.getFullYear(), today.getMonth() - 1, 1));
}

type Kind = "approval" | "dispute";

/**
 * Signed packs: exporting an approval or dispute pack for a department's
 * month (with its progress and what was written), the packs exported so far,
 * and opening a pack as finance would, to verify it and read what it says.
 */
export function PacksScreen({ api, today }: { api: Api; today?: Date }) {
  const [departments, setDepartments] = useState<Department[]>([]);
  const [key, setKey] = useState<SigningKeyInfo | null>(null);
  const [packs, setPacks] = useState<PackRecord[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [p, k] = await Promise.all([api.listPacks(), api.signingKeyInfo()]);
      setPacks(p);
      setKey(k);
    } catch (e) {
      setLoadError(toAppError(e).message);
    }
  }, [api]);

  useEffect(() => {
    api
      .listDepartments()
      .then(setDepartments)
      .catch((e: unknown) => setLoadError(toAppError(e).message));
    void refresh();
  }, [api, refresh]);

  return (
    <section className="screen packs-screen">
      <header className="screen-header">
        <div>
          <h1>Packs</h1>
          <p className="muted">Signed evidence packs finance can check with standard tools, and opening one to verify it.</p>
        </div>
      </header>
      <Banners error={loadError} notice={null} />
      <ExportPanel api={api} today={today} departments={departments} signingKey={key} onExported={() => void refresh()} />
      <PackList packs={packs} />
      <OpenPackPanel api={api} />
    </section>
  );
}

function ExportPanel({
  api,
  today,
  departments,
  signingKey,
  onExported,
}: {
  api: Api;
  today: Date | undefined;
  departments: Department[];
  signingKey: SigningKeyInfo | null;
  onExported: () => void;
}) {
  const rounding = useRounding();
  const [kind, setKind] = useState<Kind>("approval");
  const [department, setDepartment] = useState("");
  const [month, setMonth] = useState(() => previousMonth(today ?? new Date()));
  const [passphrase, setPassphrase] = useState("");
  const [askedForPassphrase, setAskedForPassphrase] = useState(false);
  const [progress, setProgress] = useState<PackProgress | null>(null);
  const [exported, setExported] = useState<PackExported | null>(null);
  const { error, message, running, run } = useAction();

  useEffect(() => {
    setDepartment((current) => (current !== "" ? current : (departments[0]?.name ?? "")));
  }, [departments]);

  const needPassphrase = askedForPassphrase || signingKey?.store === "file";

  const exportPack = () =>
    run(async () => {
      setExported(null);
      setProgress(null);
      let unlisten: (() => void) | null = null;
      try {
        unlisten = await api.onPackProgress((p) => setProgress(p));
        const done = await api.exportPack({ kind, department, month, passphrase: needPassphrase ? passphrase : "" });
        if (done === null) return "Export cancelled: no pack was written.";
        setExported(done);
        setPassphrase("");
        onExported();
        return done.unchanged
          ? `Nothing changed since ${done.pack_id}: the same pack was written again to ${done.file_name}.`
          : `Signed pack ${done.pack_id} written to ${done.file_name}.`;
      } catch (e) {
        const failure = toAppError(e);
        if (failure.code === "cancelled") return "Export cancelled: no pack was written.";
        if (failure.code === "passphrase_required") setAskedForPassphrase(true);
        throw failure;
      } finally {
        unlisten?.();
        setProgress(null);
      }
    });

  return (
    <div className="card pack-export" id="pack-export" aria-label="Export a signed pack">
      <h2>Export a signed pack</h2>
      <p className="muted">
        An approval pack signs off the month's finance charge; a dispute pack sends the month's open disputes with their
        evidence. Record them first in Disputes &amp; approvals.
      </p>
      <div className="form-grid">
        <label className="field">
          <span className="label">Kind</span>
          <select id="pack-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="approval">Approval</option>
            <option value="dispute">Dispute</option>
          </select>
        </label>
        <label className="field">
          <span className="label">Department</span>
          <select id="pack-department" value={department} onChange={(e) => setDepartment(e.target.value)}>
            {department === "" && <option value="">{departments.length === 0 ? "None yet" : "Choose…"}</option>}
            {departments.map((d) => (
              <option key={d.id} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Month</span>
          <input type="month" id="pack-month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        {needPassphrase && (
          <div className="field">
            <label className="label" htmlFor="pack-passphrase">
              {signingKey === null ? "Passphrase for the new signing key" : "Passphrase of the signing key"}
            </label>
            <input
              type="password"
              id="pack-passphrase"
              autoComplete="off"
              autoFocus={askedForPassphrase}
              aria-describedby="pack-passphrase-hint"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
            <span className="hint" id="pack-passphrase-hint">
              {signingKey === null
                ? "At least 12 characters; it protects the key file and is never stored."
                : "The key is kept in a passphrase-protected file; the passphrase is never stored."}
            </span>
          </div>
        )}
      </div>
      <p className="hint" id="pack-key-hint">
        {signingKey === null ? (
          "No signing key yet: one is made when you sign your first pack. Register its fingerprint with finance (Settings)."
        ) : (
          <>
            Signed with <span className="mono">{signingKey.fingerprint}</span> (
            {signingKey.store === "file" ? "passphrase-protected file" : "system keychain"}).
          </>
        )}
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          id="pack-export-button"
          disabled={running || department === "" || month === ""}
          onClick={() => void exportPack()}
        >
          Export signed pack
        </button>
      </div>
      {running && (
        <div className="import-progress" role="status">
          {progress === null ? (
            <progress id="pack-progress" aria-label="Export progress" />
          ) : (
            <progress id="pack-progress" aria-label="Export progress" value={progress.fraction} max={1} />
          )}
          <span>{progress === null ? "Choosing where to save…" : `${progress.stage}…`}</span>
          {progress !== null && (
            <button
              type="button"
              id="cancel-pack-export"
              onClick={() => {
                api.cancelTask("pack-export").catch(() => {
                  // Too late to cancel: the export finishes and says so.
                });
              }}
            >
              Cancel
            </button>
          )}
        </div>
      )}
      <Banners error={error} notice={message} />
      {exported && (
        <div className="pack-exported" data-testid="pack-exported" id="pack-exported">
          <p className="accounting-sentence">
            {exported.headline}: {formatMoney(exported.total, exported.currency, rounding)} ({plural(exported.lines, "line")})
            {exported.unchanged && <span className="status-pill pack-unchanged"> unchanged</span>}
          </p>
          <dl className="facts">
            <dt>File</dt>
            <dd id="pack-exported-file">{exported.file_name}</dd>
            <dt>Pack id</dt>
            <dd className="mono" id="pack-exported-id">
              {exported.pack_id}
            </dd>
            <dt>Sequence</dt>
            <dd>{exported.sequence}</dd>
            <dt>Supersedes</dt>
            <dd className="mono">{exported.supersedes ?? "—"}</dd>
            <dt>Unchanged</dt>
            <dd>{exported.unchanged ? "Yes: same content and key as the last pack, so the same pack id" : "No"}</dd>
            <dt>Key fingerprint</dt>
            <dd className="mono">{exported.signer_fingerprint}</dd>
            <dt>SHA-256 of the zip</dt>
            <dd className="mono">{exported.sha256}</dd>
            <dt>Files inside</dt>
            <dd>
              <ul className="plain-list" id="pack-exported-files">
                {exported.files.map((f) => (
                  <li key={f} className="mono">
                    {f}
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        </div>
      )}
    </div>
  );
}

function PackList({ packs }: { packs: PackRecord[] }) {
  return (
    <div className="card" id="pack-list">
      <h2>Exported packs</h2>
      {packs.length === 0 ? (
        <p className="muted" id="packs-empty">
          No pack exported yet. Record an approval or a dispute (Disputes &amp; approvals), then export its signed pack above.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" id="packs-table" aria-label="Exported packs">
            <thead>
              <tr>
                <th>Pack id</th>
                <th>Kind</th>
                <th>Department</th>
                <th>Month</th>
                <th className="num">Sequence</th>
                <th className="num">Lines</th>
                <th>Signer</th>
                <th>Created</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {packs.map((p) => (
                <tr key={p.pack_id} data-pack-id={p.pack_id} className={p.superseded ? "muted" : ""}>
                  <td className="mono" title={`${p.file_name}, SHA-256 ${p.sha256}`}>
                    {p.pack_id}
                  </td>
                  <td>{p.kind === "approval" ? "Approval" : p.kind === "dispute" ? "Dispute" : p.kind}</td>
                  <td>{p.department}</td>
                  <td className="nowrap">{p.month}</td>
                  <td className="num">{p.sequence}</td>
                  <td className="num">{p.lines}</td>
                  <td>{p.signer}</td>
                  <td className="nowrap">{formatWhen(p.created_at)}</td>
                  <td>
                    {p.superseded ? (
                      <span className="status-pill">Superseded</span>
                    ) : (
                      <span className="status-pill status-on_track">Current</span>
                    )}
                    {p.supersedes && <div className="hint">replaces {p.supersedes}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function OpenPackPanel({ api }: { api: Api }) {
  const [pack, setPack] = useState<ChosenFile | null>(null);
  const [signers, setSigners] = useState<ChosenFile | null>(null);
  const [result, setResult] = useState<PackVerification | null>(null);
  const { error, running, run } = useAction();

  const choosePack = () =>
    run(async () => {
      const chosen = await api.choosePackFile();
      if (chosen !== null) {
        setPack(chosen);
        setResult(null);
      }
      return null;
    });

  const chooseSigners = () =>
    run(async () => {
      const chosen = await api.chooseAllowedSigners();
      if (chosen !== null) {
        setSigners(chosen);
        setResult(null);
      }
      return null;
    });

  const verify = () =>
    run(async () => {
      if (pack === null) throw new Error("Choose a pack to verify first.");
      setResult(null);
      setResult(await api.verifyPack(pack.token, signers?.token ?? null));
      return null;
    });

  return (
    <div className="card pack-open" id="pack-open" aria-label="Open a pack">
      <h2>Open pack</h2>
      <p className="muted">
        Check a pack as finance would: every file against its hash, the signature, the totals, and whether the signing key
        is one you trust.
      </p>
      <div className="actions">
        <button type="button" id="pack-choose" disabled={running} onClick={() => void choosePack()}>
          Choose pack…
        </button>
        <button type="button" id="pack-choose-signers" disabled={running} onClick={() => void chooseSigners()}>
          Trust an allowed_signers file…
        </button>
        <button type="button" className="primary" id="pack-verify" disabled={running || pack === null} onClick={() => void verify()}>
          Verify
        </button>
      </div>
      <dl className="facts">
        <dt>Pack</dt>
        <dd id="pack-chosen">{pack?.name ?? "none chosen"}</dd>
        <dt>Trusted signers</dt>
        <dd id="pack-signers">
          {signers === null ? (
            "none (keys this Runrate holds are trusted)"
          ) : (
            <>
              {signers.name}{" "}
              <button type="button" className="link inline" onClick={() => setSigners(null)}>
                stop using
              </button>
            </>
          )}
        </dd>
      </dl>
      {running && pack !== null && result === null && <p className="muted">Checking…</p>}
      <Banners error={error} notice={null} />
      {result && <PackVerificationView verification={result} />}
    </div>
  );
}
