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

  it("loads layouts from a file and saves one to a file", async () => {
    let stored: Mapping[] = [];
    const api = {
      listMappings: vi.fn(async () => [...stored]),
      importMappingsFile: vi.fn(async () => {
        stored = [LEDGER];
        return [LEDGER];
      }),
      exportMappingFile: vi.fn(async () => ({ name: "ledger.json", records: 1 })),
      deleteMapping: vi.fn(),
    } as unknown as Api;
    render(<MappingsSection api={api} />);
    expect(await screen.findByText("No saved layouts yet.")).toBeTruthy();
    await act(async () => fireEvent.click(document.getElementById("import-mappings-file")!));
    expect(await screen.findByText("Loaded 1 layout: Group ledger extract.")).toBeTruthy();
    const save = document.querySelector<HTMLButtonElement>('button[data-export-mapping="Group ledger extract"]')!;
    await act(async () => fireEvent.click(save));
    expect(api.exportMappingFile).toHaveBeenCalledWith("Group ledger extract");
    expect(await screen.findByText("Saved the layout “Group ledger extract” to ledger.json.")).toBeTruthy();
  });
});
