import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api, type ImportProgressEvent } from "../api";
import type {
  ChosenFile,
  ImportOptions,
  ImportRecord,
  ImportSummary,
  LayoutPreview,
  Mapping,
} from "../bindings";
import { ImportsScreen } from "./ImportsScreen";

afterEach(cleanup);

const FILE: ChosenFile = { token: "tok-1", name: "Showback Sep-26.xlsx" };

function summary(over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    import_id: null,
    file: FILE.name,
    sha256: "ab".repeat(32),
    format: "showback",
    format_version: null,
    mapping: null,
    source_kind: "showback",
    sheets: ["Charges"],
    sheets_skipped: ["Summary"],
    committed: false,
    rows_read: 10,
    lines_imported: 7,
    rows_skipped: { "blank row": 1, "header row": 1 },
    rows_rejected: 1,
    duplicates: 0,
    conflicts: 0,
    replaced: 0,
    unpriced: 0,
    unattributed: 3,
    totals: [{ currency: "GBP", amount: "12345.675" }],
    issues: [
      {
        severity: "error",
        sheet: "Charges",
        row: 6,
        column: "Amount",
        value: "twelve",
        message: "Charges row 6: amount 'twelve' is not a number",
      },
      {
        severity: "warning",
        sheet: "Charges",
        row: 8,
        column: "Department",
        value: "Fin",
        message: "Charges row 8: department 'Fin' read as Finance",
      },
    ],
    ...over,
  };
}

function record(id: number, over: Partial<ImportRecord> = {}): ImportRecord {
  return {
    import_id: id,
    file: FILE.name,
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
    rows_rejected: 1,
    duplicates: 0,
    totals: [{ currency: "GBP", amount: "12345.675" }],
    issues: [],
    imported_at: "2026-10-02T09:30:00Z",
    imported_by: "Dana Budget",
    undone_at: null,
    ...over,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A stand-in for the engine's import commands. */
function fakeApi() {
  const records: ImportRecord[] = [];
  const listeners = new Set<(event: ImportProgressEvent) => void>();
  const commit = deferred<ImportSummary>();
  const unlisten = vi.fn();
  const calls = {
    chooseImportFiles: vi.fn(async () => [FILE]),
    previewImport: vi.fn(async (_token: string, _options: ImportOptions) => summary()),
    commitImport: vi.fn(async (_token: string, _options: ImportOptions) => {
      const done = await commit.promise;
      records.unshift(record(done.import_id ?? 0));
      return done;
    }),
    onImportProgress: vi.fn(async (handler: (event: ImportProgressEvent) => void) => {
      listeners.add(handler);
      return () => {
        unlisten();
        listeners.delete(handler);
      };
    }),
    listImports: vi.fn(async () => records.map((r) => ({ ...r }))),
    undoImport: vi.fn(async (id: number) => {
      const found = records.find((r) => r.import_id === id);
      if (!found) throw new AppError({ code: "not_found", message: `There is no import #${id}` });
      found.undone_at = "2026-10-03T10:00:00Z";
      return { ...found };
    }),
    inspectLayout: vi.fn(async (_token: string): Promise<LayoutPreview> => {
      throw new AppError({ code: "internal", message: "not expected" });
    }),
    saveMapping: vi.fn(async (mapping: Mapping) => mapping),
    cancelTask: vi.fn(async (_task: string) => true),
  };
  const emit = (event: ImportProgressEvent) => {
    for (const listener of listeners) listener(event);
  };
  return { api: calls as unknown as Api, calls, records, commit, emit, unlisten, listeners };
}

function progressBar(): HTMLProgressElement | null {
  return document.getElementById("import-progress") as HTMLProgressElement | null;
}

describe("Imports screen", () => {
  it("previews a chosen file, blocks rejected rows until asked, imports with progress and lists the import", async () => {
    const fake = fakeApi();
    render(<ImportsScreen api={fake.api} />);
    expect(await screen.findByText("Nothing has been imported yet.")).toBeTruthy();

    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    const card = await screen.findByRole("article", { name: `Import of ${FILE.name}` });
    expect(within(card).getByRole("heading", { name: FILE.name })).toBeTruthy();

    // The preview is a dry run of this file.
    await within(card).findByText("10 rows read = 7 lines to import + 2 skipped + 1 rejected");
    expect(fake.calls.previewImport).toHaveBeenCalledWith(FILE.token, {
      format: null,
      dry_run: true,
      keep_valid_rows: false,
      mapping: null,
      replace_conflicts: false,
    });
    expect(within(card).getByText("Finance showback workbook")).toBeTruthy();
    expect(within(card).getByText("Finance showback (what we are charged)")).toBeTruthy();
    expect(within(card).getByText("12,345.68 GBP")).toBeTruthy();
    expect(within(card).getByText("blank row: 1")).toBeTruthy();
    expect(within(card).getByText("Summary")).toBeTruthy();

    // The rejected row is in the issues table and highlighted as an error.
    const errorCell = within(card).getByText("Charges row 6: amount 'twelve' is not a number");
    const errorRow = errorCell.closest("tr")!;
    expect(errorRow.classList.contains("severity-error")).toBe(true);
    expect(within(errorRow).getByText("twelve")).toBeTruthy();
    const warningRow = within(card).getByText(/read as Finance/).closest("tr")!;
    expect(warningRow.classList.contains("severity-error")).toBe(false);
    expect(warningRow.classList.contains("severity-warning")).toBe(true);

    // Rejected rows block the import until the person opts to keep the valid ones.
    const commitButton = card.querySelector<HTMLButtonElement>("button.commit-import")!;
    expect(commitButton.disabled).toBe(true);
    fireEvent.click(within(card).getByLabelText("Import the valid rows and keep the rejected ones listed"));
    expect(commitButton.disabled).toBe(false);

    await act(async () => fireEvent.click(commitButton));
    expect(fake.calls.commitImport).toHaveBeenCalledWith(FILE.token, {
      format: null,
      dry_run: false,
      keep_valid_rows: true,
      mapping: null,
      replace_conflicts: false,
    });
    expect(fake.listeners.size).toBe(1);

    // Indeterminate while reading, value/max while saving; other files' events are ignored.
    expect(progressBar()).not.toBeNull();
    act(() => fake.emit({ token: FILE.token, progress: { stage: "reading", done: 5, total: null } }));
    expect(progressBar()!.hasAttribute("value")).toBe(false);
    expect(screen.getByText("Reading the file: 5 rows read…")).toBeTruthy();
    act(() => fake.emit({ token: FILE.token, progress: { stage: "saving", done: 3, total: 7 } }));
    expect(progressBar()!.getAttribute("value")).toBe("3");
    expect(progressBar()!.getAttribute("max")).toBe("7");
    act(() => fake.emit({ token: "someone-else", progress: { stage: "saving", done: 1, total: 2 } }));
    expect(progressBar()!.getAttribute("value")).toBe("3");

    await act(async () =>
      fake.commit.resolve(summary({ import_id: 4, committed: true, issues: [], rows_rejected: 1 })),
    );
    expect(await within(card).findByText("Imported as import #4.")).toBeTruthy();
    expect(progressBar()).toBeNull();
    expect(fake.unlisten).toHaveBeenCalledOnce();
    expect(card.querySelector("button.commit-import")).toBeNull();

    // The history refreshed and offers an undo that asks first.
    const row = await waitFor(() => {
      const found = document.querySelector<HTMLTableRowElement>('#import-history tr[data-import-id="4"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(within(row).getByText("Dana Budget")).toBeTruthy();
    expect(within(row).getByText("live")).toBeTruthy();
    expect(within(row).getByText("12,345.68 GBP")).toBeTruthy();

    fireEvent.click(row.querySelector('button[data-undo="4"]')!);
    expect(fake.calls.undoImport).not.toHaveBeenCalled();
    const confirm = row.querySelector<HTMLButtonElement>('button[data-confirm-undo="4"]')!;
    expect(confirm.textContent).toBe("Yes, undo import #4");
    await act(async () => fireEvent.click(confirm));
    expect(fake.calls.undoImport).toHaveBeenCalledWith(4);
    await waitFor(() =>
      expect(document.querySelector('#import-history tr[data-import-id="4"]')!.textContent).toContain("undone"),
    );
    expect(document.querySelector('#import-history button[data-undo="4"]')).toBeNull();
    expect(screen.getByText(/^Import #4 \(Showback Sep-26\.xlsx\) is undone/)).toBeTruthy();
  });

  it("cancelling the undo keeps the import", async () => {
    const fake = fakeApi();
    fake.records.push(record(9));
    render(<ImportsScreen api={fake.api} />);
    const undo = await waitFor(() => {
      const found = document.querySelector<HTMLButtonElement>('button[data-undo="9"]');
      expect(found).not.toBeNull();
      return found!;
    });
    fireEvent.click(undo);
    fireEvent.click(screen.getByRole("button", { name: "No, keep it" }));
    expect(fake.calls.undoImport).not.toHaveBeenCalled();
    expect(document.querySelector('button[data-undo="9"]')).not.toBeNull();
  });

  it("allows importing straight away when no row is rejected", async () => {
    const fake = fakeApi();
    fake.calls.previewImport.mockResolvedValue(summary({ rows_rejected: 0, rows_read: 9, issues: [] }));
    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    await screen.findByText("9 rows read = 7 lines to import + 2 skipped + 0 rejected");
    expect(screen.queryByLabelText("Import the valid rows and keep the rejected ones listed")).toBeNull();
    const commitButton = document.querySelector<HTMLButtonElement>("button.commit-import")!;
    expect(commitButton.disabled).toBe(false);
    expect(commitButton.textContent).toBe("Import 7 lines");
  });

  it("cancels a running import and says nothing was saved", async () => {
    const fake = fakeApi();
    fake.calls.previewImport.mockResolvedValue(summary({ rows_rejected: 0, rows_read: 9, issues: [] }));
    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    await screen.findByText("9 rows read = 7 lines to import + 2 skipped + 0 rejected");
    await act(async () => fireEvent.click(document.querySelector<HTMLButtonElement>("button.commit-import")!));
    act(() => fake.emit({ token: FILE.token, progress: { stage: "saving", done: 3, total: 7 } }));
    const cancel = screen.getByRole("button", { name: "Cancel import" }) as HTMLButtonElement;
    await act(async () => fireEvent.click(cancel));
    expect(fake.calls.cancelTask).toHaveBeenCalledWith(FILE.token);
    expect(cancel.disabled).toBe(true);
    expect(screen.getByText("Cancelling: rolling back what was saved…")).toBeTruthy();
    await act(async () =>
      fake.commit.reject(
        new AppError({ code: "cancelled", message: "The import of 'usage.csv' was cancelled; nothing was saved" }),
      ),
    );
    expect(progressBar()).toBeNull();
    expect(screen.getByText("The import of 'usage.csv' was cancelled; nothing was saved")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(fake.records).toHaveLength(0);
  });

  it("offers to take the file's figures where an earlier import disagrees, and previews that choice", async () => {
    const fake = fakeApi();
    const conflict = {
      severity: "error" as const,
      sheet: "Charges",
      row: 4,
      column: null,
      value: "0.07",
      message: "Charges row 4: the same charge was imported by import #1 as 0.063, here it is 0.07",
    };
    fake.calls.previewImport.mockImplementation(async (_token: string, options: ImportOptions) =>
      options.replace_conflicts
        ? summary({ rows_rejected: 0, conflicts: 1, replaced: 1, rows_read: 10, lines_imported: 8, issues: [] })
        : summary({ rows_rejected: 1, conflicts: 1, issues: [conflict] }),
    );
    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    const choice = await screen.findByLabelText(/Take this file’s figures/);
    const commitButton = document.querySelector<HTMLButtonElement>("button.commit-import")!;
    expect(commitButton.disabled).toBe(true);
    await act(async () => fireEvent.click(choice));
    expect(fake.calls.previewImport).toHaveBeenLastCalledWith(FILE.token, expect.objectContaining({ replace_conflicts: true }));
    await screen.findByText("10 rows read = 8 lines to import + 2 skipped + 0 rejected");
    const enabled = document.querySelector<HTMLButtonElement>("button.commit-import")!;
    expect(enabled.disabled).toBe(false);
    await act(async () => fireEvent.click(enabled));
    expect(fake.calls.commitImport).toHaveBeenCalledWith(FILE.token, expect.objectContaining({ replace_conflicts: true, dry_run: false }));
  });

  it("cannot import a file with nothing new in it", async () => {
    const fake = fakeApi();
    fake.calls.previewImport.mockResolvedValue(
      summary({ rows_rejected: 0, lines_imported: 0, duplicates: 8, rows_read: 10, rows_skipped: { "already imported": 8, "header row": 2 }, issues: [] }),
    );
    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    await screen.findByText("There is nothing new to import from this file.");
    expect(document.querySelector<HTMLButtonElement>("button.commit-import")!.disabled).toBe(true);
  });

  it("shows other preview failures as a message", async () => {
    const fake = fakeApi();
    fake.calls.previewImport.mockRejectedValue(
      new AppError({ code: "io", message: "File 'Showback Sep-26.xlsx' cannot be read: it is open elsewhere" }),
    );
    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("File 'Showback Sep-26.xlsx' cannot be read: it is open elsewhere");
    expect(fake.calls.inspectLayout).not.toHaveBeenCalled();
    expect(document.querySelector("button.commit-import")).toBeNull();
  });

  it("does nothing when the dialog is cancelled", async () => {
    const fake = fakeApi();
    fake.calls.chooseImportFiles.mockResolvedValue([]);
    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    expect(fake.calls.previewImport).not.toHaveBeenCalled();
    expect(screen.queryByRole("article")).toBeNull();
  });
});

describe("Mapping an unrecognised layout", () => {
  const LAYOUT: LayoutPreview = {
    file: "odd.xlsx",
    sheets: [
      {
        name: "Charges",
        rows: [
          { number: 1, cells: ["AI charges FY26", "", ""] },
          { number: 3, cells: ["Mth", "Dept", "Cost (GBP)"] },
          { number: 4, cells: ["Sep-26", "Finance", "120.50"] },
        ],
        header_row: 1,
        suggested: ["description", null, null],
      },
      {
        name: "Notes",
        rows: [{ number: 1, cells: ["Read me"] }],
        header_row: 1,
        suggested: [null],
      },
    ],
    fields: ["period", "department", "cost_centre", "service_code", "amount", "currency", "description"],
  };

  it("opens the editor, saves the mapping built from the chosen header row and previews again", async () => {
    const fake = fakeApi();
    const odd: ChosenFile = { token: "tok-odd", name: "odd.xlsx" };
    fake.calls.chooseImportFiles.mockResolvedValue([odd]);
    fake.calls.previewImport.mockRejectedValueOnce(
      new AppError({
        code: "unrecognised_layout",
        message: "File 'odd.xlsx': Runrate does not recognise this layout",
      }),
    );
    fake.calls.previewImport.mockResolvedValueOnce(
      summary({ file: "odd.xlsx", format: "mapped", mapping: "FY26 charges", rows_rejected: 0, issues: [] }),
    );
    fake.calls.inspectLayout.mockResolvedValue(LAYOUT);
    fake.calls.saveMapping
      .mockRejectedValueOnce(new AppError({ code: "invalid", message: "Mapping 'FY26 charges' needs an amount column" }))
      .mockImplementation(async (mapping: Mapping) => mapping);

    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));

    expect(await screen.findByText("File 'odd.xlsx': Runrate does not recognise this layout")).toBeTruthy();
    await waitFor(() => expect(fake.calls.inspectLayout).toHaveBeenCalledWith("tok-odd"));
    await screen.findByRole("table", { name: "First rows of Charges" });

    // A sheet picker, because the file has two sheets.
    expect((document.getElementById("mapping-sheet") as HTMLSelectElement).value).toBe("0");

    // The guessed header row is highlighted and its suggestions preselected.
    expect(document.querySelector('tr[data-row="1"]')!.classList.contains("header-row")).toBe(true);
    expect(document.querySelectorAll("select[data-column-index]").length).toBe(3);
    expect(document.querySelector<HTMLSelectElement>('select[data-column-index="0"]')!.value).toBe("description");
    const options = [...document.querySelector<HTMLSelectElement>('select[data-column-index="0"]')!.options];
    expect(options.map((o) => o.textContent)).toContain("Month / period");
    expect(options[0]!.textContent).toBe("— not used —");

    // The person picks row 3 as the header instead.
    fireEvent.click(screen.getByRole("button", { name: "Use row 3 as the header row" }));
    expect(document.querySelector('tr[data-row="3"]')!.classList.contains("header-row")).toBe(true);
    expect(document.querySelector('tr[data-row="1"]')!.classList.contains("header-row")).toBe(false);
    expect(screen.getByLabelText("Mth")).toBeTruthy();
    const column = (i: number) => document.querySelector<HTMLSelectElement>(`select[data-column-index="${i}"]`)!;
    expect(column(0).value).toBe("");

    fireEvent.change(column(0), { target: { value: "period" } });
    fireEvent.change(column(1), { target: { value: "department" } });
    fireEvent.change(column(2), { target: { value: "amount" } });
    fireEvent.change(document.getElementById("mapping-name")!, { target: { value: "FY26 charges" } });
    expect((document.getElementById("mapping-source") as HTMLSelectElement).value).toBe("showback");
    fireEvent.change(document.getElementById("mapping-currency")!, { target: { value: "gbp" } });

    // The engine's validation message is shown and the editor stays open.
    await act(async () => fireEvent.click(document.getElementById("save-mapping")!));
    expect((await screen.findByRole("alert")).textContent).toBe("Mapping 'FY26 charges' needs an amount column");
    expect(document.getElementById("save-mapping")).not.toBeNull();
    expect(fake.calls.previewImport).toHaveBeenCalledTimes(1);

    await act(async () => fireEvent.click(document.getElementById("save-mapping")!));
    const expected: Mapping = {
      name: "FY26 charges",
      source: "showback",
      columns: { period: "Mth", department: "Dept", amount: "Cost (GBP)" },
      currency: "GBP",
      provider: null,
      signature: ["Mth", "Dept", "Cost (GBP)"],
    };
    expect(fake.calls.saveMapping).toHaveBeenLastCalledWith(expected);

    // The editor closes and the file is previewed again, now read through the layout.
    await screen.findByText("10 rows read = 7 lines to import + 2 skipped + 0 rejected");
    expect(fake.calls.previewImport).toHaveBeenCalledTimes(2);
    expect(document.getElementById("save-mapping")).toBeNull();
    expect(screen.getByText(/saved layout “FY26 charges”/)).toBeTruthy();
    expect(document.querySelector<HTMLButtonElement>("button.commit-import")!.disabled).toBe(false);
  });

  it("refuses one field for two columns before asking the engine", async () => {
    const fake = fakeApi();
    fake.calls.previewImport.mockRejectedValue(
      new AppError({ code: "unrecognised_layout", message: "Runrate does not recognise this layout" }),
    );
    fake.calls.inspectLayout.mockResolvedValue(LAYOUT);
    render(<ImportsScreen api={fake.api} />);
    await act(async () => fireEvent.click(document.getElementById("choose-import-files")!));
    await screen.findByRole("table", { name: "First rows of Charges" });
    fireEvent.click(screen.getByRole("button", { name: "Use row 3 as the header row" }));
    const column = (i: number) => document.querySelector<HTMLSelectElement>(`select[data-column-index="${i}"]`)!;
    fireEvent.change(column(1), { target: { value: "amount" } });
    fireEvent.change(column(2), { target: { value: "amount" } });
    await act(async () => fireEvent.click(document.getElementById("save-mapping")!));
    expect((await screen.findByRole("alert")).textContent).toContain("Amount is chosen for more than one column");
    expect(fake.calls.saveMapping).not.toHaveBeenCalled();
  });
});
