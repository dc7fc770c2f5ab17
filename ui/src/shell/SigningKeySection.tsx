import { useCallback, useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { SigningKeyInfo } from "../bindings";
import { formatWhen } from "../format";
import { Banners } from "./Banners";
import { useAction } from "./useAction";

/**
 * The key packs are signed with: its fingerprint and allowed_signers line to
 * register with finance, saving the public key, making the key and rotating it.
 */
export function SigningKeySection({ api }: { api: Api }) {
  const [info, setInfo] = useState<SigningKeyInfo | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [askedForPassphrase, setAskedForPassphrase] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const { error, setError, message, running, run } = useAction();

  const load = useCallback(async () => {
    try {
      setInfo(await api.signingKeyInfo());
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setLoaded(true);
    }
  }, [api, setError]);

  useEffect(() => {
    void load();
  }, [load]);

  const needPassphrase = askedForPassphrase || info?.store === "file";

  // Creating or rotating: a missing or short passphrase asks for one.
  const withPassphrase = (work: () => Promise<SigningKeyInfo>, done: (k: SigningKeyInfo) => string) =>
    run(async () => {
      try {
        const made = await work();
        setInfo(made);
        setPassphrase("");
        setAskedForPassphrase(false);
        setConfirmRotate(false);
        return done(made);
      } catch (e) {
        const failure = toAppError(e);
        if (failure.code === "passphrase_required") setAskedForPassphrase(true);
        throw failure;
      }
    });

  const create = () =>
    withPassphrase(
      () => api.createSigningKey(needPassphrase ? passphrase : ""),
      (k) => `Signing key made: ${k.fingerprint}. Register it with finance.`,
    );

  const rotate = () =>
    withPassphrase(
      () => api.rotateSigningKey(needPassphrase ? passphrase : ""),
      (k) => `Key rotated: packs are now signed with ${k.fingerprint}. Register the new key with finance.`,
    );

  const savePublic = () =>
    run(async () => {
      const saved = await api.exportPublicKey();
      return saved === null ? null : `Public key ${saved.fingerprint} saved.`;
    });

  const passphraseField = needPassphrase && (
    <div className="field narrow">
      <label className="label" htmlFor="signing-passphrase">
        Passphrase for the new key (at least 12 characters)
      </label>
      <input
        type="password"
        id="signing-passphrase"
        autoComplete="new-password"
        autoFocus={askedForPassphrase}
        aria-describedby="signing-passphrase-hint"
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
      />
      <span className="hint" id="signing-passphrase-hint">
        No keychain here: the key is kept in a file this passphrase protects. It is never stored.
      </span>
    </div>
  );

  return (
    <div className="card wide signing-key-section" id="signing-key">
      <h2>Signing key</h2>
      <p className="muted">
        Packs are signed with this key. Give finance its fingerprint or allowed_signers line once, so they can check every
        pack you send.
      </p>
      <Banners error={error} notice={message} />
      {!loaded ? (
        <p className="muted">Reading the key…</p>
      ) : info === null ? (
        <>
          <p id="signing-key-none">
            No signing key yet. One is made when you sign your first pack, or create it now to register it with finance first.
          </p>
          {passphraseField}
          <button type="button" className="primary" id="create-signing-key" disabled={running} onClick={() => void create()}>
            Create key
          </button>
        </>
      ) : (
        <>
          <dl className="facts">
            <dt>Fingerprint</dt>
            <dd className="mono" id="signing-fingerprint">
              {info.fingerprint}
            </dd>
            <dt>Kept in</dt>
            <dd id="signing-store">
              {info.store === "keychain" ? "The system keychain" : "A passphrase-protected file"}
              {info.file && (
                <>
                  {": "}
                  <span className="mono" id="signing-key-file">
                    {info.file}
                  </span>
                </>
              )}
            </dd>
            <dt>Created</dt>
            <dd>{formatWhen(info.created_at)}</dd>
            <dt>Principal</dt>
            <dd className="mono">{info.principal}</dd>
            <dt>Public key</dt>
            <dd>
              <code id="signing-public-key">{info.public_key}</code>
            </dd>
          </dl>
          <label className="field">
            <span className="label">allowed_signers line (for ssh-keygen -Y verify)</span>
            <textarea
              id="signing-allowed-signers"
              className="mono"
              readOnly
              rows={2}
              value={info.allowed_signers}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <div className="actions">
            <button type="button" id="export-public-key" disabled={running} onClick={() => void savePublic()}>
              Save public key…
            </button>
            {!confirmRotate && (
              <button type="button" id="rotate-signing-key" disabled={running} onClick={() => setConfirmRotate(true)}>
                Rotate key
              </button>
            )}
          </div>
          {confirmRotate && (
            <div className="inline-form" id="rotate-confirm">
              <p className="warnings">
                Rotating makes a new key and retires this one: packs it signed stay verifiable, but finance must register the new
                fingerprint before they trust new packs.
              </p>
              {passphraseField}
              <div className="actions">
                <button type="button" className="danger" id="rotate-signing-key-confirm" disabled={running} onClick={() => void rotate()}>
                  Rotate now
                </button>
                <button type="button" onClick={() => setConfirmRotate(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          {info.retired.length > 0 && (
            <>
              <h3>Retired keys</h3>
              <ul className="plain-list" id="signing-retired">
                {info.retired.map((r) => (
                  <li key={r.fingerprint}>
                    <span className="mono">{r.fingerprint}</span> <span className="muted">retired {formatWhen(r.retired_at)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
