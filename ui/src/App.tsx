import { useState } from "react";
import type { Api } from "./api";
import { AttributionScreen } from "./attribution/AttributionScreen";
import { ServiceCodesScreen } from "./codes/ServiceCodesScreen";
import { ImportsScreen } from "./imports/ImportsScreen";
import { OverviewScreen } from "./overview/OverviewScreen";
import { AREAS, type AreaId } from "./shell/areas";
import { SettingsScreen } from "./shell/SettingsScreen";
import { UpcomingArea } from "./shell/UpcomingArea";

export function App({ api }: { api: Api }) {
  const [area, setArea] = useState<AreaId>("codes");
  const current = AREAS.find((a) => a.id === area) ?? AREAS[0]!;
  return (
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
      <main className="content">
        {area === "codes" ? (
          <ServiceCodesScreen api={api} />
        ) : area === "imports" ? (
          <ImportsScreen api={api} />
        ) : area === "attribution" ? (
          <AttributionScreen api={api} />
        ) : area === "overview" ? (
          <OverviewScreen api={api} />
        ) : area === "settings" ? (
          <SettingsScreen api={api} />
        ) : (
          <UpcomingArea area={current} />
        )}
      </main>
    </div>
  );
}
