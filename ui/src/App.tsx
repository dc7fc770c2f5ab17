import { useEffect, useState } from "react";
import type { Api } from "./api";
import type { RoundingRule, Scope } from "./bindings";
import { RoundingContext } from "./rounding";
import { AttributionScreen } from "./attribution/AttributionScreen";
import { BudgetsScreen } from "./budgets/BudgetsScreen";
import { ServiceCodesScreen } from "./codes/ServiceCodesScreen";
import { ImportsScreen } from "./imports/ImportsScreen";
import { OverviewScreen } from "./overview/OverviewScreen";
import { ReconciliationScreen } from "./reconcile/ReconciliationScreen";
import { ValueScreen } from "./value/ValueScreen";
import { DisputesScreen } from "./disputes/DisputesScreen";
import { PacksScreen } from "./packs/PacksScreen";
import { AREAS, type AreaId } from "./shell/areas";
import { SettingsScreen } from "./shell/SettingsScreen";
import { AboutScreen } from "./shell/AboutScreen";
import { Banners } from "./shell/Banners";
import { NavigateContext } from "./shell/navigation";

export function App({ api }: { api: Api }) {
  const [area, setArea] = useState<AreaId>("overview");
  const [rounding, setRounding] = useState<RoundingRule>("half_away_from_zero");
  const [focus, setFocus] = useState<Scope | null>(null);
  // A restore or clearing the demo replaces the whole workspace: every screen
  // is built again (a new key) and the shell says what happened.
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // Settings may change the rule; it is read again whenever the area changes.
  useEffect(() => {
    let current = true;
    api
      .getSettings()
      .then((s) => {
        if (current) setRounding(s.rounding_rule);
      })
      .catch(() => {
        // Amounts stay shown by the default rule; the Settings screen reports the failure.
      });
    return () => {
      current = false;
    };
  }, [api, area, generation]);
  return (
    <RoundingContext.Provider value={rounding}>
      <NavigateContext.Provider value={setArea}>
        <div className="app">
          <nav className="sidebar" aria-label="Areas">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true" />
              Runrate
            </div>
            <ul>
              {AREAS.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    className={a.id === area ? "nav-item active" : "nav-item"}
                    aria-current={a.id === area ? "page" : undefined}
                    data-area={a.id}
                    onClick={() => setArea(a.id)}
                  >
                    {a.label}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <main className="content" key={generation}>
            <Banners error={null} notice={notice} onDismiss={() => setNotice(null)} />
            {area === "codes" ? (
              <ServiceCodesScreen api={api} />
            ) : area === "imports" ? (
              <ImportsScreen api={api} />
            ) : area === "attribution" ? (
              <AttributionScreen api={api} />
            ) : area === "overview" ? (
              <OverviewScreen
                api={api}
                onOpenScope={(scope) => {
                  setFocus(scope);
                  setArea("budgets");
                }}
              />
            ) : area === "budgets" ? (
              <BudgetsScreen key={focus ? `${focus.kind}:${focus.key}` : "none"} api={api} initialScope={focus} />
            ) : area === "reconciliation" ? (
              <ReconciliationScreen api={api} />
            ) : area === "value" ? (
              <ValueScreen api={api} />
            ) : area === "disputes" ? (
              <DisputesScreen api={api} />
            ) : area === "packs" ? (
              <PacksScreen api={api} />
            ) : area === "settings" ? (
              <SettingsScreen
                api={api}
                onWorkspaceReplaced={(message) => {
                  setNotice(message);
                  setFocus(null);
                  setGeneration((g) => g + 1);
                }}
              />
            ) : (
              <AboutScreen api={api} />
            )}
          </main>
        </div>
      </NavigateContext.Provider>
    </RoundingContext.Provider>
  );
}
