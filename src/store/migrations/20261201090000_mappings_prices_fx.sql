-- Saved column mappings, the price book, FX rates, and what a priced line used.

CREATE TABLE mapping_template (
    name            TEXT PRIMARY KEY COLLATE NOCASE,
    definition_json TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

ALTER TABLE import_batch ADD COLUMN mapping_name TEXT;
-- The format's version where the file says it (FOCUS 1.0, 1.1, 1.2, 1.3).
ALTER TABLE import_batch ADD COLUMN format_version TEXT;

-- Anthropic prices one-hour cache writes apart from five-minute ones.
ALTER TABLE spend_line ADD COLUMN cache_write_1h_tokens INTEGER;
-- The import whose figures replaced this line (the person chose the later file).
ALTER TABLE spend_line ADD COLUMN replaced_by INTEGER REFERENCES import_batch (id);
-- The price entry a computed amount came from.
ALTER TABLE spend_line ADD COLUMN price_id INTEGER REFERENCES price_entry (id);

-- Effective-dated list prices per million tokens, as decimal text.
CREATE TABLE price_entry (
    id                    INTEGER PRIMARY KEY,
    provider              TEXT NOT NULL,
    model                 TEXT NOT NULL,
    tier                  TEXT NOT NULL DEFAULT 'standard',
    currency              TEXT NOT NULL,
    input_per_mtok        TEXT NOT NULL,
    cached_input_per_mtok TEXT,
    cache_write_per_mtok  TEXT,
    cache_write_1h_per_mtok TEXT,
    output_per_mtok       TEXT NOT NULL,
    effective_from        TEXT NOT NULL,
    source                TEXT NOT NULL,
    captured_on           TEXT,
    entered_at            TEXT NOT NULL,
    entered_by            TEXT NOT NULL,
    UNIQUE (provider, model, tier, effective_from)
) STRICT;

-- Monthly FX rates: one unit of from_currency is `rate` units of to_currency.
CREATE TABLE fx_rate (
    month         TEXT NOT NULL CHECK (length(month) = 7),
    from_currency TEXT NOT NULL,
    to_currency   TEXT NOT NULL,
    rate          TEXT NOT NULL,
    source        TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    entered_by    TEXT NOT NULL,
    PRIMARY KEY (month, from_currency, to_currency)
) STRICT;
