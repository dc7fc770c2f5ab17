import { useCallback, useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { AttributionRule } from "../bindings";
import { formatWhen, plural } from "../format";
import { providerName, RULE_KIND_LABELS } from "../labels";
import { Banners } from "../shell/Banners";
import { SortHeader } from "../shell/SortHeader";
import { TableFilter } from "../shell/TableFilter";
import { useSortable, type SortSpecs } from "../shell/useSortable";
import { useTableFilter } from "../shell/useTableFilter";

type Column = "kind" | "pattern" | "provider" | "code" | "created";

const COLUMNS: SortSpecs<AttributionRule, Column> = {
  kind: { kind: "text", value: (r) => RULE_KIND_LABELS[r.kind] },
  pattern: { kind: "text", value: (r) => r.pattern },
  provider: { kind: "text", value: (r) => (r.provider ? providerName(r.provider) : "") },
  code: { kind: "text", value: (r) => r.service_code },
  created: { kind: "date", value: (r) => r.created_at },
};

function rowText(r: AttributionRule): string {
  return [RULE_KIND_LABELS[r.kind], r.pattern, r.provider ? providerName(r.provider) : "any", r.service_code].join(" ");
}

/**
 * The attribution rules in force, with a way to take one back: its lines go
 * to whichever other rule matches them, or back to unattributed. `version`
 * changes when the screen adds a rule, so the list is read again.
 */
export function RulesPanel({ api, version, onRemoved }: { api: Api; version: number; onRemoved: () => void }) {
  const [rules, setRules] = useState<AttributionRule[]>([]);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filter = useTableFilter(rules, rowText);
  const sorting = useSortable(filter.rows, COLUMNS);

  const refresh = useCallback(async () => {
    try {
      setRules(await api.listRules());
    } catch (e) {
      setError(toAppError(e).message);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh, version]);

  async function remove(rule: AttributionRule) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const removed = await api.removeRule(rule.id);
      const n = removed.lines_reattributed;
      setNotice(
        `Removed the rule for ${rule.pattern}: ${plural(n, "line")} ${n === 1 ? "was" : "were"} attributed again.`,
      );
      setConfirming(null);
      await refresh();
      onRemoved();
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card rules-panel" id="rules">
      <h2>Rules in force</h2>
      <p className="muted">
        The most specific rule wins: an API key before a project or workspace, those before a billing tag or a
        workload code.
      </p>
      <Banners error={error} notice={notice} onDismiss={() => setNotice(null)} />
      {rules.length === 0 ? (
        <p className="muted">No rules yet: map an identifier above and it appears here.</p>
      ) : (
        <>
          <TableFilter
            id="rules-filter"
            label="Filter the attribution rules"
            query={filter.query}
            onChange={filter.setQuery}
            shown={filter.rows.length}
            total={filter.total}
          />
          <div className="table-scroll">
            <table className="data-table" id="rules-table" aria-label="Attribution rules">
              <thead>
                <tr>
                  <SortHeader column="kind" sorting={sorting}>
                    Kind
                  </SortHeader>
                  <SortHeader column="pattern" sorting={sorting}>
                    Identifier
                  </SortHeader>
                  <SortHeader column="provider" sorting={sorting}>
                    Provider
                  </SortHeader>
                  <SortHeader column="code" sorting={sorting}>
                    Service code
                  </SortHeader>
                  <SortHeader column="created" sorting={sorting}>
                    Made
                  </SortHeader>
                  <th aria-label="Remove" />
                </tr>
              </thead>
              <tbody>
                {sorting.rows.map((r) => (
                  <tr key={r.id} data-rule-id={r.id} data-pattern={r.pattern}>
                    <td>{RULE_KIND_LABELS[r.kind]}</td>
                    <td className="mono">{r.pattern}</td>
                    <td>{r.provider ? providerName(r.provider) : <span className="muted">any</span>}</td>
                    <td>{r.service_code}</td>
                    <td>{formatWhen(r.created_at)}</td>
                    <td>
                      {confirming === r.id ? (
                        <span className="confirm">
                          <button
                            type="button"
                            className="danger remove-rule-confirm"
                            disabled={busy}
                            onClick={() => void remove(r)}
                          >
                            Remove
                          </button>
                          <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
                            Keep
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="link-button remove-rule"
                          aria-label={`Remove the rule for ${r.pattern}`}
                          disabled={busy}
                          onClick={() => setConfirming(r.id)}
                        >
                          Remove…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
