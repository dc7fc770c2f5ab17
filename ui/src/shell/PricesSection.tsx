import { useCallback, useState, type FormEvent } from "react";
import type { Api } from "../api";
import { Banners } from "./Banners";
import { useAction } from "./useAction";
import { useList } from "./useList";
import type { PriceInput } from "../bindings";
import { PROVIDERS } from "../codes/form";
import { plural } from "../format";
import { providerName } from "../labels";

function emptyPrice(): PriceInput {
  return {
    provider: "openai",
    model: "",
    tier: "standard",
    currency: "USD",
    input: "",
    cached_input: "",
    cache_write: "",
    cache_write_1h: "",
    output: "",
    effective_from: "",
    source: "",
    captured_on: "",
  };
}

const TEXT_FIELDS: readonly { key: keyof PriceInput; label: string; hint?: string }[] = [
  { key: "model", label: "Model", hint: "Without a date, e.g. gpt-5.4-mini" },
  { key: "tier", label: "Tier", hint: "standard, batch, priority or flex" },
  { key: "effective_from", label: "Effective from", hint: "YYYY-MM-DD" },
  { key: "currency", label: "Currency" },
  { key: "input", label: "Input, per million tokens" },
  { key: "cached_input", label: "Cached input, per million", hint: "Blank = the input price" },
  { key: "cache_write", label: "Cache write, per million", hint: "Blank = the input price" },
  { key: "cache_write_1h", label: "One-hour cache write, per million", hint: "Blank = the cache-write price" },
  { key: "output", label: "Output, per million tokens" },
  { key: "source", label: "Source", hint: "Where the price comes from, e.g. the provider's pricing page" },
  { key: "captured_on", label: "Source read on (optional)", hint: "YYYY-MM-DD" },
];

/** The price book: what each model costs, used to put an amount on usage lines. */
export function PricesSection({ api }: { api: Api }) {
  const [form, setForm] = useState<PriceInput>(emptyPrice);
  const { error, setError, message, running: saving, run } = useAction();

  const load = useCallback(() => api.listPrices(), [api]);
  const [prices, refresh] = useList(load, setError);

  const importFile = () =>
    run(async () => {
      const saved = await api.importPricesFile();
      if (saved === null) return null;
      await refresh();
      return `Imported ${plural(saved.entries.length, "price")}; ${plural(saved.lines_priced, "usage line")} now ${saved.lines_priced === 1 ? "has" : "have"} an amount.`;
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const saved = await api.setPrice(form);
      setForm(emptyPrice());
      await refresh();
      return `Saved; ${plural(saved.lines_priced, "usage line")} now ${saved.lines_priced === 1 ? "has" : "have"} an amount.`;
    });
  }

  return (
    <div className="card wide prices-section">
      <h2>Prices</h2>
      <p className="muted">
        Usage exports count tokens, not money. Runrate puts an amount on each usage line from the price in force on
        its day.
      </p>
      <div className="actions">
        <button type="button" id="import-prices-file" onClick={() => void importFile()}>
          Import prices from a file…
        </button>
      </div>
      <Banners error={error} notice={message} />
      <div className="table-scroll">
        <table id="price-book" className="data-table" aria-label="Price book">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Model</th>
              <th>Tier</th>
              <th>Effective from</th>
              <th className="num">Input /M</th>
              <th className="num">Cached /M</th>
              <th className="num">Cache write /M</th>
              <th className="num">Output /M</th>
              <th>Currency</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {prices.map((p) => (
              <tr key={p.id} data-price-id={p.id}>
                <td>{providerName(p.provider)}</td>
                <td className="mono">{p.model}</td>
                <td>{p.tier}</td>
                <td className="nowrap">{p.effective_from}</td>
                <td className="num">{p.input}</td>
                <td className="num">{p.cached_input ?? <span className="muted">—</span>}</td>
                <td className="num">{p.cache_write ?? <span className="muted">—</span>}</td>
                <td className="num">{p.output}</td>
                <td>{p.currency}</td>
                <td>{p.source}</td>
              </tr>
            ))}
            {prices.length === 0 && (
              <tr>
                <td colSpan={10} className="muted empty-row">
                  No prices yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <form id="price-form" className="inline-form" onSubmit={(e) => void submit(e)}>
        <h3>Add a price</h3>

        <div className="form-grid">
          <label className="field">
            <span className="label">Provider</span>
            <select
              id="price-provider"
              value={form.provider}
              onChange={(e) => setForm((f) => ({ ...f, provider: e.target.value }))}
            >
              {PROVIDERS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          {TEXT_FIELDS.map(({ key, label, hint }) => (
            <label className="field" key={key}>
              <span className="label">{label}</span>
              <input
                id={`price-${key.replace(/_/g, "-")}`}
                name={key}
                value={form[key]}
                onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
              />
              {hint && <span className="hint">{hint}</span>}
            </label>
          ))}
        </div>
        <div className="actions end">
          <button type="submit" className="primary" id="save-price" disabled={saving}>
            Save the price
          </button>
        </div>
      </form>
    </div>
  );
}
