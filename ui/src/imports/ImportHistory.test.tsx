import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ImportRecord } from "../bindings";
import { ImportHistory } from "./ImportHistory";

afterEach(cleanup);

function record(id: number, over: Partial<ImportRecord> = {}): ImportRecord {
  return {
    import_id: id,
    file: "showback-oct26.xlsx",
    size: 2048,
    sha256: "ab".repeat(32),
    format: "showback",
    format_version: null,
    mapping: null,
    encoding: null,
    sheets: ["Charges"],
    source_kind: "showback",
    rows_read: 10,
    lines_imported: 7,
    rows_skipped: {},
    rows_rejected: 0,
    duplicates: 0,
    totals: [{ currency: "GBP", amount: "100" }],
    issues: [],
    imported_at: "2026-10-02T09:30:00Z",
    imported_by: "Dana Budget",
    undone_at: null,
    ...over,
  };
}

const RECORDS = [
  record(3, { file: "openai-costs-oct26.csv", format: "openai-cost-csv", lines_imported: 1200, imported_at: "2026-11-02T08:00:00Z" }),
  record(2, { file: "claude-costs-oct26.csv", format: "anthropic-cost-csv", lines_imported: 85, undone_at: "2026-11-01T10:00:00Z" }),
  record(1, { lines_imported: 900, imported_by: "Ana Silva", imported_at: "2026-09-30T17:00:00Z" }),
];

const ids = () => [...document.querySelectorAll("#import-history tr[data-import-id]")].map((tr) => tr.getAttribute("data-import-id"));

describe("Import history", () => {
  it("says which files can be imported when there are none", () => {
    render(<ImportHistory records={[]} loaded={true} onUndo={vi.fn()} />);
    const cell = screen.getByText("Nothing has been imported yet.").closest("td")!;
    for (const words of ["showback workbooks", ".xlsx", ".xls", ".ods", "CSV", "OpenAI", "Anthropic", "FOCUS", "LiteLLM"]) {
      expect(cell.textContent).toContain(words);
    }
    expect(screen.queryByRole("searchbox")).toBeNull();
  });

  it("sorts by lines as numbers and filters by any visible text", () => {
    render(<ImportHistory records={RECORDS} loaded={true} onUndo={vi.fn()} />);
    expect(ids()).toEqual(["3", "2", "1"]);

    const lines = screen.getByRole("columnheader", { name: /Lines/ });
    fireEvent.click(within(lines).getByRole("button"));
    expect(lines.getAttribute("aria-sort")).toBe("ascending");
    expect(ids()).toEqual(["2", "1", "3"]); // 85, 900, 1,200
    fireEvent.click(within(lines).getByRole("button"));
    expect(ids()).toEqual(["3", "1", "2"]);

    fireEvent.click(within(screen.getByRole("columnheader", { name: /When/ })).getByRole("button"));
    expect(ids()).toEqual(["1", "2", "3"]);

    const filter = screen.getByRole("searchbox", { name: "Filter earlier imports" });
    fireEvent.change(filter, { target: { value: "claude console" } });
    expect(ids()).toEqual(["2"]);
    fireEvent.change(filter, { target: { value: "undone" } });
    expect(ids()).toEqual(["2"]);
    fireEvent.change(filter, { target: { value: "silva" } });
    expect(ids()).toEqual(["1"]);
    expect(screen.getByText("1 of 3 shown")).toBeTruthy();
    fireEvent.change(filter, { target: { value: "litellm" } });
    expect(ids()).toEqual([]);
    expect(screen.getByText("No earlier import matches “litellm”.")).toBeTruthy();
  });
});
