-- Disputes, approvals, signing keys and the packs signed with them.
-- Amounts are decimal text (exact), never REAL.

-- Every key that has signed (or may sign) packs. Only the public half is here;
-- the private half is in the keychain or an encrypted key file.
CREATE TABLE signing_key (
    fingerprint    TEXT PRIMARY KEY,
    public_openssh TEXT NOT NULL,
    store          TEXT NOT NULL CHECK (store IN ('keychain', 'file')),
    created_at     TEXT NOT NULL,
    retired_at     TEXT
) STRICT;

CREATE TABLE dispute (
    id                   INTEGER PRIMARY KEY,
    department_id        INTEGER NOT NULL REFERENCES department (id),
    month                TEXT NOT NULL CHECK (length(month) = 7),
    service_code         TEXT,
    reason               TEXT NOT NULL CHECK (reason IN ('wrong_service_code', 'not_our_usage', 'duplicate', 'price_or_fx_error', 'shared_cost_share', 'other')),
    explanation          TEXT NOT NULL CHECK (length(trim(explanation)) BETWEEN 1 AND 2000),
    requested_adjustment TEXT NOT NULL,
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    status               TEXT NOT NULL CHECK (status IN ('open', 'sent', 'accepted', 'rejected', 'withdrawn')),
    -- The reconciliation row disputed, when the dispute is about a variance.
    variance_json        TEXT,
    -- The split computation offered as evidence, when there is one.
    split_json           TEXT,
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;

CREATE INDEX dispute_period ON dispute (department_id, month);

-- The finance lines a dispute is about.
CREATE TABLE dispute_line (
    dispute_id INTEGER NOT NULL REFERENCES dispute (id),
    line_id    INTEGER NOT NULL REFERENCES spend_line (id),
    PRIMARY KEY (dispute_id, line_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE approval (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES department (id),
    month         TEXT NOT NULL CHECK (length(month) = 7),
    signer_name   TEXT NOT NULL CHECK (length(trim(signer_name)) BETWEEN 1 AND 120),
    signer_role   TEXT NOT NULL CHECK (length(trim(signer_role)) BETWEEN 1 AND 120),
    statement     TEXT NOT NULL CHECK (length(trim(statement)) BETWEEN 1 AND 2000),
    status        TEXT NOT NULL CHECK (status IN ('recorded', 'signed', 'reopened')),
    pack_id       TEXT,
    created_at    TEXT NOT NULL,
    signed_at     TEXT,
    reopened_at   TEXT,
    reopen_reason TEXT
) STRICT;

CREATE INDEX approval_period ON approval (department_id, month);

-- Lines a signed approval covers. While a line is here its service code,
-- amount and liveness cannot change (see the trigger below).
CREATE TABLE frozen_line (
    line_id     INTEGER PRIMARY KEY REFERENCES spend_line (id),
    approval_id INTEGER NOT NULL REFERENCES approval (id)
) STRICT;

CREATE TRIGGER spend_line_frozen BEFORE UPDATE OF service_code, rule_id, amount_nanos, currency, active ON spend_line
WHEN EXISTS (SELECT 1 FROM frozen_line WHERE line_id = OLD.id)
  AND (NEW.service_code IS NOT OLD.service_code
    OR NEW.amount_nanos IS NOT OLD.amount_nanos
    OR NEW.currency IS NOT OLD.currency
    OR NEW.active IS NOT OLD.active)
BEGIN
    SELECT RAISE(ABORT, 'line frozen by a signed approval');
END;

-- Every pack exported, so a re-export of unchanged content is the same pack
-- and a changed one supersedes it.
CREATE TABLE pack (
    pack_id         TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('dispute', 'approval')),
    department_id   INTEGER NOT NULL REFERENCES department (id),
    month           TEXT NOT NULL CHECK (length(month) = 7),
    key_fingerprint TEXT NOT NULL REFERENCES signing_key (fingerprint),
    sequence        INTEGER NOT NULL CHECK (sequence >= 1),
    supersedes      TEXT REFERENCES pack (pack_id),
    content_digest  TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    signer_name     TEXT NOT NULL,
    signer_role     TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    line_count      INTEGER NOT NULL,
    totals_json     TEXT NOT NULL,
    files_json      TEXT NOT NULL,
    UNIQUE (key_fingerprint, sequence)
) STRICT;

CREATE INDEX pack_period ON pack (department_id, month, kind);
