import { useEffect, useMemo, useState } from "react";
import { toAppError, type Api } from "../api";
import type { ChosenFile, Field, LayoutPreview, Mapping, SheetPreview, SourceKind } from "../bindings";
import { FIELD_LABELS, SOURCE_LABELS } from "../labels";

type Choice = Field | "";

/** The row used as the header: the guessed one, else the first row shown. */
function initialHeaderRow(sheet: SheetPreview): number | null {
  return sheet.header_row ?? sheet.rows[0]?.number ?? null;
}

/** Each column's field for a header row: the engine's guesses for its own guess, else none. */
function initialChoices(sheet: SheetPreview, headerRow: number | null): Choice[] {
  const row = sheet.rows.find((r) => r.number === headerRow);
  const width = row?.cells.length ?? 0;
  return Array.from({ length: width }, (_, i) =>
    headerRow !== null && headerRow === sheet.header_row ? (sheet.suggested[i] ?? "") : "",
  );
}

/** A name for the layout from the file's name: `Showback Sep-26.xlsx` → `Showback Sep-26`. */
function nameFromFile(file: string): string {
  const dot = file.lastIndexOf(".");
  return dot > 0 ? file.slice(0, dot) : file;
}

/** Builds the mapping the engine stores from what the person chose. */
export function buildMapping(args: {
  name: string;
  source: SourceKind;
  header: readonly string[];
  choices: readonly Choice[];
  currency: string;
  provider: string;
}): Mapping {
  const columns: Mapping["columns"] = {};
  args.choices.forEach((field, i) => {
    if (field !== "") columns[field] = (args.header[i] ?? "").trim();
  });
  return {
    name: args.name.trim(),
    source: args.source,
    columns,
    currency: args.currency.trim() === "" ? null : args.currency.trim().toUpperCase(),
    provider: args.provider.trim() === "" ? null : args.provider.trim(),
    signature: args.header.map((h) => h.trim()).filter((h) => h !== ""),
  };
}

/** Fields chosen for more than one column. */
function doubledFields(choices: readonly Choice[]): Field[] {
  const seen = new Set<Field>();
  const doubled = new Set<Field>();
  for (const c of choices) {
    if (c === "") continue;
    if (seen.has(c)) doubled.add(c);
    seen.add(c);
  }
  return [...doubled];
}

/**
 * Maps the columns of a layout Runrate does not recognise: pick the header
 * row, say what each column means, and save it under a name.
 */
export function MappingEditor({
  api,
  file,
  problem,
  onCancel,
  onSaved,
}: {
  api: Api;
  file: ChosenFile;
  /** Why the editor opened, in the engine's words. */
  problem: string;
  onCancel: () => void;
  onSaved: (mapping: Mapping) => void;
}) {
  const [layout, setLayout] = useState<LayoutPreview | null>(null);
  const [sheetIndex, setSheetIndex] = useState(0);
  const [headerRow, setHeaderRow] = useState<number | null>(null);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [name, setName] = useState(nameFromFile(file.name));
  const [source, setSource] = useState<SourceKind>("showback");
  const [currency, setCurrency] = useState("");
  const [provider, setProvider] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .inspectLayout(file.token)
      .then((found) => {
        if (!live) return;
        setLayout(found);
        const first = found.sheets[0];
        if (first) {
          const row = initialHeaderRow(first);
          setHeaderRow(row);
          setChoices(initialChoices(first, row));
        }
      })
      .catch((e: unknown) => {
        if (live) setError(toAppError(e).message);
      });
    return () => {
      live = false;
    };
  }, [api, file.token]);

  const sheet = layout?.sheets[sheetIndex] ?? null;
  const header = useMemo(
    () => sheet?.rows.find((r) => r.number === headerRow)?.cells ?? [],
    [sheet, headerRow],
  );
  const width = useMemo(() => Math.max(0, ...(sheet?.rows.map((r) => r.cells.length) ?? [])), [sheet]);
  const fields: readonly Field[] = layout?.fields ?? (Object.keys(FIELD_LABELS) as Field[]);
  const doubled = doubledFields(choices);
  const anyChosen = choices.some((c) => c !== "");

  function pickSheet(index: number) {
    const next = layout?.sheets[index];
    if (!next) return;
    setSheetIndex(index);
    const row = initialHeaderRow(next);
    setHeaderRow(row);
    setChoices(initialChoices(next, row));
  }

  function pickHeaderRow(number: number) {
    if (!sheet) return;
    setHeaderRow(number);
    setChoices(initialChoices(sheet, number));
  }

  function choose(index: number, field: Choice) {
    setChoices((current) => current.map((c, i) => (i === index ? field : c)));
  }

  async function save() {
    setError(null);
    if (doubled.length > 0) {
      setError(
        `${doubled.map((f) => FIELD_LABELS[f]).join(", ")} is chosen for more than one column; choose one column for each.`,
      );
      return;
    }
    setSaving(true);
    try {
      const saved = await api.saveMapping(buildMapping({ name, source, header, choices, currency, provider }));
      onSaved(saved);
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="mapping-editor" aria-label={`Describe the columns of ${file.name}`}>
      <h3>Describe this file’s columns</h3>
      <p className="muted">{problem}</p>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {!layout && !error && <p className="muted">Reading the first rows…</p>}
      {layout && layout.sheets.length === 0 && <p className="muted">This file has no rows to map.</p>}

      {layout && sheet && (
        <>
          {layout.sheets.length > 1 && (
            <label className="field narrow">
              <span className="label">Sheet with the data</span>
              <select id="mapping-sheet" value={sheetIndex} onChange={(e) => pickSheet(Number(e.target.value))}>
                {layout.sheets.map((s, i) => (
                  <option key={s.name} value={i}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}

          <p className="hint">
            The highlighted row is taken as the header row. If it is the wrong one, choose the row number of the
            header.
          </p>
          <div className="table-scroll layout-scroll">
            <table className="data-table layout-preview" aria-label={`First rows of ${sheet.name}`}>
              <tbody>
                {sheet.rows.map((row) => {
                  const isHeader = row.number === headerRow;
                  return (
                    <tr key={row.number} className={isHeader ? "header-row" : undefined} data-row={row.number}>
                      <th scope="row" className="row-number">
                        <button
                          type="button"
                          className="row-pick"
                          data-row={row.number}
                          aria-pressed={isHeader}
                          aria-label={`Use row ${row.number} as the header row`}
                          onClick={() => pickHeaderRow(row.number)}
                        >
                          {row.number}
                        </button>
                      </th>
                      {Array.from({ length: width }, (_, i) => (
                        <td key={i}>{row.cells[i] ?? ""}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <h4>What each column of row {headerRow ?? "—"} means</h4>
          <div className="mapping-grid">
            {header.map((text, i) => {
              const id = `mapping-column-${i}`;
              const choice = choices[i] ?? "";
              const isDoubled = choice !== "" && doubled.includes(choice);
              return (
                <div key={i} className={isDoubled ? "mapping-cell has-error" : "mapping-cell"}>
                  <label htmlFor={id} className="column-header">
                    {text.trim() === "" ? <span className="muted">Column {i + 1} (no heading)</span> : text}
                  </label>
                  <select
                    id={id}
                    data-column-index={i}
                    value={choice}
                    onChange={(e) => choose(i, e.target.value as Choice)}
                  >
                    <option value="">— not used —</option>
                    {fields.map((f) => (
                      <option key={f} value={f}>
                        {FIELD_LABELS[f]}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>

          <div className="row mapping-details">
            <label className="field">
              <span className="label">Name of this layout</span>
              <input id="mapping-name" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="field">
              <span className="label">What the file is</span>
              <select id="mapping-source" value={source} onChange={(e) => setSource(e.target.value as SourceKind)}>
                <option value="showback">{SOURCE_LABELS.showback}</option>
                <option value="provider">{SOURCE_LABELS.provider}</option>
              </select>
            </label>
            <label className="field">
              <span className="label">Currency of amounts that name none (optional)</span>
              <input
                id="mapping-currency"
                value={currency}
                maxLength={3}
                placeholder="e.g. GBP"
                onChange={(e) => setCurrency(e.target.value.toUpperCase())}
              />
            </label>
            <label className="field">
              <span className="label">Provider of lines that name none (optional)</span>
              <input
                id="mapping-provider"
                value={provider}
                placeholder="e.g. OpenAI"
                onChange={(e) => setProvider(e.target.value)}
              />
            </label>
          </div>
        </>
      )}

      <div className="actions end">
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          id="save-mapping"
          disabled={saving || !sheet || !anyChosen}
          onClick={() => void save()}
        >
          Save the layout and read the file again
        </button>
      </div>
    </section>
  );
}
