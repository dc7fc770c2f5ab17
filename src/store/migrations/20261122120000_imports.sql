-- Imports: one batch per file, and the spend lines it produced.
-- Money is an exact integer count of 10^-9 currency units (NULL = unpriced).

CREATE TABLE import_batch (
    id              INTEGER PRIMARY KEY,
    file_name       TEXT NOT NULL,
    file_size       INTEGER NOT NULL,
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    format          TEXT NOT NULL,
    source_kind     TEXT NOT NULL CHECK (source_kind IN ('showback', 'provider')),
    encoding        TEXT,
    sheets_json     TEXT NOT NULL,
    rows_read       INTEGER NOT NULL,
    lines_imported  INTEGER NOT NULL,
    skipped_json    TEXT NOT NULL,
    rows_rejected   INTEGER NOT NULL,
    duplicates      INTEGER NOT NULL,
    totals_json     TEXT NOT NULL,
    issues_json     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    imported_by     TEXT NOT NULL,
    undone_at       TEXT,
    undone_by       TEXT
) STRICT;

-- The same file cannot be live twice; after an undo it may be imported again.
CREATE UNIQUE INDEX import_batch_live_file ON import_batch (sha256) WHERE undone_at IS NULL;

CREATE TABLE spend_line (
    id                  INTEGER PRIMARY KEY,
    batch_id            INTEGER NOT NULL REFERENCES import_batch (id),
    source_kind         TEXT NOT NULL CHECK (source_kind IN ('showback', 'provider')),
    sheet               TEXT NOT NULL,
    row_number          INTEGER NOT NULL,
    period_start        TEXT NOT NULL,
    period_end          TEXT NOT NULL,
    provider            TEXT,
    model               TEXT,
    line_item           TEXT,
    api_key_id          TEXT,
    api_key_name        TEXT,
    project_id          TEXT,
    project_name        TEXT,
    workspace_id        TEXT,
    workspace_name      TEXT,
    tags_json           TEXT,
    workload_code       TEXT,
    department_label    TEXT,
    cost_centre         TEXT,
    environment         TEXT,
    service_code        TEXT,
    rule_id             INTEGER,
    input_tokens        INTEGER,
    cached_input_tokens INTEGER,
    cache_write_tokens  INTEGER,
    output_tokens       INTEGER,
    requests            INTEGER,
    amount_nanos        INTEGER,
    currency            TEXT,
    cost_basis          TEXT NOT NULL CHECK (cost_basis IN ('billed', 'list', 'computed', 'unpriced')),
    charge_category     TEXT NOT NULL CHECK (charge_category IN ('usage', 'commitment', 'credit', 'tax', 'adjustment')),
    natural_key         TEXT NOT NULL,
    raw_json            TEXT NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- One live line per natural key: overlapping exports are not double-counted.
CREATE UNIQUE INDEX spend_line_live_key ON spend_line (natural_key) WHERE active = 1;
CREATE INDEX spend_line_batch ON spend_line (batch_id);
CREATE INDEX spend_line_period ON spend_line (period_start) WHERE active = 1;
