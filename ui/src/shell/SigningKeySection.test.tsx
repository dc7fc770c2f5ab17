import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { SigningKeyInfo } from "../bindings";
import { SigningKeySection } from "./SigningKeySection";

afterEach(cleanup);

const KEY: SigningKeyInfo = {
  fingerprint: "SHA256:first",
  public_key: "ssh-ed25519 AAAAfirst dana",
  public_pem: "-----BEGIN PUBLIC KEY-----",
  allowed_signers: 'dana-budget namespaces="runrate-pack" ssh-ed25519 AAAAfirst',
  principal: "dana-budget",
  store: "file",
  file: "/home/dana/.local/share/runrate/keys/pack-signing-0a1b2c3d4e5f6071.key",
  created_at: "2026-11-01T09:00:00Z",
  retired: [],
};

function fakeApi(initial: SigningKeyInfo | null) {
  let current = initial;
  const calls = {
    signingKeyInfo: vi.fn(async () => current),
    createSigningKey: vi.fn(async (passphrase: string) => {
      if (passphrase.length < 12) {
        throw new AppError({ code: "passphrase_required", message: "The passphrase is too short: use at least 12 characters" });
      }
      current = KEY;
      return KEY;
    }),
    rotateSigningKey: vi.fn(async (_passphrase: string) => {
      current = {
        ...KEY,
        fingerprint: "SHA256:second",
        allowed_signers: "dana-budget ssh-ed25519 AAAAsecond",
        retired: [{ fingerprint: "SHA256:first", public_key: KEY.public_key, retired_at: "2026-11-22T09:00:00Z" }],
      };
      return current;
    }),
    exportPublicKey: vi.fn(async () => current),
  };
  return { api: calls as unknown as Api, calls };
}

describe("Signing key", () => {
  it("creates the key, asking for a passphrase when there is no keychain", async () => {
    const fake = fakeApi(null);
    render(<SigningKeySection api={fake.api} />);
    expect(await screen.findByText(/No signing key yet/)).toBeTruthy();
    expect(screen.queryByLabelText(/Passphrase/)).toBeNull();

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Create key" })));
    expect(fake.calls.createSigningKey).toHaveBeenLastCalledWith("");
    expect(screen.getByRole("alert").textContent).toContain("too short");
    const field = screen.getByLabelText("Passphrase for the new key (at least 12 characters)") as HTMLInputElement;
    expect(field.type).toBe("password");

    fireEvent.change(field, { target: { value: "a long passphrase" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Create key" })));
    expect(fake.calls.createSigningKey).toHaveBeenLastCalledWith("a long passphrase");
    expect(document.getElementById("signing-fingerprint")!.textContent).toBe("SHA256:first");
    expect(document.getElementById("signing-store")!.textContent).toBe(
      "A passphrase-protected file: /home/dana/.local/share/runrate/keys/pack-signing-0a1b2c3d4e5f6071.key",
    );
    expect((screen.getByLabelText(/allowed_signers line/) as HTMLTextAreaElement).value).toBe(KEY.allowed_signers);
  });

  it("saves the public key and rotates only after confirming", async () => {
    const fake = fakeApi(KEY);
    render(<SigningKeySection api={fake.api} />);
    await waitFor(() => expect(document.getElementById("signing-fingerprint")).not.toBeNull());
    expect(document.getElementById("signing-public-key")!.textContent).toBe(KEY.public_key);

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save public key…" })));
    expect(fake.calls.exportPublicKey).toHaveBeenCalled();
    expect(screen.getByText("Public key SHA256:first saved.")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Rotate key" }));
    expect(fake.calls.rotateSigningKey).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText("Passphrase for the new key (at least 12 characters)"), {
      target: { value: "another long one" },
    });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Rotate now" })));
    expect(fake.calls.rotateSigningKey).toHaveBeenCalledWith("another long one");
    expect(document.getElementById("signing-fingerprint")!.textContent).toBe("SHA256:second");
    expect(document.getElementById("signing-retired")!.textContent).toContain("SHA256:first");
    expect(screen.queryByRole("button", { name: "Rotate now" })).toBeNull();
  });
});
