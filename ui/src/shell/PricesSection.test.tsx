import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { FxInput, FxRate, PriceEntry, PriceInput } from "../bindings";
import { FxSection } from "./FxSection";
import { PricesSection } from "./PricesSection";

afterEach(cleanup);

function fakeApi() {
  const prices: PriceEntry[] = [];
  const rates: FxRate[] = [];
  const calls = {
    listPrices: vi.fn(async () => [...prices]),
    setPrice: vi.fn(async (input: PriceInput) => {
      if (input.input === "") throw new AppError({ code: "invalid", message: "The input price is missing" });
      const entry: PriceEntry = {
        id: prices.length + 1,
        provider: "openai",
        model: input.model,
        tier: input.tier,
        currency: input.currency,
        input: input.input,
        cached_input: input.cached_input || null,
        cache_write: null,
        cache_write_1h: null,
        output: input.output,
        effective_from: input.effective_from,
        source: input.source,
        captured_on: null,
      };
      prices.push(entry);
      return { entries: [entry], lines_priced: 12 };
    }),
    importPricesFile: vi.fn(async (): Promise<{ entries: PriceEntry[]; lines_priced: number } | null> => null),
    importFxFile: vi.fn(async (): Promise<FxRate[] | null> => null),
    listFx: vi.fn(async () => [...rates]),
    setFx: vi.fn(async (input: FxInput) => {
      const rate: FxRate = { ...input };
      rates.push(rate);
      return rate;
    }),
  };
  return { api: calls as unknown as Api, calls };
}

const type = (id: string, value: string) => fireEvent.change(document.getElementById(id)!, { target: { value } });

describe("Prices and exchange rates", () => {
  it("adds a price and says how many usage lines it priced", async () => {
    const fake = fakeApi();
    render(<PricesSection api={fake.api} />);
    expect(await screen.findByText("No prices yet.")).toBeTruthy();

    await act(async () => fireEvent.click(document.getElementById("save-price")!));
    expect((await screen.findByRole("alert")).textContent).toBe("The input price is missing");

    type("price-model", "gpt-5.4-mini");
    type("price-effective-from", "2026-09-01");
    type("price-input", "0.25");
    type("price-cached-input", "0.025");
    type("price-output", "2");
    type("price-source", "openai.com/pricing");
    await act(async () => fireEvent.click(document.getElementById("save-price")!));
    expect(fake.calls.setPrice).toHaveBeenLastCalledWith({
      provider: "openai",
      model: "gpt-5.4-mini",
      tier: "standard",
      currency: "USD",
      input: "0.25",
      cached_input: "0.025",
      cache_write: "",
      cache_write_1h: "",
      output: "2",
      effective_from: "2026-09-01",
      source: "openai.com/pricing",
      captured_on: "",
    });
    expect(await screen.findByText("Saved; 12 usage lines now have an amount.")).toBeTruthy();
    await waitFor(() => expect(document.querySelector('#price-book tr[data-price-id="1"]')).not.toBeNull());
    expect(document.querySelector('#price-book tr[data-price-id="1"]')!.textContent).toContain("gpt-5.4-mini");
  });

  it("adds an exchange rate", async () => {
    const fake = fakeApi();
    render(<FxSection api={fake.api} />);
    expect(await screen.findByText("No exchange rates yet.")).toBeTruthy();
    type("fx-month", "2026-09");
    type("fx-from", "usd");
    type("fx-to", "gbp");
    type("fx-rate", "0.79");
    type("fx-source", "Finance month-end");
    await act(async () => fireEvent.click(document.getElementById("save-fx")!));
    expect(fake.calls.setFx).toHaveBeenCalledWith({
      month: "2026-09",
      from: "USD",
      to: "GBP",
      rate: "0.79",
      source: "Finance month-end",
    });
    expect(await screen.findByText("Saved: in 2026-09, 1 USD = 0.79 GBP.")).toBeTruthy();
    await waitFor(() => expect(document.querySelector("#fx-rates tbody")!.textContent).toContain("Finance month-end"));
  });

  it("imports price and rate files picked in a dialog, and does nothing when it is cancelled", async () => {
    const fake = fakeApi();
    render(
      <>
        <PricesSection api={fake.api} />
        <FxSection api={fake.api} />
      </>,
    );
    await act(async () => fireEvent.click(document.getElementById("import-prices-file")!));
    expect(fake.calls.importPricesFile).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("status")).toBeNull();

    fake.calls.importPricesFile.mockResolvedValueOnce({ entries: [], lines_priced: 3 });
    fake.calls.listPrices.mockClear();
    await act(async () => fireEvent.click(document.getElementById("import-prices-file")!));
    expect(await screen.findByText("Imported 0 prices; 3 usage lines now have an amount.")).toBeTruthy();
    expect(fake.calls.listPrices).toHaveBeenCalled();

    fake.calls.importFxFile.mockRejectedValueOnce(
      new AppError({ code: "invalid", message: "No FX rates were imported: rates.csv row 3: rate 'x' is not a number" }),
    );
    await act(async () => fireEvent.click(document.getElementById("import-fx-file")!));
    expect(await screen.findByText(/row 3: rate 'x' is not a number/)).toBeTruthy();
  });
});
