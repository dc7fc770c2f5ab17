-- Foundation: settings, organisation (departments, aliases, cost centres, service
-- codes), attribution rules and the hash-chained audit log.
--
-- Conventions for every table in Runrate:
--   * money is INTEGER nanos (10^-9 currency units) next to a 3-letter currency
--     column; never REAL;
--   * instants are RFC 3339 UTC text from the engine's clock; dates are YYYY-MM-DD;
--   * migrations are forward-only and never edited once released.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE department (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 80),
    created_at TEXT NOT NULL
) STRICT;

-- Other spellings finance and providers use for a department (mktg, MKT, ...).
CREATE TABLE department_alias (
    alias         TEXT PRIMARY KEY NOT NULL COLLATE NOCASE CHECK (length(trim(alias)) BETWEEN 1 AND 80),
    department_id INTEGER NOT NULL REFERENCES department(id)
) STRICT;

CREATE TABLE cost_centre (
    code          TEXT PRIMARY KEY NOT NULL COLLATE NOCASE CHECK (length(trim(code)) BETWEEN 1 AND 40),
    name          TEXT NOT NULL DEFAULT '',
    department_id INTEGER REFERENCES department(id),
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE service_code (
    code                  TEXT PRIMARY KEY NOT NULL
                          CHECK (length(code) BETWEEN 3 AND 40 AND code = lower(code) AND code NOT GLOB '*[^a-z0-9-]*'),
    description           TEXT NOT NULL,
    department_id         INTEGER NOT NULL REFERENCES department(id),
    business_owner        TEXT,
    technical_owner       TEXT,
    cost_centre           TEXT REFERENCES cost_centre(code),
    environment           TEXT NOT NULL CHECK (environment IN ('production', 'staging', 'development', 'sandbox')),
    stage                 TEXT NOT NULL CHECK (stage IN ('exploration', 'pilot', 'production')),
    model_tier            TEXT NOT NULL CHECK (model_tier IN ('premium', 'standard', 'economy')),
    allowed_providers     TEXT NOT NULL DEFAULT '[]',   -- JSON array of provider ids
    data_classification   TEXT NOT NULL CHECK (data_classification IN ('public', 'internal', 'confidential', 'restricted')),
    currency              TEXT NOT NULL CHECK (length(currency) = 3),
    budget_cap_nanos      INTEGER,                       -- monthly cap
    expected_run_rate_nanos INTEGER,                     -- expected monthly spend
    forecast_benefit_nanos  INTEGER,                     -- expected monthly benefit
    retention_rule        TEXT,
    approval_reference    TEXT,
    review_date           TEXT,
    status                TEXT NOT NULL CHECK (status IN ('active', 'retired')),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    retired_at            TEXT
) STRICT;

CREATE INDEX service_code_department ON service_code(department_id);

-- Maps a provider identifier to a service code. `provider` is '' for "any provider".
CREATE TABLE attribution_rule (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('api_key_id', 'api_key_name', 'openai_project',
                                               'anthropic_workspace', 'tag', 'workload_code')),
    provider     TEXT NOT NULL DEFAULT '',
    pattern      TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(pattern)) BETWEEN 1 AND 200),
    service_code TEXT NOT NULL REFERENCES service_code(code),
    created_at   TEXT NOT NULL,
    UNIQUE (kind, provider, pattern)
) STRICT;

-- Every mutating engine call appends one event. Each event's hash covers its
-- fields and the previous event's hash, so any edit, deletion or reordering
-- breaks the chain (`runrate audit verify`).
CREATE TABLE audit_event (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash        TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
