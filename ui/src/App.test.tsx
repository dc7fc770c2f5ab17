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
  };
  return { api: calls as unknown as Api, calls };
}

describe("App navigation", () => {
  it("opens the import, attribution and overview screens", async () => {
    const fake = fakeApi();
    render(<App api={fake.api} />);
    expect(await screen.findByRole("heading", { name: "Service codes" })).toBeTruthy();

    await act(async () => fireEvent.click(document.querySelector('[data-area="imports"]')!));
    expect(screen.getByRole("heading", { name: "Imports" })).toBeTruthy();
    expect(document.getElementById("choose-import-files")).not.toBeNull();
    expect(fake.calls.listImports).toHaveBeenCalled();

    await act(async () => fireEvent.click(document.querySelector('[data-area="attribution"]')!));
    expect(await screen.findByText("Every imported line is attributed to a service code.")).toBeTruthy();

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
});
