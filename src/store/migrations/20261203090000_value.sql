-- Value hypotheses per service code and the outcomes recorded against them.
-- Per-outcome amounts are decimal text (exact), never REAL.

CREATE TABLE value_hypothesis (
    id                INTEGER PRIMARY KEY,
    service_code      TEXT NOT NULL REFERENCES service_code (code),
    statement         TEXT NOT NULL CHECK (length(trim(statement)) BETWEEN 1 AND 500),
    outcome_unit      TEXT NOT NULL CHECK (length(trim(outcome_unit)) BETWEEN 1 AND 80),
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    baseline_cost     TEXT NOT NULL,
    target_cost       TEXT NOT NULL,
    other_cost        TEXT NOT NULL DEFAULT '0',
    expected_volume   INTEGER NOT NULL CHECK (expected_volume >= 0),
    benefit_measure   TEXT NOT NULL CHECK (benefit_measure IN ('cost_avoided', 'hours_saved')),
    hours_per_outcome TEXT,
    owner             TEXT NOT NULL CHECK (length(trim(owner)) BETWEEN 1 AND 120),
    start_month       TEXT NOT NULL CHECK (length(start_month) = 7),
    review_date       TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('proposed', 'measuring', 'validated', 'at_risk', 'refuted', 'retired')),
    decision          TEXT CHECK (decision IN ('continue', 'scale', 'optimise', 'stop')),
    decision_reason   TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE INDEX value_hypothesis_code ON value_hypothesis (service_code);

CREATE TABLE outcome_record (
    id             INTEGER PRIMARY KEY,
    hypothesis_id  INTEGER NOT NULL REFERENCES value_hypothesis (id),
    month          TEXT NOT NULL CHECK (length(month) = 7),
    outcomes       INTEGER NOT NULL CHECK (outcomes >= 0),
    source         TEXT NOT NULL,          -- 'entered' or the file name
    source_sha256  TEXT,
    source_sheet   TEXT,
    source_row     INTEGER,
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    UNIQUE (hypothesis_id, month)
) STRICT;
