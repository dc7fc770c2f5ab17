import { useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { AppInfo } from "../bindings";

/** What Runrate is, its version, and where this workspace's data lives. */
export function AboutScreen({ api }: { api: Api }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .appInfo()
      .then(setInfo)
      .catch((e: unknown) => setError(toAppError(e).message));
  }, [api]);

  return (
    <section className="screen about-screen">
      <header className="screen-header">
        <div>
          <h1>About Runrate</h1>
          <p className="muted">Your department's AI spend, run rate and value, kept on this computer.</p>
        </div>
      </header>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <div className="card">
        <dl className="facts">
          <dt>Version</dt>
          <dd id="about-version">{info?.version ?? "…"}</dd>
          <dt>Your data</dt>
          <dd className="mono" id="about-data-location">
            {info?.database_path ?? "…"}
          </dd>
          <dt>Automatic backups</dt>
          <dd className="mono">{info?.backups_folder ?? "…"}</dd>
          <dt>Database schema</dt>
          <dd>{info ? `${info.migrations.length} migrations, the latest “${info.migrations.at(-1) ?? "none"}”` : "…"}</dd>
          <dt>Command line</dt>
          <dd>
            The <code>runrate</code> command reads and writes the same data; <code>runrate --help</code> lists what it
            can do.
          </dd>
          <dt>Licence</dt>
          <dd>MIT</dd>
        </dl>
        <p className="muted">
          Runrate sends nothing over the network. Imports read the files you choose; packs are written where you save
          them and signed with your own key.
        </p>
      </div>
    </section>
  );
}
