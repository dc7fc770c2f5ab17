import { useCallback, useState, type FormEvent } from "react";
import type { Api } from "../api";
import { plural } from "../format";
import { Banners } from "./Banners";
import { useAction } from "./useAction";
import { useList } from "./useList";
import type { FxInput } from "../bindings";

function emptyRate(): FxInput {
  return { month: "", from: "", to: "", rate: "", source: "" };
}

/** Monthly exchange rates, used to report spend in the base currency. */
export function FxSection({ api }: { api: Api }) {
  const [form, setForm] = useState<FxInput>(emptyRate);
  const { error, setError, message, running: saving, run } = useAction();

  const load = useCallback(() => api.listFx(), [api]);
  const [rates, refresh] = useList(load, setError);

  const importFile = () =>
    run(async () => {
      const saved = await api.importFxFile();
      if (saved === null) return null;
      await refresh();
      return `Imported ${plural(saved.length, "exchange rate")}.`;
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const saved = await api.setFx(form);
      setForm(emptyRate());
      await refresh();
      return `Saved: in ${saved.month}, 1 ${saved.from} = ${saved.rate} ${saved.to}.`;
    });
  }

  const set = (key: keyof FxInput) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <div className="card wide fx-section">
      <h2>Exchange rates</h2>
      <p className="muted">One rate per month and currency pair, e.g. finance’s month-end rate.</p>
      <div className="actions">
        <button type="button" id="import-fx-file" onClick={() => void importFile()}>
          Import rates from a file…
        </button>
      </div>
      <Banners error={error} notice={message} />
      <div className="table-scroll">
        <table id="fx-rates" className="data-table" aria-label="Exchange rates">
          <thead>
            <tr>
              <th>Month</th>
              <th>From</th>
              <th>To</th>
              <th className="num">Rate</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={`${r.month}-${r.from}-${r.to}`}>
                <td>{r.month}</td>
                <td>{r.from}</td>
                <td>{r.to}</td>
                <td className="num">{r.rate}</td>
                <td>{r.source}</td>
              </tr>
            ))}
            {rates.length === 0 && (
              <tr>
                <td colSpan={5} className="muted empty-row">
                  No exchange rates yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <form id="fx-form" className="inline-form" onSubmit={(e) => void submit(e)}>
        <h3>Add a rate</h3>

        <div className="form-grid">
          <label className="field">
            <span className="label">Month</span>
            <input
              id="fx-month"
              placeholder="YYYY-MM"
              value={form.month}
              onChange={(e) => set("month")(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="label">From currency</span>
            <input
              id="fx-from"
              maxLength={3}
              placeholder="e.g. USD"
              value={form.from}
              onChange={(e) => set("from")(e.target.value.toUpperCase())}
            />
          </label>
          <label className="field">
            <span className="label">To currency</span>
            <input
              id="fx-to"
              maxLength={3}
              placeholder="e.g. GBP"
              value={form.to}
              onChange={(e) => set("to")(e.target.value.toUpperCase())}
            />
          </label>
          <label className="field">
            <span className="label">Rate (units of “to” per one “from”)</span>
            <input id="fx-rate" inputMode="decimal" value={form.rate} onChange={(e) => set("rate")(e.target.value)} />
          </label>
          <label className="field">
            <span className="label">Source</span>
            <input id="fx-source" value={form.source} onChange={(e) => set("source")(e.target.value)} />
          </label>
        </div>
        <div className="actions end">
          <button type="submit" className="primary" id="save-fx" disabled={saving}>
            Save the rate
          </button>
        </div>
      </form>
    </div>
  );
}
