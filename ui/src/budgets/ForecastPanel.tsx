import { useState } from "react";
import { toAppError, type Api } from "../api";
import type { DrillDown, PeriodForecast, ScopeForecast } from "../bindings";
import { formatMoney } from "../format";
import { LinesPanel } from "../shell/LinesPanel";
import { methodLabel, statusLabel } from "../labels";
import { useRounding } from "../rounding";

/** The month-end and year-end forecasts side by side, figure by figure. */
export function ForecastFigures({ forecast }: { forecast: ScopeForecast }) {
  const rounding = useRounding();
  const c = forecast.currency;
  const periods: PeriodForecast[] = [forecast.month, forecast.year];
  const money = (v: string | null) => (v === null ? "—" : formatMoney(v, c, rounding));
  const rows: { label: string; cell: (p: PeriodForecast) => string; className?: string }[] = [
    { label: "Spent to date", cell: (p) => money(p.actual_to_date) },
    { label: "Forecast", cell: (p) => money(p.forecast), className: "forecast-point" },
    {
      label: "80% range",
      cell: (p) => (p.low === null || p.high === null ? "none (insufficient history)" : `${money(p.low)} – ${money(p.high)}`),
    },
    { label: "Budget", cell: (p) => (p.budget === null ? "none set" : money(p.budget)) },
    { label: "Forecast − budget", cell: (p) => money(p.variance) },
    { label: "Budget runs out", cell: (p) => p.exhaustion_date ?? "—" },
    { label: "Method", cell: (p) => methodLabel(p.method) },
  ];
  return (
    <table className="data-table forecast-figures" aria-label="Forecast figures">
      <thead>
        <tr>
          <th />
          {periods.map((p) => (
            <th key={p.period} className="num">
              {p.period}{" "}
              <span className={`status-pill status-${p.status}`} data-status={p.status}>
                {statusLabel(p.status)}
              </span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} className={r.className}>
            <th scope="row">{r.label}</th>
            {periods.map((p) => (
              <td key={p.period} className="num">
                {r.cell(p)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The provider lines behind the month's spend to date, on request: the
 * forecast counts provider evidence for the month under way.
 */
export function ScopeLines({ api, forecast }: { api: Api; forecast: ScopeForecast }) {
  const [open, setOpen] = useState(false);
  const [drill, setDrill] = useState<DrillDown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const month = forecast.as_of.slice(0, 7);
  const scope = forecast.scope;

  async function show() {
    setOpen(true);
    setDrill(null);
    setError(null);
    try {
      setDrill(
        await api.spendLines({
          month,
          by: scope.kind === "department" ? "department" : "service-code",
          key: scope.key,
          source: "provider",
        }),
      );
    } catch (e) {
      setOpen(false);
      setError(toAppError(e).message);
    }
  }

  return (
    <>
      {!open && (
        <button type="button" className="link-button scope-lines" onClick={() => void show()}>
          Show the lines behind the spend to date
        </button>
      )}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {open && (
        <LinesPanel
          title={`Provider lines for ${scope.key} in ${month}`}
          drill={drill}
          currency={forecast.currency}
          onClose={() => setOpen(false)}
          lineHistory={api.lineHistory}
        />
      )}
    </>
  );
}
