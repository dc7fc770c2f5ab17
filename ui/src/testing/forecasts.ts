// Engine-shaped forecasts for the UI tests.
import type { ForecastView, PeriodForecast, ScopeForecast } from "../bindings";

export function period(overrides: Partial<PeriodForecast> = {}): PeriodForecast {
  return {
    period: "2026-11",
    actual_to_date: "855.655",
    forecast: "1512.11",
    low: "1213.67",
    high: "1569.59",
    budget: "1700",
    variance: "-187.89",
    exhaustion_date: null,
    method: "weekday_profile",
    status: "at_risk",
    explanation: "Weekday-aware rate: it had the smallest error forecasting the next 13 day(s).",
    inputs: {
      data_through: "2026-11-17",
      history: 260,
      remaining: 13,
      fixed_charges_to_date: "0",
      expected_fixed_charges: "0",
      backtest_origins: 56,
      scores: [],
      showback_months: [],
    },
    ...overrides,
  };
}

export function scopeForecast(overrides: Partial<ScopeForecast> = {}): ScopeForecast {
  return {
    scope: { kind: "department", key: "Customer Service" },
    as_of: "2026-11-18",
    currency: "GBP",
    month: period(),
    year: period({ period: "FY2026", actual_to_date: "15890.62", forecast: "18588.25", low: null, high: null, budget: null, variance: null, status: "no_budget", method: "insufficient_history_run_rate", explanation: "Insufficient history." }),
    path: [],
    alerts: [
      {
        scope_kind: "department",
        scope: "Customer Service",
        period: "2026-11",
        basis: "forecast",
        threshold: 80,
        amount: "1512.11",
        budget: "1700",
        percent_of_budget: "88.9",
        over_budget: false,
        message: "Department Customer Service: the forecast for 2026-11 is 88.9% of its budget (threshold 80%)",
      },
    ],
    unattributed: { month: "2026-10", amount: "194", share: "0.1026" },
    warnings: [],
    ...overrides,
  };
}

export function view(forecast: ScopeForecast = scopeForecast()): ForecastView {
  return { forecast, chart_svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", bullet_svg: "<svg xmlns='http://www.w3.org/2000/svg'/>" };
}
