import { useEffect, useState } from "react";
import { toAppError, type Api } from "../api";
import type { ForecastView, Scope } from "../bindings";
import { formatMoney, formatPercent, formatShare } from "../format";
import { scopeLabel, statusLabel } from "../labels";
import { useRounding } from "../rounding";
import { Banners } from "../shell/Banners";
import { SvgImage } from "../shell/SvgImage";

/**
 * A tile per department and per service code with spend: month to date, the
 * forecast against budget as a bullet chart, and the alerts it raises.
 */
export function ForecastTiles({ api, onOpen }: { api: Api; onOpen?: ((scope: Scope) => void) | undefined }) {
  const rounding = useRounding();
  const [tiles, setTiles] = useState<ForecastView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .overviewTiles("")
      .then((found) => {
        if (live) setTiles(found);
      })
      .catch((e: unknown) => {
        if (live) setError(toAppError(e).message);
      });
    return () => {
      live = false;
    };
  }, [api]);

  if (error) return <Banners error={error} notice={null} />;
  if (tiles === null) return <p className="muted">Forecasting…</p>;
  if (tiles.length === 0) {
    return <p className="muted">Add departments and import spend to see forecasts here.</p>;
  }
  const groups: { title: string; items: ForecastView[] }[] = [
    { title: "Departments", items: tiles.filter((t) => t.forecast.scope.kind === "department") },
    { title: "Service codes", items: tiles.filter((t) => t.forecast.scope.kind === "service_code") },
  ];
  return (
    <div className="tile-groups">
      {groups
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <section key={g.title} aria-label={g.title}>
            <h2 className="tile-group-title">{g.title}</h2>
            <div className="tiles">
              {g.items.map(({ forecast: f, bullet_svg }) => {
                const m = f.month;
                const name = scopeLabel(f.scope);
                return (
                  <article
                    key={`${f.scope.kind}:${f.scope.key}`}
                    className={`tile status-${m.status}`}
                    data-scope={f.scope.key}
                    aria-label={`${name}: ${statusLabel(m.status)}`}
                  >
                    <header className="tile-header">
                      <h3>{f.scope.key}</h3>
                      <span className={`status-pill status-${m.status}`}>{statusLabel(m.status)}</span>
                    </header>
                    <dl className="tile-figures">
                      <dt>Month to date</dt>
                      <dd className="tile-mtd">{formatMoney(m.actual_to_date, f.currency, rounding)}</dd>
                      <dt>Forecast {m.period}</dt>
                      <dd className="tile-forecast">
                        {formatMoney(m.forecast, f.currency, rounding)}
                        {m.low !== null && m.high !== null && (
                          <span className="muted">
                            {" "}
                            ({formatMoney(m.low, f.currency, rounding, false)}–{formatMoney(m.high, f.currency, rounding, false)})
                          </span>
                        )}
                      </dd>
                      <dt>Budget</dt>
                      <dd>{m.budget === null ? <span className="muted">none set</span> : formatMoney(m.budget, f.currency, rounding)}</dd>
                      {f.unattributed && (
                        <>
                          <dt>Unattributed</dt>
                          <dd className="tile-unattributed">
                            {formatShare(f.unattributed.share)} <span className="muted">of {f.unattributed.month} showback</span>
                          </dd>
                        </>
                      )}
                    </dl>
                    <SvgImage
                      svg={bullet_svg}
                      className="bullet"
                      alt={`Bullet chart: ${formatMoney(m.actual_to_date, f.currency, rounding)} spent, forecast ${formatMoney(m.forecast, f.currency, rounding)}${m.budget ? ` against a budget of ${formatMoney(m.budget, f.currency, rounding)}` : ""}`}
                    />
                    {f.alerts.length > 0 && (
                      <ul className="tile-alerts">
                        {f.alerts.map((a) => (
                          <li key={`${a.period}-${a.basis}`}>
                            {a.basis === "actual" ? "Spent" : "Forecast"} {formatPercent(a.percent_of_budget)} of the {a.period} budget
                          </li>
                        ))}
                      </ul>
                    )}
                    {onOpen && (
                      <button type="button" className="link-button" onClick={() => onOpen(f.scope)}>
                        Open forecast
                      </button>
                    )}
                  </article>
                );
              })}
            </div>
          </section>
        ))}
    </div>
  );
}
