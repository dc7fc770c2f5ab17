-- The live ledger summed per day: what the screens read instead of the lines.
--
-- One row per day, period end, source, charge category, provider, model, API
-- key, service code, finance's department label and currency, with the number
-- of live lines it stands for, how many of them are priced, and the sum of
-- their amounts (exact nanos). An absent value is '' here, so that the key is
-- one primary key; readers turn '' back into NULL.
--
-- It is kept in step in two ways: an import adds its lines' sums as it saves
-- them (store::imports::insert_lines, in the same transaction), and any change
-- to a line's standing (undo, replacement, re-attribution, pricing) moves the
-- line out of its old row and into its new one by the trigger below. The test
-- `roll_up_matches_the_lines` checks it against the lines after every kind of
-- change; `runrate audit verify` does the same on a real workspace.

CREATE TABLE spend_day (
    period_start     TEXT NOT NULL,
    period_end       TEXT NOT NULL,
    source_kind      TEXT NOT NULL,
    charge_category  TEXT NOT NULL,
    provider         TEXT NOT NULL,
    model            TEXT NOT NULL,
    api_key_id       TEXT NOT NULL,
    api_key_name     TEXT NOT NULL,
    service_code     TEXT NOT NULL,
    department_label TEXT NOT NULL,
    currency         TEXT NOT NULL,
    lines            INTEGER NOT NULL,
    priced_lines     INTEGER NOT NULL,
    amount_nanos     INTEGER NOT NULL,
    -- In this order so that summing per day, code and currency (forecasts)
    -- reads the rows in key order without sorting them.
    PRIMARY KEY (period_start, period_end, source_kind, charge_category, provider, service_code,
        department_label, currency, model, api_key_id, api_key_name)
) STRICT, WITHOUT ROWID;

INSERT INTO spend_day
SELECT period_start, period_end, source_kind, charge_category, coalesce(provider, ''),
    coalesce(model, ''), coalesce(api_key_id, ''), coalesce(api_key_name, ''),
    coalesce(service_code, ''), coalesce(department_label, ''), coalesce(currency, ''),
    count(*), count(amount_nanos), coalesce(sum(amount_nanos), 0)
FROM spend_line
WHERE active = 1
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;

CREATE TRIGGER spend_day_follows_standing AFTER UPDATE OF active, service_code, amount_nanos, currency
ON spend_line
WHEN NEW.active IS NOT OLD.active
  OR NEW.service_code IS NOT OLD.service_code
  OR NEW.amount_nanos IS NOT OLD.amount_nanos
  OR NEW.currency IS NOT OLD.currency
BEGIN
    INSERT INTO spend_day
    SELECT OLD.period_start, OLD.period_end, OLD.source_kind, OLD.charge_category,
        coalesce(OLD.provider, ''), coalesce(OLD.model, ''), coalesce(OLD.api_key_id, ''),
        coalesce(OLD.api_key_name, ''), coalesce(OLD.service_code, ''),
        coalesce(OLD.department_label, ''), coalesce(OLD.currency, ''),
        -1, -(OLD.amount_nanos IS NOT NULL), -coalesce(OLD.amount_nanos, 0)
    WHERE OLD.active = 1
    ON CONFLICT DO UPDATE SET lines = lines + excluded.lines,
        priced_lines = priced_lines + excluded.priced_lines,
        amount_nanos = amount_nanos + excluded.amount_nanos;
    INSERT INTO spend_day
    SELECT NEW.period_start, NEW.period_end, NEW.source_kind, NEW.charge_category,
        coalesce(NEW.provider, ''), coalesce(NEW.model, ''), coalesce(NEW.api_key_id, ''),
        coalesce(NEW.api_key_name, ''), coalesce(NEW.service_code, ''),
        coalesce(NEW.department_label, ''), coalesce(NEW.currency, ''),
        1, NEW.amount_nanos IS NOT NULL, coalesce(NEW.amount_nanos, 0)
    WHERE NEW.active = 1
    ON CONFLICT DO UPDATE SET lines = lines + excluded.lines,
        priced_lines = priced_lines + excluded.priced_lines,
        amount_nanos = amount_nanos + excluded.amount_nanos;
    DELETE FROM spend_day
    WHERE lines = 0
      AND period_start = OLD.period_start AND period_end = OLD.period_end
      AND source_kind = OLD.source_kind AND charge_category = OLD.charge_category
      AND provider = coalesce(OLD.provider, '') AND model = coalesce(OLD.model, '')
      AND api_key_id = coalesce(OLD.api_key_id, '') AND api_key_name = coalesce(OLD.api_key_name, '')
      AND service_code = coalesce(OLD.service_code, '')
      AND department_label = coalesce(OLD.department_label, '')
      AND currency = coalesce(OLD.currency, '');
END;
