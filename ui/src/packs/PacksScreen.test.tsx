import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { PackExported, PackManifest, PackProgress, PackRecord, PackRequest, PackVerification, SigningKeyInfo } from "../bindings";
import { PacksScreen } from "./PacksScreen";

afterEach(cleanup);

const TODAY = new Date(2026, 10, 22);
const FINGERPRINT = "SHA256:Zm9vYmFyYmF6cXV4cXV1eA";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const KEY: SigningKeyInfo = {
  fingerprint: FINGERPRINT,
  public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI dana",
  public_pem: "-----BEGIN PUBLIC KEY-----",
  allowed_signers: 'dana-budget namespaces="runrate-pack" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI',
  principal: "dana-budget",
  store: "keychain",
  file: null,
  created_at: "2026-11-01T09:00:00Z",
  retired: [],
};

const EXPORTED: PackExported = {
  pack_id: "RR-2026-10-0002-a1b2c3",
  path: "/home/dana/Marketing-2026-10-approval.zip",
  file_name: "Marketing-2026-10-approval.zip",
  sha256: "cd".repeat(32),
  files: ["pack.json", "ledger.csv", "SHA256SUMS", "SHA256SUMS.sig"],
  signer_fingerprint: FINGERPRINT,
  sequence: 2,
  supersedes: "RR-2026-10-0001-ffeedd",
  unchanged: false,
  lines: 12,
  headline: "Finance charge approved",
  total: "1234.57",
  currency: "GBP",
};

function record(id: string, superseded: boolean): PackRecord {
  return {
    pack_id: id,
    kind: "approval",
    department: "Marketing",
    month: "2026-10",
    sequence: superseded ? 1 : 2,
    key_fingerprint: FINGERPRINT,
    supersedes: superseded ? null : "RR-2026-10-0001-ffeedd",
    superseded,
    created_at: "2026-11-22T09:30:00Z",
    signer: "Dana Budget",
    file_name: `${id}.zip`,
    sha256: "ef".repeat(32),
    lines: 12,
    totals: { lines: 12, amount_base: "1234.567", lines_without_base_amount: 0, by_role: [], by_currency: [] },
  };
}

const MANIFEST: PackManifest = {
  format: "runrate-pack/1",
  kind: "dispute",
  pack_id: "RR-2026-10-0003-0a0b0c",
  sequence: 3,
  supersedes: null,
  period: "2026-10",
  department: "Marketing",
  currency: "GBP",
  rounding_rule: "half_away_from_zero",
  minor_unit_places: 2,
  totals: { lines: 5, amount_base: "672", lines_without_base_amount: 0, by_role: [], by_currency: [] },
  headline: { label: "Charges disputed", role: "disputed", amount: "352.005", rounded: "352.01" },
  by_service_code: [
    { service_code: "cs-case-summary-prod", finance: "352", provider: "320", variance: "32", within_tolerance: false },
  ],
  forecast: null,
  value: [],
  disputes: [
    {
      id: 10,
      reason: "duplicate",
      reason_label: "Duplicate charge",
      explanation: "Charged twice for the same day",
      service_code: null,
      line_ids: [7],
      disputed_amount: "352",
      requested_adjustment: "-352",
    },
  ],
  approval: null,
  sources: [
    { import_batch: 2, file_name: "Showback Oct-26.xlsx", sha256: "12".repeat(32), format: "showback", imported_at: "2026-11-02T09:00:00Z", lines: 1 },
  ],
  app_name: "Runrate",
  app_version: "0.1.0",
  schema_version: "0009",
  signer: { name: "Dana Budget", role: "Head of Marketing Ops", principal: "dana-budget", fingerprint: FINGERPRINT, public_key: "ssh-ed25519 AAAA" },
  created_at: "2026-11-22T09:30:00Z",
  warnings: [],
};

function verification(over: Partial<PackVerification>): PackVerification {
  return {
    valid: true,
    trusted: true,
    verdict: `Valid: signed by Dana Budget with key ${FINGERPRINT}, trusted through a key this Runrate holds`,
    problems: [],
    signer_fingerprint: FINGERPRINT,
    trusted_by: "a key this Runrate holds",
    manifest: MANIFEST,
    files: [
      { name: "pack.json", size: 2048, ok: true },
      { name: "SHA256SUMS.sig", size: 300, ok: true },
    ],
    charts: [{ name: "charts/variance.svg", svg: "<svg xmlns='http://www.w3.org/2000/svg'/>" }],
    ...over,
  };
}

function fakeApi(options: { key?: SigningKeyInfo | null; packs?: PackRecord[] } = {}) {
  const listeners = new Set<(progress: PackProgress) => void>();
  const unlisten = vi.fn();
  const exports: Array<ReturnType<typeof deferred<PackExported | null>>> = [];
  const packs = [...(options.packs ?? [])];
  const verifications: PackVerification[] = [];
  const calls = {
    listDepartments: vi.fn(async () => [
      { id: 1, name: "Marketing", aliases: [], cost_centres: [], active_codes: 2 },
      { id: 2, name: "Finance", aliases: [], cost_centres: [], active_codes: 1 },
    ]),
    signingKeyInfo: vi.fn(async () => (options.key === undefined ? KEY : options.key)),
    listPacks: vi.fn(async () => packs.map((p) => ({ ...p }))),
    onPackProgress: vi.fn(async (handler: (progress: PackProgress) => void) => {
      listeners.add(handler);
      return () => {
        unlisten();
        listeners.delete(handler);
      };
    }),
    exportPack: vi.fn(async (_request: PackRequest) => {
      const next = deferred<PackExported | null>();
      exports.push(next);
      return next.promise;
    }),
    choosePackFile: vi.fn(async () => ({ token: "pack-1", name: "Marketing-2026-10-dispute.zip" })),
    chooseAllowedSigners: vi.fn(async () => ({ token: "signers-1", name: "allowed_signers" })),
    verifyPack: vi.fn(async (_token: string, _signers: string | null) => verifications.shift() ?? verification({})),
    cancelTask: vi.fn(async (_task: string) => true),
  };
  const emit = (progress: PackProgress) => {
    for (const l of listeners) l(progress);
  };
  return { api: calls as unknown as Api, calls, emit, unlisten, listeners, exports, packs, verifications };
}

function progressBar(): HTMLProgressElement | null {
  return screen.queryByLabelText("Export progress") as HTMLProgressElement | null;
}

describe("Packs", () => {
  it("exports a signed pack with progress, shows what was written and lists it", async () => {
    const fake = fakeApi({ packs: [record("RR-2026-10-0001-ffeedd", false)] });
    render(<PacksScreen api={fake.api} today={TODAY} />);
    await waitFor(() => expect((screen.getByLabelText("Department") as HTMLSelectElement).value).toBe("Marketing"));
    expect((screen.getByLabelText("Month") as HTMLInputElement).value).toBe("2026-10");
    expect(screen.queryByLabelText(/Passphrase/)).toBeNull();
    expect(document.querySelector('#packs-table tr[data-pack-id="RR-2026-10-0001-ffeedd"]')!.textContent).toContain("Current");
    expect(progressBar()).toBeNull();

    fireEvent.change(screen.getByLabelText("Department"), { target: { value: "Finance" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export signed pack" })));
    expect(fake.calls.exportPack).toHaveBeenCalledWith({ kind: "approval", department: "Finance", month: "2026-10", passphrase: "" });
    expect(fake.listeners.size).toBe(1);

    // Indeterminate until the engine reports, then the fraction and the stage.
    expect(progressBar()).not.toBeNull();
    expect(progressBar()!.hasAttribute("value")).toBe(false);
    act(() => fake.emit({ fraction: 0.5, stage: "Signing" }));
    expect(progressBar()!.getAttribute("value")).toBe("0.5");
    expect(progressBar()!.getAttribute("max")).toBe("1");
    expect(screen.getByText("Signing…")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Export signed pack" }) as HTMLButtonElement).disabled).toBe(true);

    fake.packs.unshift(record(EXPORTED.pack_id, false));
    fake.packs[1] = record("RR-2026-10-0001-ffeedd", true);
    await act(async () => fake.exports[0]!.resolve(EXPORTED));

    expect(progressBar()).toBeNull();
    expect(fake.unlisten).toHaveBeenCalledTimes(1);
    const result = screen.getByTestId("pack-exported");
    expect(result.textContent).toContain("Finance charge approved: 1,234.57 GBP (12 lines)");
    expect(result.querySelector("#pack-exported-file")!.textContent).toBe("Marketing-2026-10-approval.zip");
    expect(result.querySelector("#pack-exported-id")!.textContent).toBe(EXPORTED.pack_id);
    expect(result.textContent).toContain("RR-2026-10-0001-ffeedd");
    expect(result.textContent).toContain(FINGERPRINT);
    expect(result.textContent).toContain("cd".repeat(32));
    expect(within(result.querySelector<HTMLElement>("#pack-exported-files")!).getAllByRole("listitem").map((li) => li.textContent)).toEqual(
      EXPORTED.files,
    );
    expect(result.textContent).not.toContain(" unchanged");
    expect(screen.getByText(`Signed pack ${EXPORTED.pack_id} written to ${EXPORTED.file_name}.`)).toBeTruthy();

    // The list is read again: the new pack is current, the old one superseded.
    await waitFor(() => expect(document.querySelector(`#packs-table tr[data-pack-id="${EXPORTED.pack_id}"]`)).not.toBeNull());
    expect(document.querySelector('#packs-table tr[data-pack-id="RR-2026-10-0001-ffeedd"]')!.textContent).toContain("Superseded");

    // Exporting the same content again says so.
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export signed pack" })));
    await act(async () => fake.exports[1]!.resolve({ ...EXPORTED, unchanged: true }));
    expect(screen.getByTestId("pack-exported").textContent).toContain("unchanged");
  });

  it("asks for the passphrase when the engine needs it and retries with it", async () => {
    const fake = fakeApi({ key: null });
    render(<PacksScreen api={fake.api} today={TODAY} />);
    await waitFor(() => expect((screen.getByLabelText("Department") as HTMLSelectElement).value).toBe("Marketing"));
    expect(screen.queryByLabelText(/Passphrase/)).toBeNull();
    fireEvent.change(screen.getByLabelText("Kind"), { target: { value: "dispute" } });

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export signed pack" })));
    await act(async () =>
      fake.exports[0]!.reject(
        new AppError({
          code: "passphrase_required",
          message: "No keychain is available here, so the signing key will be kept in a file: choose a passphrase of at least 12 characters to protect it",
        }),
      ),
    );
    expect(screen.getByRole("alert").textContent).toContain("choose a passphrase of at least 12 characters");
    expect(fake.unlisten).toHaveBeenCalledTimes(1);
    const field = screen.getByLabelText("Passphrase for the new signing key") as HTMLInputElement;
    expect(field.type).toBe("password");

    fireEvent.change(field, { target: { value: "correct horse battery" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export signed pack" })));
    expect(fake.calls.exportPack).toHaveBeenLastCalledWith({
      kind: "dispute",
      department: "Marketing",
      month: "2026-10",
      passphrase: "correct horse battery",
    });
    await act(async () => fake.exports[1]!.resolve({ ...EXPORTED, headline: "Charges disputed", total: "352" }));
    expect(screen.getByTestId("pack-exported").textContent).toContain("Charges disputed: 352.00 GBP");
    // The passphrase is not kept once used.
    expect((screen.getByLabelText("Passphrase for the new signing key") as HTMLInputElement).value).toBe("");
  });

  it("shows the passphrase field up front when the key is kept in a file", async () => {
    const fake = fakeApi({ key: { ...KEY, store: "file" } });
    render(<PacksScreen api={fake.api} today={TODAY} />);
    const field = (await screen.findByLabelText("Passphrase of the signing key")) as HTMLInputElement;
    expect(field.type).toBe("password");
    expect(document.getElementById("pack-key-hint")!.textContent).toContain("passphrase-protected file");
  });

  it("reports a cancelled export without a result", async () => {
    const fake = fakeApi();
    render(<PacksScreen api={fake.api} today={TODAY} />);
    await waitFor(() => expect((screen.getByLabelText("Department") as HTMLSelectElement).value).toBe("Marketing"));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export signed pack" })));
    await act(async () => fake.exports[0]!.resolve(null));
    expect(screen.getByText("Export cancelled: no pack was written.")).toBeTruthy();
    expect(screen.queryByTestId("pack-exported")).toBeNull();
  });

  it("cancels an export under way", async () => {
    const fake = fakeApi();
    render(<PacksScreen api={fake.api} today={TODAY} />);
    await waitFor(() => expect((screen.getByLabelText("Department") as HTMLSelectElement).value).toBe("Marketing"));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export signed pack" })));
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    act(() => fake.emit({ fraction: 0.3, stage: "Drawing the charts" }));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Cancel" })));
    expect(fake.calls.cancelTask).toHaveBeenCalledWith("pack-export");
    await act(async () =>
      fake.exports[0]!.reject(new AppError({ code: "cancelled", message: "The pack export was cancelled; nothing was saved" })),
    );
    expect(screen.getByText("Export cancelled: no pack was written.")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("verifies a chosen pack: valid and trusted, untrusted, invalid", async () => {
    const fake = fakeApi();
    fake.verifications.push(
      verification({}),
      verification({
        trusted: false,
        trusted_by: null,
        verdict: `Valid signature by an untrusted key ${FINGERPRINT}: check the fingerprint with the signer before relying on it`,
      }),
      verification({
        valid: false,
        trusted: false,
        trusted_by: null,
        manifest: null,
        charts: [],
        verdict: "Invalid: the pack has been altered",
        problems: ["ledger.csv: SHA-256 does not match SHA256SUMS", "totals in pack.json do not match ledger.csv"],
        files: [
          { name: "pack.json", size: 2048, ok: true },
          { name: "ledger.csv", size: 900, ok: false },
        ],
      }),
    );
    render(<PacksScreen api={fake.api} today={TODAY} />);
    const verify = (await screen.findByRole("button", { name: "Verify" })) as HTMLButtonElement;
    expect(verify.disabled).toBe(true);

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Choose pack…" })));
    expect(document.getElementById("pack-chosen")!.textContent).toBe("Marketing-2026-10-dispute.zip");
    await act(async () => fireEvent.click(verify));
    expect(fake.calls.verifyPack).toHaveBeenLastCalledWith("pack-1", null);

    let banner = screen.getByTestId("pack-verdict");
    expect(banner.className).toContain("verdict-valid");
    expect(banner.textContent).toContain("Valid and trusted");
    const manifest = document.getElementById("pack-manifest")!;
    expect(document.getElementById("pack-headline")!.textContent).toContain("Charges disputed: 352.01 GBP");
    expect(document.getElementById("pack-manifest-kind")!.textContent).toBe("Dispute");
    expect(document.getElementById("pack-manifest-department")!.textContent).toBe("Marketing");
    expect(document.getElementById("pack-manifest-period")!.textContent).toBe("2026-10");
    expect(document.getElementById("pack-manifest-id")!.textContent).toBe("RR-2026-10-0003-0a0b0c");
    expect(document.getElementById("pack-manifest-signer")!.textContent).toContain("Dana Budget, Head of Marketing Ops");
    expect(document.getElementById("pack-manifest-lines")!.textContent).toBe("5");
    expect(manifest.textContent).toContain(FINGERPRINT);
    const byCode = document.querySelector('#pack-by-code tr[data-key="cs-case-summary-prod"]')!;
    expect(byCode.textContent).toContain("352.00");
    expect(byCode.textContent).toContain("320.00");
    expect(byCode.textContent).toContain("32.00");
    const disputes = document.getElementById("pack-disputes")!;
    expect(disputes.textContent).toContain("Duplicate charge");
    expect(disputes.textContent).toContain("Charged twice for the same day");
    expect(disputes.textContent).toContain("−352.00 GBP");
    const sources = document.getElementById("pack-sources")!;
    expect(sources.textContent).toContain("Showback Oct-26.xlsx");
    expect(sources.textContent).toContain("12".repeat(32));
    expect(screen.getByText("charts/variance.svg")).toBeTruthy();
    expect(document.querySelector('#pack-files tr[data-file="SHA256SUMS.sig"]')!.textContent).toContain("✓ ok");

    // A key not trusted here: amber, with the fingerprint to compare; an allowed_signers file can be given.
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Trust an allowed_signers file…" })));
    expect(document.getElementById("pack-signers")!.textContent).toContain("allowed_signers");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Verify" })));
    expect(fake.calls.verifyPack).toHaveBeenLastCalledWith("pack-1", "signers-1");
    banner = screen.getByTestId("pack-verdict");
    expect(banner.className).toContain("verdict-untrusted");
    expect(banner.textContent).toContain("Valid signature by an untrusted key");
    expect(banner.textContent).toContain(`Key fingerprint: ${FINGERPRINT}`);

    // Altered: red, every problem listed, nothing from the manifest shown.
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Verify" })));
    banner = screen.getByTestId("pack-verdict");
    expect(banner.className).toContain("verdict-invalid");
    expect(within(banner).getByText("Invalid")).toBeTruthy();
    expect(within(banner).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "ledger.csv: SHA-256 does not match SHA256SUMS",
      "totals in pack.json do not match ledger.csv",
    ]);
    expect(document.getElementById("pack-manifest")).toBeNull();
    expect(document.querySelector('#pack-files tr[data-file="ledger.csv"]')!.textContent).toContain("✗ not ok");
  });

  it("says what to do when no pack has been exported", async () => {
    const fake = fakeApi();
    render(<PacksScreen api={fake.api} today={TODAY} />);
    expect(await screen.findByText(/No pack exported yet/)).toBeTruthy();
    expect(document.getElementById("pack-key-hint")!.textContent).toContain(FINGERPRINT);
  });
});
