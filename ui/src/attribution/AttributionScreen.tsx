import { useCallback, useEffect, useState } from "react";
import { ACTIVE_CODES, toAppError, type Api } from "../api";
import type { RoundingRule, ServiceCode, UnattributedGroup } from "../bindings";
import { compareDecimal, formatCount, formatMoney, plural } from "../format";
import { providerName, RULE_KIND_LABELS } from "../labels";
import { RulesPanel } from "./RulesPanel";
import { Banners } from "../shell/Banners";
import { EmptyState } from "../shell/EmptyState";
import { useNavigate } from "../shell/navigation";
import { SortHeader } from "../shell/SortHeader";
import { TableFilter } from "../shell/TableFilter";
import { compareText, useSortable, type SortSpecs } from "../shell/useSortable";
import { useTableFilter } from "../shell/useTableFilter";
import { useRounding } from "../rounding";

function groupKey(g: UnattributedGroup): string {
  return `${g.kind ?? "none"}\u001f${g.provider ?? ""}\u001f${g.identifier}`;
}

function kindLabel(g: UnattributedGroup): string {
  return g.kind ? RULE_KIND_LABELS[g.kind] : "No identifier";
}

type Column = "kind" | "identifier" | "aka" | "provider" | "lines" | "amount";

const COLUMNS: SortSpecs<UnattributedGroup, Column> = {
  kind: { kind: "text", value: kindLabel },
  identifier: { kind: "text", value: (g) => g.identifier },
  aka: { kind: "text", value: (g) => g.also_known_as.join(", ") },
  provider: { kind: "text", value: (g) => (g.provider ? providerName(g.provider) : "") },
  lines: { kind: "number", value: (g) => g.lines },
  // Amounts in different currencies have no common order: the same currency
  // sorts together, by amount (the first total when a group has several).
  amount: {
    kind: "custom",
    missing: (g) => g.totals.length === 0,
    compare: (a, b) => {
      const x = a.totals[0];
      const y = b.totals[0];
      if (!x || !y) return 0;
      return compareText(x.currency, y.currency) || compareDecimal(x.amount, y.amount);
    },
  },
};

/** The words a row shows, for the filter. */
function rowText(g: UnattributedGroup, rounding: RoundingRule): string {
  return [
    kindLabel(g),
    g.identifier,
    g.also_known_as.join(" "),
    providerName(g.provider),
    formatCount(g.lines),
    ...g.totals.map((t) => formatMoney(t.amount, t.currency, rounding)),
  ].join(" ");
}

/** Spend no rule ties to a service code, by identifier, with a one-step mapping for each. */
export function AttributionScreen({ api }: { api: Api }) {
  const rounding = useRounding();
  const navigate = useNavigate();
  const [groups, setGroups] = useState<UnattributedGroup[]>([]);
  const [codes, setCodes] = useState<ServiceCode[]>([]);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [loaded, setLoaded] = useState(false);
  // Whether any import still counts: with none, an empty list means there is
  // nothing to attribute yet, not that everything is attributed.
  const [imported, setImported] = useState<boolean | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped when a rule is added here, so the rules list reads them again.
  const [rulesVersion, setRulesVersion] = useState(0);
  const filter = useTableFilter(groups, (g) => rowText(g, rounding));
  const sorting = useSortable(filter.rows, COLUMNS);

  const refresh = useCallback(async () => {
    try {
      const [found, active] = await Promise.all([
        api.unattributedSpend(""),
        api.listServiceCodes(ACTIVE_CODES),
      ]);
      setGroups(found);
      setCodes(active);
      // Only an empty list needs telling apart; undone imports no longer count.
      setImported(found.length > 0 ? true : (await api.listImports()).some((r) => r.undone_at === null));
      setError(null);
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setLoaded(true);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function map(group: UnattributedGroup) {
    const key = groupKey(group);
    const code = chosen[key] ?? "";
    if (group.kind === null || code === "") return;
    setBusy(key);
    setError(null);
    setNotice(null);
    try {
      const saved = await api.addRule({
        kind: group.kind,
        pattern: group.identifier,
        service_code: code,
        // A workload code or a tag means the same whoever served the line, so
        // the rule covers every provider; keys, projects and workspaces keep
        // the provider they came from.
        provider: group.kind === "workload_code" || group.kind === "tag" ? "" : (group.provider ?? ""),
      });
      const n = saved.lines_reattributed;
      setNotice(`Mapped: ${plural(n, "line")} now ${n === 1 ? "belongs" : "belong"} to ${saved.rule.service_code}.`);
      setChosen((current) => {
        const next = { ...current };
        delete next[key];
        return next;
      });
      setRulesVersion((v) => v + 1);
      await refresh();
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="screen attribution-screen">
      <header className="screen-header">
        <div>
          <h1>Attribution</h1>
          <p className="muted">
            Imported spend that no rule ties to a service code yet. Map an API key, project, workspace, billing tag
            or workload code once, and every line that carries it, now and in later imports, belongs to that code.
          </p>
        </div>
      </header>

      <Banners error={error} notice={notice} onDismiss={() => setNotice(null)} />

      {!loaded && <p className="muted">Loading…</p>}
      {loaded && groups.length === 0 && !error && imported === false && (
        <EmptyState
          id="attribution-nothing-imported"
          title="Nothing has been imported yet, so there is no spend to attribute."
          actions={
            <button type="button" className="primary" onClick={() => navigate("imports")}>
              Import files
            </button>
          }
        >
          <p className="muted">
            Import finance’s showback workbook or a provider’s export first. Any spend that no rule ties to a service
            code will then be listed here, ready to map in one step.
          </p>
        </EmptyState>
      )}
      {loaded && groups.length === 0 && !error && imported === true && (
        <div className="notice empty-state" role="status">
          Every imported line is attributed to a service code.
        </div>
      )}
      {loaded && groups.length > 0 && codes.length === 0 && (
        <div className="banner muted-banner">There are no active service codes to map to; add them under Service codes first.</div>
      )}

      {groups.length > 0 && (
        <TableFilter
          id="unattributed-filter"
          label="Filter unattributed spend"
          query={filter.query}
          onChange={filter.setQuery}
          shown={filter.rows.length}
          total={filter.total}
        />
      )}
      {groups.length > 0 && (
        <div className="table-scroll">
          <table id="unattributed-spend" className="data-table" aria-label="Unattributed spend">
            <thead>
              <tr>
                <SortHeader column="kind" sorting={sorting}>
                  Kind
                </SortHeader>
                <SortHeader column="identifier" sorting={sorting}>
                  Identifier
                </SortHeader>
                <SortHeader column="aka" sorting={sorting}>
                  Also known as
                </SortHeader>
                <SortHeader column="provider" sorting={sorting}>
                  Provider
                </SortHeader>
                <SortHeader column="lines" sorting={sorting} className="num">
                  Lines
                </SortHeader>
                <SortHeader column="amount" sorting={sorting} className="num">
                  Amount
                </SortHeader>
                <th>Service code</th>
              </tr>
            </thead>
            <tbody>
              {sorting.rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted empty-row">
                    Nothing unattributed matches “{filter.query.trim()}”.
                  </td>
                </tr>
              )}
              {sorting.rows.map((g) => {
                const key = groupKey(g);
                const code = chosen[key] ?? "";
                const selectId = `map-code-${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
                return (
                  <tr key={key} data-identifier={g.identifier} data-kind={g.kind ?? ""}>
                    <td>{g.kind ? RULE_KIND_LABELS[g.kind] : <span className="muted">No identifier</span>}</td>
                    <td className="mono">{g.identifier || <span className="muted">—</span>}</td>
                    <td>{g.also_known_as.length > 0 ? g.also_known_as.join(", ") : <span className="muted">—</span>}</td>
                    <td>{providerName(g.provider)}</td>
                    <td className="num">{formatCount(g.lines)}</td>
                    <td className="num">
                      {g.totals.length === 0 ? (
                        <span className="muted">no amount</span>
                      ) : (
                        g.totals.map((t) => (
                          <div key={t.currency} className="nowrap">
                            {formatMoney(t.amount, t.currency, rounding)}
                          </div>
                        ))
                      )}
                    </td>
                    <td>
                      {g.kind === null ? (
                        <p className="muted explain">
                          These lines carry no API key, project, workspace, billing tag or workload code, so no rule
                          can match them. Ask for exports that include the key or project, or for finance to add a
                          service code column.
                        </p>
                      ) : (
                        <div className="map-controls">
                          <label htmlFor={selectId} className="visually-hidden">
                            Service code for {g.identifier}
                          </label>
                          <select
                            id={selectId}
                            className="map-code"
                            value={code}
                            onChange={(e) => setChosen((current) => ({ ...current, [key]: e.target.value }))}
                          >
                            <option value="">Choose a service code…</option>
                            {codes.map((c) => (
                              <option key={c.code} value={c.code}>
                                {c.code}
                              </option>
                            ))}
                          </select>
                          <button
                            type="button"
                            className="map-button"
                            disabled={code === "" || busy !== null}
                            aria-label={`Map ${g.identifier} to the chosen service code`}
                            onClick={() => void map(g)}
                          >
                            Map
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <RulesPanel api={api} version={rulesVersion} onRemoved={() => void refresh()} />
    </section>
  );
}
