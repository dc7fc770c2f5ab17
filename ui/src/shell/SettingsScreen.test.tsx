import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { Settings, SettingsPatch } from "../bindings";
import { SettingsScreen } from "./SettingsScreen";

afterEach(cleanup);

const SETTINGS: Settings = {
  base_currency: "GBP",
  fiscal_year_start_month: 4,
  owner_name: "Priya Shah",
  owner_role: "Head of Customer Service",
  rounding_rule: "half_away_from_zero",
  reconciliation_tolerance_percent: "2",
  reconciliation_tolerance_amount: "1",
  alert_thresholds: [80, 100],
};

function fakeApi() {
  const calls = {
    appInfo: vi.fn(async () => ({
      version: "0.1.0",
      database_path: "/tmp/runrate.db",
      migrations: ["foundation"],
      backups_folder: "/tmp/backups",
      demo_loaded: false,
    })),
    getSettings: vi.fn(async () => SETTINGS),
    updateSettings: vi.fn(async (patch: SettingsPatch): Promise<Settings> => {
      if (patch.alert_thresholds === "eighty") {
        throw new AppError({ code: "invalid", message: "Alert thresholds: threshold 'eighty' is not a whole percentage" });
      }
      return {
        ...SETTINGS,
        fiscal_year_start_month: Number(patch.fiscal_year_start_month),
        rounding_rule: patch.rounding_rule === "half_even" ? "half_even" : "half_away_from_zero",
        alert_thresholds: [50, 90, 100],
      };
    }),
    listBackups: vi.fn(async () => []),
    signingKeyInfo: vi.fn(async () => null),
    listPrices: vi.fn(async () => []),
    listFx: vi.fn(async () => []),
    listMappings: vi.fn(async () => []),
  };
  return { api: calls as unknown as Api, calls };
}

describe("Settings", () => {
  it("saves the fiscal-year start, the rounding rule and the default alert thresholds", async () => {
    const fake = fakeApi();
    render(<SettingsScreen api={fake.api} />);
    const fiscal = (await screen.findByLabelText("Fiscal year starts in")) as HTMLSelectElement;
    await screen.findByDisplayValue("80, 100");
    expect(fiscal.value).toBe("4");
    fireEvent.change(fiscal, { target: { value: "7" } });
    fireEvent.change(screen.getByLabelText("Rounding of shown and packed amounts"), { target: { value: "half_even" } });
    fireEvent.change(screen.getByLabelText(/Alert thresholds for new budgets/), { target: { value: "50 90 100" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save settings" })));
    expect(fake.calls.updateSettings).toHaveBeenCalledWith(
      expect.objectContaining({
        fiscal_year_start_month: "7",
        rounding_rule: "half_even",
        alert_thresholds: "50 90 100",
        base_currency: "GBP",
      }),
    );
    expect(await screen.findByText("Settings saved")).toBeTruthy();
    expect(screen.getByDisplayValue("50, 90, 100")).toBeTruthy();
  });

  it("shows the engine's message for a threshold that is not a number", async () => {
    const fake = fakeApi();
    render(<SettingsScreen api={fake.api} />);
    await screen.findByDisplayValue("80, 100");
    fireEvent.change(screen.getByLabelText(/Alert thresholds for new budgets/), { target: { value: "eighty" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save settings" })));
    expect((await screen.findByRole("alert")).textContent).toContain("'eighty' is not a whole percentage");
  });
});
