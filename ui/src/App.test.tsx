import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "./api";
import { App } from "./App";

afterEach(cleanup);

function fakeApi() {
  const calls = {
    isEmpty: vi.fn(async () => false),
    getSettings: vi.fn(async () => ({ rounding_rule: "half_even" })),
    listServiceCodes: vi.fn(async () => []),
    listDepartments: vi.fn(async () => []),
    listImports: vi.fn(async () => []),
    unattributedSpend: vi.fn(async () => []),
    listRules: vi.fn(async () => []),
    spendReport: vi.fn(async () => {
      throw new Error("no data");
    }),
    overviewTiles: vi.fn(async () => []),
    reconcile: vi.fn(async () => {
      throw new Error("nothing imported");
    }),
    disputeReasons: vi.fn(async () => []),
    listPacks: vi.fn(async () => []),
    signingKeyInfo: vi.fn(async () => null),
    appInfo: vi.fn(async () => ({
      version: "0.1.0",
      database_path: "/home/priya/.local/share/runrate/runrate.db",
      migrations: ["foundation", "packs"],
      backups_folder: "/home/priya/.local/share/runrate/backups",
      demo_loaded: true,
    })),
    listBackups: vi.fn(async () => [
      {
        file_name: "runrate-20261205-113000-before-undo.sqlite",
        path: "/home/priya/.local/share/runrate/backups/runrate-20261205-113000-before-undo.sqlite",
        bytes: 2_400_000,
        reason: "before-undo",
        created_at: "2026-12-05T11:30:00Z",
        spend_lines: null,
      },
    ]),
    restoreBackup: vi.fn(async () => ({
      restored_from: "/home/priya/.local/share/runrate/backups/runrate-20261205-113000-before-undo.sqlite",
      spend_lines: 1234,
      previous: { path: "/home/priya/.local/share/runrate/backups/runrate-20261205-114000-before-restore.sqlite" },
    })),
    clearDemo: vi.fn(async () => ({ backup: { path: "/backups/runrate-before-clearing-demo.sqlite" } })),
    loadDemo: vi.fn(async () => ({
      departments: 5,
      service_codes: 9,
      rules: 8,
      spend_lines: 12000,
      budgets: 6,
      hypotheses: 1,
    })),
  };
  return { api: calls as unknown as Api, calls };
}

describe("App navigation", () => {
  it("opens the import, attribution and overview screens", async () => {
    const fake = fakeApi();
    render(<App api={fake.api} />);
    expect(await screen.findByRole("heading", { name: "Overview" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Welcome to Runrate" })).toBeNull();

    await act(async () => fireEvent.click(document.querySelector('[data-area="imports"]')!));
    expect(screen.getByRole("heading", { name: "Imports" })).toBeTruthy();
    expect(document.getElementById("choose-import-files")).not.toBeNull();
    expect(fake.calls.listImports).toHaveBeenCalled();

    await act(async () => fireEvent.click(document.querySelector('[data-area="attribution"]')!));
    expect(await screen.findByText("Nothing has been imported yet, so there is no spend to attribute.")).toBeTruthy();

    await act(async () => fireEvent.click(document.querySelector('[data-area="overview"]')!));
    expect(document.getElementById("spend-month")).not.toBeNull();
    expect(fake.calls.spendReport).toHaveBeenCalled();
    expect(fake.calls.overviewTiles).toHaveBeenCalled();

    await act(async () => fireEvent.click(document.querySelector('[data-area="reconciliation"]')!));
    expect(screen.getByRole("heading", { name: "Reconciliation" })).toBeTruthy();
    expect(fake.calls.reconcile).toHaveBeenCalled();
    expect(await screen.findByText("nothing imported")).toBeTruthy();

    await act(async () => fireEvent.click(document.querySelector('[data-area="disputes"]')!));
    expect(screen.getByRole("heading", { name: "Disputes & approvals" })).toBeTruthy();
    expect(await screen.findByText(/No departments yet/)).toBeTruthy();
    expect(fake.calls.disputeReasons).toHaveBeenCalled();

    await act(async () => fireEvent.click(document.querySelector('[data-area="packs"]')!));
    expect(screen.getByRole("heading", { name: "Packs" })).toBeTruthy();
    expect(await screen.findByText(/No pack exported yet/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Choose pack…" })).toBeTruthy();
  });

  it("offers the demo on first run and says what it loaded", async () => {
    const fake = fakeApi();
    fake.calls.isEmpty.mockResolvedValueOnce(true);
    render(<App api={fake.api} />);
    expect(await screen.findByRole("heading", { name: "Welcome to Runrate" })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Load demo data" })));
    expect(fake.calls.loadDemo).toHaveBeenCalledOnce();
    expect(await screen.findByText(/Demo loaded: 5 departments, 9 service codes/)).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Welcome to Runrate" })).toBeNull();
    // The tiles were fetched again for the loaded data.
    expect(fake.calls.overviewTiles.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("shows the version and data location in About", async () => {
    const fake = fakeApi();
    render(<App api={fake.api} />);
    await act(async () => fireEvent.click(document.querySelector('[data-area="about"]')!));
    expect(await screen.findByText("/home/priya/.local/share/runrate/runrate.db")).toBeTruthy();
    expect(screen.getByText("0.1.0")).toBeTruthy();
  });

  it("restores an automatic backup only after asking, then rebuilds the screens", async () => {
    const fake = fakeApi();
    render(<App api={fake.api} />);
    await act(async () => fireEvent.click(document.querySelector('[data-area="settings"]')!));
    expect(await screen.findByText("Before an import was undone")).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Restore…" })));
    expect(fake.calls.restoreBackup).not.toHaveBeenCalled();
    expect(screen.getByRole("alertdialog").textContent).toContain("replaces everything in this workspace");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Restore" })));
    expect(fake.calls.restoreBackup).toHaveBeenCalledWith({
      automatic: "runrate-20261205-113000-before-undo.sqlite",
    });
    expect(await screen.findByText(/Restored .* \(1,234 spend lines\)/)).toBeTruthy();
  });

  it("clears the demo only after asking", async () => {
    const fake = fakeApi();
    render(<App api={fake.api} />);
    await act(async () => fireEvent.click(document.querySelector('[data-area="settings"]')!));
    await act(async () => fireEvent.click(await screen.findByRole("button", { name: "Clear the demo" })));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Keep my data as it is" })));
    expect(fake.calls.clearDemo).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Clear the demo" })));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Clear the demo" })));
    expect(fake.calls.clearDemo).toHaveBeenCalledOnce();
    expect(await screen.findByText(/Demo cleared/)).toBeTruthy();
  });
});
