import { useCallback, useEffect, useMemo, useState } from "react";
import { toAppError, type Api } from "../api";
import type { CodeStatus, Department, RegisterImport, ServiceCode } from "../bindings";
import { CodeEditor, type EditorTarget } from "./CodeEditor";
import { RegisterImportDialog } from "./RegisterImportDialog";
import { formatAmount } from "./form";
import { Banners } from "../shell/Banners";

type StatusFilter = CodeStatus | "all";

/** The register: search, filter, open a code to edit it, or start a new one. */
export function ServiceCodesScreen({ api }: { api: Api }) {
  const [codes, setCodes] = useState<ServiceCode[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [search, setSearch] = useState("");
  const [department, setDepartment] = useState("");
  const [status, setStatus] = useState<StatusFilter>("active");
  const [target, setTarget] = useState<EditorTarget | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [importing, setImporting] = useState<{ token: string; preview: RegisterImport } | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [list, depts, isEmpty] = await Promise.all([
        api.listServiceCodes({
          search: search.trim() === "" ? null : search,
          department: department === "" ? null : department,
          status: status === "all" ? null : status,
        }),
        api.listDepartments(),
        api.isEmpty(),
      ]);
      setCodes(list);
      setDepartments(depts);
      setEmpty(isEmpty);
      setError(null);
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setLoaded(true);
    }
  }, [api, search, department, status]);

  useEffect(() => {
    const timer = setTimeout(() => void refresh(), 150);
    return () => clearTimeout(timer);
  }, [refresh]);

  const activeCount = useMemo(() => codes.filter((c) => c.status === "active").length, [codes]);

  async function exportRegister() {
    try {
      const done = await api.exportRegister();
      if (done) setNotice(`Exported ${done.records} service codes to ${done.name}.`);
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  async function chooseImport() {
    try {
      const file = await api.chooseRegisterFile();
      if (!file) return;
      const preview = await api.importRegister(file.token, true);
      setImporting({ token: file.token, preview });
    } catch (e) {
      setError(toAppError(e).message);
    }
  }

  function saved(code: ServiceCode, verb: string) {
    setNotice(`${verb} ${code.code}.`);
    setTarget({ kind: "existing", code });
    void refresh();
  }

  return (
    <section className="screen codes-screen">
      <header className="screen-header">
        <div>
          <h1>Service codes</h1>
          <p className="muted">
            {loaded ? `${codes.length} shown · ${activeCount} active` : "Loading…"}
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => void chooseImport()}>
            Import…
          </button>
          <button type="button" onClick={() => void exportRegister()}>
            Export…
          </button>
          <button type="button" className="primary" id="new-code" onClick={() => setTarget({ kind: "new" })}>
            New service code
          </button>
        </div>
      </header>

      <Banners error={error} notice={notice} onDismiss={() => setNotice(null)} />

      {loaded && empty && (
        <div className="welcome">
          <h2>No service codes yet</h2>
          <p>
            A service code names one AI workload, such as <code>cs-case-summary-prod</code>, and ties its spend to a
            department, owners, a cost centre and a budget. Add your codes one by one, or import your register from a
            spreadsheet.
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => setTarget({ kind: "new" })}>
              Add my first code
            </button>
            <button type="button" onClick={() => void chooseImport()}>
              Import a register…
            </button>
          </div>
        </div>
      )}

      <div className={target ? "split editing" : "split"}>
        <div className="list-pane">
          <div className="filters">
            <input
              type="search"
              id="code-search"
              placeholder="Search codes, owners, descriptions…"
              aria-label="Search service codes"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <select aria-label="Department" value={department} onChange={(e) => setDepartment(e.target.value)}>
              <option value="">All departments</option>
              {departments.map((d) => (
                <option key={d.id} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
              <option value="active">Active</option>
              <option value="retired">Retired</option>
              <option value="all">All</option>
            </select>
          </div>
          <table className="codes-table" aria-label="Service codes">
            <thead>
              <tr>
                <th>Code</th>
                <th>Department</th>
                <th>Stage</th>
                <th className="optional">Business owner</th>
                <th className="num">Monthly cap</th>
                <th className="optional">Review</th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => {
                const selected = target?.kind === "existing" && target.code.code === c.code;
                return (
                  <tr
                    key={c.code}
                    className={selected ? "selected" : c.status === "retired" ? "retired" : undefined}
                    data-code={c.code}
                    tabIndex={0}
                    onClick={() => setTarget({ kind: "existing", code: c })}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") setTarget({ kind: "existing", code: c });
                    }}
                  >
                    <td className="code-cell">
                      <span className="mono">{c.code}</span>
                      {c.status === "retired" && <span className="tag">retired</span>}
                      <div className="sub">{c.description}</div>
                    </td>
                    <td>{c.department}</td>
                    <td>
                      <span className={`stage stage-${c.stage}`}>{c.stage}</span>
                    </td>
                    <td className="optional">{c.business_owner ?? <span className="muted">—</span>}</td>
                    <td className="num">{formatAmount(c.budget_cap, c.currency)}</td>
                    <td className="optional">{c.review_date ?? <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
              {loaded && codes.length === 0 && !empty && (
                <tr>
                  <td colSpan={6} className="muted empty-row">
                    No service codes match these filters.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {target && (
          <CodeEditor
            key={target.kind === "new" ? "new" : target.code.code + target.code.updated_at}
            api={api}
            target={target}
            departments={departments}
            onClose={() => setTarget(null)}
            onSaved={saved}
            onDepartmentsChanged={() => void refresh()}
          />
        )}
      </div>

      {importing && (
        <RegisterImportDialog
          preview={importing.preview}
          onCancel={() => setImporting(null)}
          onConfirm={async () => {
            try {
              const done = await api.importRegister(importing.token, false);
              setImporting(null);
              setNotice(
                done.committed
                  ? `Imported ${done.file}: ${done.created.length} created, ${done.updated.length} updated, ${done.unchanged.length} unchanged.`
                  : `Nothing was imported from ${done.file}: ${done.rejected.length} rows were rejected.`,
              );
              await refresh();
            } catch (e) {
              setImporting(null);
              setError(toAppError(e).message);
            }
          }}
        />
      )}
    </section>
  );
}
