import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../api";
import { period, scopeForecast, view } from "../testing/forecasts";
import { ForecastTiles } from "./ForecastTiles";

afterEach(cleanup);

describe("Overview tiles", () => {
  it("shows month to date, forecast with its range, budget, status and alerts, and opens the forecast", async () => {
    const tiles = [
      view(),
      view(
        scopeForecast({
          scope: { kind: "service_code", key: "fin-ap-query-prod" },
          month: period({ status: "over", forecast: "10424.04", budget: "900", low: null, high: null }),
          alerts: [],
          unattributed: null,
        }),
      ),
    ];
    const overviewTiles = vi.fn(async () => tiles);
    const onOpen = vi.fn();
    render(<ForecastTiles api={{ overviewTiles } as unknown as Api} onOpen={onOpen} />);
    const cs = await screen.findByRole("article", { name: "Customer Service: At risk" });
    expect(within(cs).getByText("855.66 GBP")).toBeTruthy();
    expect(within(cs).getByText("1,512.11 GBP")).toBeTruthy();
    expect(within(cs).getByText("(1,213.67–1,569.59)")).toBeTruthy();
    expect(within(cs).getByText("Forecast 88.9% of the 2026-11 budget")).toBeTruthy();
    expect(cs.querySelector(".tile-unattributed")!.textContent).toBe("10.26% of 2026-10 showback");
    const fin = screen.getByRole("article", { name: "Service code fin-ap-query-prod: Over budget" });
    expect(within(fin).getByText("10,424.04 GBP")).toBeTruthy();
    expect(screen.getByRole("region", { name: "Service codes" })).toBeTruthy();
    fireEvent.click(within(fin).getByText("Open forecast"));
    expect(onOpen).toHaveBeenCalledWith({ kind: "service_code", key: "fin-ap-query-prod" });
  });

  it("says what to do when there is nothing to forecast", async () => {
    render(<ForecastTiles api={{ overviewTiles: vi.fn(async () => []) } as unknown as Api} />);
    expect(await screen.findByText("Add departments and import spend to see forecasts here.")).toBeTruthy();
  });
});
