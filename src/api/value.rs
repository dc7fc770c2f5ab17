//! Value hypotheses: write them down, record outcomes, and measure cost per
//! outcome against baseline and target.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnection;
use ts_rs::TS;

use super::Engine;
use super::ledger::Ledger;
use crate::error::{Error, Result};
use crate::import::Columns;
use crate::model::month::Month;
use crate::model::split::split;
use crate::model::value::{
    BenefitMeasure, Decision, Hypothesis, HypothesisStatus, MonthCost, ValueReport, measure,
};
use crate::money::parse_amount;
use crate::sheet::Row;
use crate::store;
use crate::store::value::OutcomeRecord;

/// A hypothesis as typed; every field is text. When editing, blank keeps the
/// current value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct HypothesisInput {
    /// The service code.
    pub service_code: String,
    /// The claim.
    pub statement: String,
    /// One outcome: `resolved case`.
    pub outcome_unit: String,
    /// Baseline cost per outcome without AI.
    pub baseline_cost: String,
    /// Target cost per outcome with AI.
    pub target_cost: String,
    /// Other costs per outcome with AI (blank = 0).
    pub other_cost: String,
    /// Outcomes expected per month.
    pub expected_volume: String,
    /// `cost-avoided` (default) or `hours-saved`.
    pub benefit_measure: String,
    /// With hours saved: hours per outcome.
    pub hours_per_outcome: String,
    /// The owner.
    pub owner: String,
    /// First month measured (`2026-07`).
    pub start_month: String,
    /// Review date (`YYYY-MM-DD`).
    pub review_date: String,
    /// `proposed` (default), `measuring`, `validated`, `at-risk`, `refuted`, `retired`.
    pub status: String,
    /// `continue`, `scale`, `optimise`, `stop`.
    pub decision: String,
    /// Why.
    pub decision_reason: String,
}

/// What an outcome import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OutcomesImported {
    /// The file.
    pub file: String,
    /// Months recorded (new or changed).
    pub recorded: u32,
    /// Rows equal to what was held.
    pub unchanged: u32,
    /// The saved column mapping used, if any.
    pub mapping: Option<String>,
}

/// A hypothesis measured, with its chart, for the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ValueView {
    /// The measures and verdict.
    pub report: ValueReport,
    /// Cost per outcome by month against baseline and target (SVG).
    pub chart_svg: String,
    /// The outcomes recorded, with where each came from.
    pub outcomes: Vec<OutcomeRecord>,
}

/// Which cost side to measure against.
fn cost_side(text: &str) -> Result<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "" | "provider" | "providers" | "evidence" => Ok("provider"),
        "showback" | "finance" => Ok("showback"),
        other => Err(Error::invalid(format!(
            "'{other}' is not a cost side; use provider (the providers' evidence) or showback (what finance charged)"
        ))),
    }
}

fn money_field(name: &str, text: &str) -> std::result::Result<Decimal, String> {
    let value = parse_amount(text.trim())
        .map_err(|_| format!("{name} '{}' is not a number", text.trim()))?
        .value;
    if value.is_sign_negative() {
        return Err(format!("{name} '{}' is negative", text.trim()));
    }
    Ok(value)
}

/// Applies typed fields to a hypothesis (a new one starts from defaults);
/// blank fields keep what is there. Every problem is named.
fn apply(
    mut h: Hypothesis,
    input: &HypothesisInput,
    fiscal_start: u32,
) -> std::result::Result<Hypothesis, Vec<String>> {
    let mut problems = Vec::new();
    let text = |t: &str| (!t.trim().is_empty()).then(|| t.trim().to_string());
    if let Some(t) = text(&input.statement) {
        h.statement = t;
    }
    if let Some(t) = text(&input.outcome_unit) {
        h.outcome_unit = t;
    }
    if let Some(t) = text(&input.owner) {
        h.owner = t;
    }
    for (name, field, slot) in [
        ("baseline cost", &input.baseline_cost, &mut h.baseline_cost),
        ("target cost", &input.target_cost, &mut h.target_cost),
        ("other costs", &input.other_cost, &mut h.other_cost),
    ] {
        if !field.trim().is_empty() {
            match money_field(name, field) {
                Ok(v) => *slot = v.normalize(),
                Err(m) => problems.push(m),
            }
        }
    }
    if let Some(t) = text(&input.expected_volume) {
        match t.replace(',', "").parse::<u64>() {
            Ok(v) => h.expected_volume = v,
            Err(_) => problems.push(format!("expected volume '{t}' is not a whole number")),
        }
    }
    if let Some(t) = text(&input.benefit_measure) {
        match BenefitMeasure::parse(&t) {
            Some(b) => h.benefit_measure = b,
            None => problems.push(format!(
                "benefit measure '{t}' is not cost-avoided or hours-saved"
            )),
        }
    }
    if let Some(t) = text(&input.hours_per_outcome) {
        match money_field("hours per outcome", &t) {
            Ok(v) => h.hours_per_outcome = Some(v.normalize()),
            Err(m) => problems.push(m),
        }
    }
    if let Some(t) = text(&input.start_month) {
        match crate::import::period::parse_month(&t, fiscal_start) {
            Some(m) => h.start_month = m.to_string(),
            None => problems.push(format!("start month '{t}' is not a month (2026-07)")),
        }
    }
    if let Some(t) = text(&input.review_date) {
        match t.parse::<NaiveDate>() {
            Ok(d) => h.review_date = d,
            Err(_) => problems.push(format!("review date '{t}' is not a date (YYYY-MM-DD)")),
        }
    }
    if let Some(t) = text(&input.status) {
        match HypothesisStatus::parse(&t) {
            Some(s) => h.status = s,
            None => problems.push(format!(
                "status '{t}' is not proposed, measuring, validated, at-risk, refuted or retired"
            )),
        }
    }
    if let Some(t) = text(&input.decision) {
        match Decision::parse(&t) {
            Some(d) => h.decision = Some(d),
            None => problems.push(format!(
                "decision '{t}' is not continue, scale, optimise or stop"
            )),
        }
    }
    if let Some(t) = text(&input.decision_reason) {
        h.decision_reason = Some(t);
    }
    // What every hypothesis needs, whatever was typed.
    for (name, value) in [
        ("statement", &h.statement),
        ("outcome unit", &h.outcome_unit),
        ("owner", &h.owner),
        ("start month", &h.start_month),
    ] {
        if value.trim().is_empty() {
            problems.push(format!("{name} is required"));
        }
    }
    if h.target_cost >= h.baseline_cost && !h.baseline_cost.is_zero() {
        problems.push(format!(
            "the target ({}) must be below the baseline ({}): the hypothesis is that AI makes an outcome cheaper",
            h.target_cost, h.baseline_cost
        ));
    }
    if h.baseline_cost.is_zero() {
        problems.push("baseline cost is required".into());
    }
    if h.benefit_measure == BenefitMeasure::HoursSaved && h.hours_per_outcome.is_none() {
        problems.push("hours saved needs the hours saved per outcome".into());
    }
    if h.decision.is_some() && h.decision_reason.as_deref().unwrap_or("").is_empty() {
        problems.push("a decision needs its reason".into());
    }
    if problems.is_empty() {
        Ok(h)
    } else {
        Err(problems)
    }
}

impl Engine {
    /// Writes down a value hypothesis for a service code.
    pub async fn add_hypothesis(&self, input: HypothesisInput) -> Result<Hypothesis> {
        let mut tx = self.store.begin().await?;
        let settings = super::settings::load(&mut tx).await?;
        let code = input.service_code.trim().to_lowercase();
        if store::org::service_code(&mut tx, &code).await?.is_none() {
            return Err(Error::invalid(format!(
                "Value hypothesis: service code '{}' is not registered",
                input.service_code.trim()
            )));
        }
        let now = self.now();
        let blank = Hypothesis {
            id: 0,
            service_code: code,
            statement: String::new(),
            outcome_unit: String::new(),
            currency: settings.base_currency,
            baseline_cost: Decimal::ZERO,
            target_cost: Decimal::ZERO,
            other_cost: Decimal::ZERO,
            expected_volume: 0,
            benefit_measure: BenefitMeasure::CostAvoided,
            hours_per_outcome: None,
            owner: String::new(),
            start_month: String::new(),
            review_date: self.clock.today(),
            status: HypothesisStatus::Proposed,
            decision: None,
            decision_reason: None,
            created_at: now.clone(),
            updated_at: now,
        };
        if input.review_date.trim().is_empty() {
            return Err(Error::invalid("Value hypothesis: review date is required"));
        }
        let mut h = apply(blank, &input, settings.fiscal_year_start_month)
            .map_err(|p| Error::invalid(format!("Value hypothesis: {}", p.join("; "))))?;
        h.id = store::value::insert(&mut tx, &h).await?;
        self.record(
            &mut tx,
            "value.add",
            &format!("hypothesis:{}", h.id),
            None::<&()>,
            Some(&h),
        )
        .await?;
        tx.commit().await?;
        Ok(h)
    }

    /// Changes a hypothesis: its figures, status or the decision at review.
    pub async fn edit_hypothesis(&self, id: i64, input: HypothesisInput) -> Result<Hypothesis> {
        let mut tx = self.store.begin().await?;
        let settings = super::settings::load(&mut tx).await?;
        let before = store::value::get(&mut tx, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("There is no value hypothesis {id}")))?;
        let mut h = apply(before.clone(), &input, settings.fiscal_year_start_month)
            .map_err(|p| Error::invalid(format!("Value hypothesis {id}: {}", p.join("; "))))?;
        h.updated_at = self.now();
        store::value::update(&mut tx, &h).await?;
        self.record(
            &mut tx,
            "value.edit",
            &format!("hypothesis:{id}"),
            Some(&before),
            Some(&h),
        )
        .await?;
        tx.commit().await?;
        Ok(h)
    }

    /// Every hypothesis.
    pub async fn list_hypotheses(&self) -> Result<Vec<Hypothesis>> {
        store::value::list(&mut *self.store.reader().await?).await
    }

    /// Records a month's outcomes for a hypothesis (replacing any recorded).
    pub async fn record_outcomes(
        &self,
        id: i64,
        month: &str,
        outcomes: &str,
    ) -> Result<OutcomeRecord> {
        let mut tx = self.store.begin().await?;
        let settings = super::settings::load(&mut tx).await?;
        if store::value::get(&mut tx, id).await?.is_none() {
            return Err(Error::not_found(format!(
                "There is no value hypothesis {id}"
            )));
        }
        let month = crate::import::period::parse_month(month, settings.fiscal_year_start_month)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "Outcomes: '{}' is not a month (2026-09)",
                    month.trim()
                ))
            })?;
        let count =
            outcome_count(outcomes).map_err(|m| Error::invalid(format!("Outcomes: {m}")))?;
        let actor = self.actor(&mut tx).await?;
        let record = OutcomeRecord {
            hypothesis_id: id,
            month: month.to_string(),
            outcomes: count,
            source: "entered".into(),
            source_sha256: None,
            source_sheet: None,
            source_row: None,
            recorded_at: self.now(),
            recorded_by: actor,
        };
        self.save_outcome(&mut tx, &record).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn save_outcome(&self, tx: &mut store::WriteTx, record: &OutcomeRecord) -> Result<bool> {
        let before = store::value::put_outcome(tx, record).await?;
        if before
            .as_ref()
            .is_some_and(|b| b.outcomes == record.outcomes)
        {
            return Ok(false);
        }
        self.record(
            tx,
            "value.outcomes",
            &format!("hypothesis:{}:{}", record.hypothesis_id, record.month),
            before.as_ref(),
            Some(record),
        )
        .await?;
        Ok(true)
    }

    /// Imports outcomes from CSV or a workbook. The header row may sit below
    /// title rows. Its columns are `hypothesis` (its number) or `service code`
    /// (its one live hypothesis), `month` and `outcomes` (or their usual
    /// synonyms); a saved column mapping is used instead when one is named, or
    /// when one was made for exactly this header row, with its Service code,
    /// Month and Quantity columns. All rows or none; each problem names its row.
    pub async fn import_outcomes(
        &self,
        path: &Path,
        mapping: Option<&str>,
    ) -> Result<OutcomesImported> {
        let (sheet, all_rows) = super::prices::read_sheet(path)?;
        let file = crate::sheet::file_name(path);
        let (_, sha) =
            super::imports::fingerprint(path).map_err(|e| e.context(format!("File '{file}'")))?;
        let mut tx = self.store.begin().await?;
        let templates = super::mappings::load_all(&mut tx).await?;
        let named = mapping
            .map(|name| super::mappings::find(&templates, name))
            .transpose()?;
        let (header_index, columns, chosen) = find_outcome_header(
            &all_rows,
            named.as_ref(),
            &templates,
        )
        .ok_or_else(|| {
            Error::invalid(format!(
                "File '{file}' sheet '{sheet}': no header row with a month and an outcomes column \
                     (hypothesis or service code, month, outcomes), and no saved mapping fits it"
            ))
        })?;
        let settings = super::settings::load(&mut tx).await?;
        let hypotheses = store::value::list(&mut tx).await?;
        let actor = self.actor(&mut tx).await?;
        let now = self.now();
        let mut records = Vec::new();
        let mut problems = Vec::new();
        for row in all_rows[header_index + 1..]
            .iter()
            .filter(|r| !r.is_blank())
        {
            let at = format!("Sheet '{sheet}' row {}", row.number);
            match outcome_row(
                &columns,
                row,
                &chosen,
                &hypotheses,
                settings.fiscal_year_start_month,
            ) {
                Ok((id, month, count)) => records.push(OutcomeRecord {
                    hypothesis_id: id,
                    month,
                    outcomes: count,
                    source: file.clone(),
                    source_sha256: Some(sha.clone()),
                    source_sheet: Some(sheet.clone()),
                    source_row: Some(i64::from(row.number)),
                    recorded_at: now.clone(),
                    recorded_by: actor.clone(),
                }),
                Err(m) => problems.push(format!("{at}: {m}")),
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(format!(
                "No outcomes were imported from '{file}': {}",
                problems.join("; ")
            )));
        }
        let (mut recorded, mut unchanged) = (0, 0);
        for r in &records {
            if self.save_outcome(&mut tx, r).await? {
                recorded += 1;
            } else {
                unchanged += 1;
            }
        }
        tx.commit().await?;
        Ok(OutcomesImported {
            file,
            recorded,
            unchanged,
            mapping: chosen.mapping,
        })
    }

    /// A hypothesis measured month by month from its start through the last
    /// closed month (or the as-of month), with its verdict. `cost_side` is
    /// `provider` (default: the providers' evidence) or `showback` (what
    /// finance charged).
    pub async fn value_report(&self, id: i64, cost_side: &str, as_of: &str) -> Result<ValueReport> {
        let side = self::cost_side(cost_side)?;
        let today = super::forecasts::as_of_arg(as_of, self.clock.today())?;
        let mut conn = self.store.reader().await?;
        let h = store::value::get(&mut conn, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("There is no value hypothesis {id}")))?;
        let through = Month::of(today).plus(-1);
        let start = Month::parse_iso(&h.start_month).unwrap_or(through);
        let costs = month_costs(&mut conn, &h, side, start, through).await?;
        let outcomes = store::value::as_counts(&store::value::outcomes(&mut conn, id).await?);
        Ok(measure(&h, side, &outcomes, &costs, through, today))
    }

    /// A hypothesis measured, with its chart and recorded outcomes.
    pub async fn value_view(&self, id: i64, cost_side: &str, as_of: &str) -> Result<ValueView> {
        let report = self.value_report(id, cost_side, as_of).await?;
        let rule = self.settings().await?.rounding_rule;
        Ok(ValueView {
            chart_svg: crate::chart::value_chart(&report, rule)?,
            outcomes: self.hypothesis_outcomes(id).await?,
            report,
        })
    }

    /// The outcomes recorded for a hypothesis, with where each came from.
    pub async fn hypothesis_outcomes(&self, id: i64) -> Result<Vec<OutcomeRecord>> {
        store::value::outcomes(&mut *self.store.reader().await?, id).await
    }
}

fn outcome_count(text: &str) -> std::result::Result<i64, String> {
    let t = text.trim().replace(',', "");
    match t.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err(format!(
            "outcomes '{}' is not a whole number of zero or more",
            text.trim()
        )),
    }
}

/// Which columns an outcomes file uses, as normalised header names.
#[derive(Debug, Clone, Default)]
struct OutcomeColumns {
    hypothesis: Option<String>,
    code: Option<String>,
    month: String,
    outcomes: String,
    /// The saved mapping used, if any.
    mapping: Option<String>,
}

fn by_synonym(columns: &Columns) -> Option<OutcomeColumns> {
    let pick = |names: &[&str]| names.iter().find(|n| columns.has(n)).map(|n| n.to_string());
    let chosen = OutcomeColumns {
        hypothesis: pick(&["hypothesis", "hypothesis id", "id"]),
        code: pick(&["service code", "service_code", "code", "workload code"]),
        month: pick(&["month", "period"])?,
        outcomes: pick(&["outcomes", "count", "volume", "quantity"])?,
        mapping: None,
    };
    (chosen.hypothesis.is_some() || chosen.code.is_some()).then_some(chosen)
}

fn by_mapping(m: &crate::import::Mapping, columns: &Columns) -> Option<OutcomeColumns> {
    use crate::import::Field;
    let col = |f: Field| {
        m.columns
            .get(&f)
            .map(|h| crate::import::columns::normalise(h))
            .filter(|h| columns.has(h))
    };
    Some(OutcomeColumns {
        hypothesis: None,
        code: Some(col(Field::ServiceCode)?),
        month: col(Field::Period).or_else(|| col(Field::Date))?,
        outcomes: col(Field::Quantity)?,
        mapping: Some(m.name.clone()),
    })
}

/// The header row (within the first 20 rows with content) and its columns:
/// the named mapping's, a saved mapping made for exactly this header, or the
/// usual names.
fn find_outcome_header(
    rows: &[Row],
    named: Option<&crate::import::Mapping>,
    templates: &[crate::import::Mapping],
) -> Option<(usize, Columns, OutcomeColumns)> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .take(20)
        .find_map(|(i, row)| {
            let columns = Columns::from_row(row);
            let chosen = match named {
                Some(m) => by_mapping(m, &columns),
                None => templates
                    .iter()
                    .filter(|m| m.recognises(&columns))
                    .find_map(|m| by_mapping(m, &columns))
                    .or_else(|| by_synonym(&columns)),
            }?;
            Some((i, columns, chosen))
        })
}

fn outcome_row(
    columns: &Columns,
    row: &Row,
    chosen: &OutcomeColumns,
    hypotheses: &[Hypothesis],
    fiscal_start: u32,
) -> std::result::Result<(i64, String, i64), String> {
    let get = |c: &str| columns.text(row, c).unwrap_or_default();
    let id = match (&chosen.hypothesis, &chosen.code) {
        (Some(c), _) if !get(c).is_empty() => {
            let t = get(c);
            let id: i64 = t
                .parse()
                .map_err(|_| format!("hypothesis '{t}' is not a hypothesis number"))?;
            if !hypotheses.iter().any(|h| h.id == id) {
                return Err(format!("there is no value hypothesis {id}"));
            }
            id
        }
        (_, Some(c)) => {
            let code = get(c).to_lowercase();
            let mine: Vec<&Hypothesis> = hypotheses
                .iter()
                .filter(|h| h.service_code == code && h.status != HypothesisStatus::Retired)
                .collect();
            match mine.as_slice() {
                [one] => one.id,
                [] => return Err(format!("service code '{code}' has no value hypothesis")),
                _ => {
                    return Err(format!(
                        "service code '{code}' has {} hypotheses; name one in a hypothesis column",
                        mine.len()
                    ));
                }
            }
        }
        _ => return Err("the hypothesis is blank".into()),
    };
    let cell = columns.cell(row, &chosen.month);
    let month_text = cell.map(|c| c.display()).unwrap_or_default();
    let month = crate::import::period::parse_month(month_text.trim(), fiscal_start)
        .or_else(|| {
            cell.and_then(|c| crate::import::period::month_from_cell(c, false, fiscal_start))
        })
        .ok_or_else(|| format!("month '{}' is not a month", month_text.trim()))?;
    let count = outcome_count(&get(&chosen.outcomes))?;
    Ok((id, month.to_string(), count))
}

/// The AI cost of a hypothesis's service code per month on one side, and its
/// share of its department's shared costs: finance's showback lines for the
/// department that carry no service code, split between the department's codes
/// in proportion to their direct cost that month (largest remainder, in whole
/// minor units).
async fn month_costs(
    conn: &mut SqliteConnection,
    h: &Hypothesis,
    side: &str,
    start: Month,
    through: Month,
) -> Result<Vec<MonthCost>> {
    let mut ledger = Ledger::load_daily(conn, start.first_day(), through.end(), h.currency).await?;
    let department = store::org::service_code(conn, &h.service_code)
        .await?
        .map(|c| c.department)
        .unwrap_or_default();
    // month → (code → direct cost on the side), and month → shared pool
    let mut direct: BTreeMap<Month, BTreeMap<String, Decimal>> = BTreeMap::new();
    let mut recorded: std::collections::BTreeSet<Month> = std::collections::BTreeSet::new();
    let mut shared: BTreeMap<Month, Decimal> = BTreeMap::new();
    for i in 0..ledger.lines.len() {
        let line = &ledger.lines[i];
        let Some(m) = line.period_start.parse::<NaiveDate>().ok().map(Month::of) else {
            continue;
        };
        let in_department = ledger
            .department_of(line)
            .is_some_and(|d| d.eq_ignore_ascii_case(&department));
        if !in_department {
            continue;
        }
        let on_side = line.source_kind == side;
        let code = line.service_code.clone();
        let showback = line.source_kind == "showback";
        let Some(amount) = ledger.amount(i) else {
            continue;
        };
        match code {
            Some(code) if on_side => {
                if code == h.service_code {
                    recorded.insert(m);
                }
                *direct.entry(m).or_default().entry(code).or_default() += amount;
            }
            None if showback => *shared.entry(m).or_default() += amount,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut m = start;
    while m <= through {
        let codes = direct.remove(&m).unwrap_or_default();
        let ai_cost = codes.get(&h.service_code).copied().unwrap_or_default();
        let pool = shared.get(&m).copied().unwrap_or_default();
        let weights: Vec<(String, Decimal)> = codes.into_iter().collect();
        let shared_cost = if pool.is_zero() {
            Decimal::ZERO
        } else {
            // The pool is split in whole minor units (rounded half away from
            // zero first; finance's lines are in minor units already).
            let pool = pool.round_dp_with_strategy(
                h.currency.minor_units(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            split(pool, h.currency.minor_units(), &weights)
                .ok()
                .and_then(|parts| parts.into_iter().find(|p| p.key == h.service_code))
                .map_or(Decimal::ZERO, |p| p.amount)
        };
        out.push(MonthCost {
            month: m,
            ai_cost,
            shared_cost,
            recorded: recorded.contains(&m),
        });
        m = m.plus(1);
    }
    Ok(out)
}
