import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../api";
import type { Mapping } from "../bindings";
import { MappingsSection } from "./MappingsSection";

afterEach(cleanup);

const LEDGER: Mapping = {
  name: "Group ledger extract",
  source: "showback",
  columns: { period: "Posting", amount: "Sum" },
  currency: null,
  provider: null,
  signature: ["posting", "sum"],
};

describe("Saved layouts", () => {
  it("lists layouts in words and deletes one only after confirmation", async () => {
    let stored = [LEDGER];
    const api = {
      listMappings: vi.fn(async () => [...stored]),
      deleteMapping: vi.fn(async (name: string) => {
        stored = stored.filter((m) => m.name !== name);
        return LEDGER;
      }),
    } as unknown as Api;
    render(<MappingsSection api={api} />);
    const row = await screen.findByText("Group ledger extract");
    const tr = row.closest("tr")!;
    expect(tr.textContent).toContain("Posting → ");
    expect(tr.textContent).toContain("Sum → ");

    fireEvent.click(screen.getByText("Delete…"));
    expect(api.deleteMapping).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(screen.getByText("Yes, delete “Group ledger extract”")));
    expect(api.deleteMapping).toHaveBeenCalledWith("Group ledger extract");
    expect(await screen.findByText("No saved layouts yet.")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Deleted the layout");
  });
});
