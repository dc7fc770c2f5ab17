-- Budgets per department or service code, per month or fiscal year, with
-- their alert thresholds; every change is kept in budget_change. Forecasts
-- are recorded when made so they can be compared with the actual later.
-- Amounts are decimal text (exact), never REAL.

CREATE TABLE budget (
    id          INTEGER PRIMARY KEY,
    scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('department', 'service_code')),
    scope       TEXT NOT NULL COLLATE NOCASE,
    period      TEXT NOT NULL CHECK (length(period) = 7 OR period GLOB 'FY[0-9][0-9][0-9][0-9]'),
    amount      TEXT NOT NULL,
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    thresholds  TEXT NOT NULL DEFAULT '[80,100]',   -- JSON array of percentages
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    UNIQUE (scope_kind, scope, period)
) STRICT;

CREATE TABLE budget_change (
    id              INTEGER PRIMARY KEY,
    scope_kind      TEXT NOT NULL,
    scope           TEXT NOT NULL,
    period          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    old_amount      TEXT,
    new_amount      TEXT,
    old_thresholds  TEXT,
    new_thresholds  TEXT,
    origin          TEXT NOT NULL,
    changed_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL
) STRICT;

CREATE INDEX budget_change_scope ON budget_change (scope_kind, scope, period);

CREATE TABLE forecast_record (
    id              INTEGER PRIMARY KEY,
    scope_kind      TEXT NOT NULL CHECK (scope_kind IN ('department', 'service_code')),
    scope           TEXT NOT NULL COLLATE NOCASE,
    period          TEXT NOT NULL,
    as_of           TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    currency        TEXT NOT NULL,
    actual_to_date  TEXT NOT NULL,
    forecast        TEXT NOT NULL,
    low             TEXT,
    high            TEXT,
    budget          TEXT,
    method          TEXT NOT NULL,
    status          TEXT NOT NULL,
    forecast_json   TEXT NOT NULL,
    UNIQUE (scope_kind, scope, period, as_of)
) STRICT;
