-- An immutable ledger.
--
-- What a file said is fixed the moment it is imported: no column read from
-- the file can be updated and no line or import can be deleted. What may
-- change is a line's standing in the ledger: the service code it is
-- attributed to, whether it is live (an undone import withdraws its lines, a
-- newer export can replace a figure), and, for a usage line the provider sent
-- without an amount, the list price computed for it once. Every such change is
-- appended to `line_change` with the line's standing before and after, and
-- stamped with the audit event of the engine call that made it, so the
-- standing of any line at any point can be replayed and checked
-- (`runrate audit verify`).

CREATE TRIGGER spend_line_no_delete BEFORE DELETE ON spend_line
BEGIN
    SELECT RAISE(ABORT, 'imported lines are never deleted; undo the import instead');
END;

CREATE TRIGGER spend_line_posted BEFORE UPDATE OF
    id, batch_id, source_kind, sheet, row_number, period_start, period_end, provider, model,
    line_item, api_key_id, api_key_name, project_id, project_name, workspace_id, workspace_name,
    tags_json, workload_code, department_label, cost_centre, environment, input_tokens,
    cached_input_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, requests,
    charge_category, natural_key, raw_json
ON spend_line
BEGIN
    SELECT RAISE(ABORT, 'an imported line cannot be changed; import a correction instead');
END;

-- An amount, once known, is fixed: only a line without one may be priced.
CREATE TRIGGER spend_line_amount_fixed BEFORE UPDATE OF amount_nanos, currency, cost_basis, price_id
ON spend_line
WHEN OLD.amount_nanos IS NOT NULL
  AND (NEW.amount_nanos IS NOT OLD.amount_nanos
    OR NEW.currency IS NOT OLD.currency
    OR NEW.cost_basis IS NOT OLD.cost_basis
    OR NEW.price_id IS NOT OLD.price_id)
BEGIN
    SELECT RAISE(ABORT, 'a line''s amount is fixed once known; import a correction instead');
END;

CREATE TRIGGER import_batch_no_delete BEFORE DELETE ON import_batch
BEGIN
    SELECT RAISE(ABORT, 'imports are never deleted; undo the import instead');
END;

CREATE TRIGGER import_batch_identity BEFORE UPDATE OF id, file_name, file_size, sha256, imported_at, imported_by
ON import_batch
BEGIN
    SELECT RAISE(ABORT, 'an import''s file and time cannot be changed');
END;

-- The counts are written once, when the import that began as a placeholder
-- (format '') completes in the same transaction.
CREATE TRIGGER import_batch_counts BEFORE UPDATE OF
    format, source_kind, encoding, sheets_json, rows_read, lines_imported, skipped_json,
    rows_rejected, duplicates, totals_json, issues_json, mapping_name, format_version
ON import_batch
WHEN OLD.format <> ''
BEGIN
    SELECT RAISE(ABORT, 'an import''s counts cannot be changed');
END;

-- Undoing is the reversal record: it is written once and never taken back
-- (importing the file again makes a new import).
CREATE TRIGGER import_batch_undo_once BEFORE UPDATE OF undone_at, undone_by ON import_batch
WHEN OLD.undone_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an undone import stays undone; import the file again instead');
END;

CREATE TABLE line_change (
    seq         INTEGER PRIMARY KEY,
    line_id     INTEGER NOT NULL REFERENCES spend_line (id),
    -- The audit event of the engine call that made the change; written once.
    audit_seq   INTEGER,
    before_json TEXT NOT NULL,
    after_json  TEXT NOT NULL
) STRICT;

CREATE INDEX line_change_line ON line_change (line_id, seq);
CREATE INDEX line_change_unstamped ON line_change (seq) WHERE audit_seq IS NULL;

CREATE TRIGGER spend_line_standing AFTER UPDATE ON spend_line
WHEN NEW.service_code IS NOT OLD.service_code
  OR NEW.rule_id IS NOT OLD.rule_id
  OR NEW.active IS NOT OLD.active
  OR NEW.replaced_by IS NOT OLD.replaced_by
  OR NEW.amount_nanos IS NOT OLD.amount_nanos
  OR NEW.currency IS NOT OLD.currency
  OR NEW.cost_basis IS NOT OLD.cost_basis
  OR NEW.price_id IS NOT OLD.price_id
BEGIN
    INSERT INTO line_change (line_id, before_json, after_json) VALUES (
        OLD.id,
        json_object('service_code', OLD.service_code, 'rule_id', OLD.rule_id,
            'active', OLD.active, 'replaced_by', OLD.replaced_by,
            'amount_nanos', OLD.amount_nanos, 'currency', OLD.currency,
            'cost_basis', OLD.cost_basis, 'price_id', OLD.price_id),
        json_object('service_code', NEW.service_code, 'rule_id', NEW.rule_id,
            'active', NEW.active, 'replaced_by', NEW.replaced_by,
            'amount_nanos', NEW.amount_nanos, 'currency', NEW.currency,
            'cost_basis', NEW.cost_basis, 'price_id', NEW.price_id));
END;

-- A change made before its call's audit event takes that event's number.
CREATE TRIGGER audit_event_stamps_changes AFTER INSERT ON audit_event
BEGIN
    UPDATE line_change SET audit_seq = NEW.seq WHERE audit_seq IS NULL;
END;

CREATE TRIGGER line_change_no_delete BEFORE DELETE ON line_change
BEGIN
    SELECT RAISE(ABORT, 'the history of a line is append-only');
END;

CREATE TRIGGER line_change_stamped_once BEFORE UPDATE ON line_change
WHEN OLD.audit_seq IS NOT NULL
  OR NEW.line_id IS NOT OLD.line_id
  OR NEW.seq IS NOT OLD.seq
  OR NEW.before_json IS NOT OLD.before_json
  OR NEW.after_json IS NOT OLD.after_json
BEGIN
    SELECT RAISE(ABORT, 'the history of a line is append-only');
END;
