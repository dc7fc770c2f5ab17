//! Value hypotheses and recorded outcomes.

use rust_decimal::Decimal;
use sqlx::sqlite::SqliteConnection;

use crate::error::{Error, Result};
use crate::model::month::Month;
use crate::model::value::{BenefitMeasure, Decision, Hypothesis, HypothesisStatus};
use crate::money::Currency;

fn corrupt(what: &str) -> Error {
    super::corrupt(&format!("value hypothesis's {what}"))
}

fn decimal(text: &str, what: &str) -> Result<Decimal> {
    text.parse().map_err(|_| corrupt(what))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    service_code: String,
    statement: String,
    outcome_unit: String,
    currency: String,
    baseline_cost: String,
    target_cost: String,
    other_cost: String,
    expected_volume: i64,
    benefit_measure: String,
    hours_per_outcome: Option<String>,
    owner: String,
    start_month: String,
    review_date: String,
    status: String,
    decision: Option<String>,
    decision_reason: Option<String>,
    created_at: String,
    updated_at: String,
}

impl TryFrom<Row> for Hypothesis {
    type Error = Error;

    fn try_from(r: Row) -> Result<Hypothesis> {
        Ok(Hypothesis {
            id: r.id,
            service_code: r.service_code,
            statement: r.statement,
            outcome_unit: r.outcome_unit,
            currency: Currency::parse(&r.currency).map_err(|_| corrupt("currency"))?,
            baseline_cost: decimal(&r.baseline_cost, "baseline")?,
            target_cost: decimal(&r.target_cost, "target")?,
            other_cost: decimal(&r.other_cost, "other costs")?,
            expected_volume: u64::try_from(r.expected_volume).map_err(|_| corrupt("volume"))?,
            benefit_measure: BenefitMeasure::parse(&r.benefit_measure)
                .ok_or_else(|| corrupt("benefit measure"))?,
            hours_per_outcome: r
                .hours_per_outcome
                .as_deref()
                .map(|h| decimal(h, "hours per outcome"))
                .transpose()?,
            owner: r.owner,
            start_month: r.start_month,
            review_date: r.review_date.parse().map_err(|_| corrupt("review date"))?,
            status: HypothesisStatus::parse(&r.status).ok_or_else(|| corrupt("status"))?,
            decision: r
                .decision
                .as_deref()
                .map(|d| Decision::parse(d).ok_or_else(|| corrupt("decision")))
                .transpose()?,
            decision_reason: r.decision_reason,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const COLUMNS: &str = "id, service_code, statement, outcome_unit, currency, baseline_cost, target_cost,
    other_cost, expected_volume, benefit_measure, hours_per_outcome, owner, start_month, review_date,
    status, decision, decision_reason, created_at, updated_at";

/// Every hypothesis, by service code and id.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<Hypothesis>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM value_hypothesis ORDER BY service_code, id"
    )))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(Hypothesis::try_from).collect()
}

/// One hypothesis.
pub async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<Hypothesis>> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM value_hypothesis WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(Hypothesis::try_from).transpose()
}

/// The columns a hypothesis's owner can change, in the order
/// [`bind_fields`] binds them.
const FIELDS: [&str; 15] = [
    "statement",
    "outcome_unit",
    "currency",
    "baseline_cost",
    "target_cost",
    "other_cost",
    "expected_volume",
    "benefit_measure",
    "hours_per_outcome",
    "owner",
    "start_month",
    "review_date",
    "status",
    "decision",
    "decision_reason",
];

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// Binds [`FIELDS`] of `h`, amounts as exact decimal text.
fn bind_fields<'q>(q: Query<'q>, h: &'q Hypothesis) -> Query<'q> {
    q.bind(&h.statement)
        .bind(&h.outcome_unit)
        .bind(h.currency.code())
        .bind(h.baseline_cost.normalize().to_string())
        .bind(h.target_cost.normalize().to_string())
        .bind(h.other_cost.normalize().to_string())
        .bind(h.expected_volume as i64)
        .bind(h.benefit_measure.id())
        .bind(h.hours_per_outcome.map(|v| v.normalize().to_string()))
        .bind(&h.owner)
        .bind(&h.start_month)
        .bind(h.review_date.to_string())
        .bind(h.status.id())
        .bind(h.decision.map(Decision::id))
        .bind(&h.decision_reason)
}

/// Inserts a hypothesis (its id is ignored) and returns the new id.
pub async fn insert(conn: &mut SqliteConnection, h: &Hypothesis) -> Result<i64> {
    let sql = format!(
        "INSERT INTO value_hypothesis (service_code, {}, created_at, updated_at)
         VALUES (?, {}, ?, ?)",
        FIELDS.join(", "),
        vec!["?"; FIELDS.len()].join(", ")
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&h.service_code);
    let done = bind_fields(q, h)
        .bind(&h.created_at)
        .bind(&h.updated_at)
        .execute(&mut *conn)
        .await?;
    Ok(done.last_insert_rowid())
}

/// Replaces a hypothesis's fields.
pub async fn update(conn: &mut SqliteConnection, h: &Hypothesis) -> Result<()> {
    let sql = format!(
        "UPDATE value_hypothesis SET {}, updated_at = ? WHERE id = ?",
        FIELDS.map(|f| format!("{f} = ?")).join(", ")
    );
    bind_fields(sqlx::query(sqlx::AssertSqlSafe(sql)), h)
        .bind(&h.updated_at)
        .bind(h.id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An outcome count as recorded, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS, sqlx::FromRow)]
pub struct OutcomeRecord {
    /// The hypothesis.
    pub hypothesis_id: i64,
    /// `YYYY-MM`.
    pub month: String,
    /// Outcomes in the month.
    pub outcomes: i64,
    /// `entered` or the file's name.
    pub source: String,
    /// The file's SHA-256.
    pub source_sha256: Option<String>,
    /// The sheet.
    pub source_sheet: Option<String>,
    /// The row.
    pub source_row: Option<i64>,
    /// When.
    pub recorded_at: String,
    /// Who.
    pub recorded_by: String,
}

/// Records (or replaces) a month's outcomes; returns the record replaced.
pub async fn put_outcome(
    conn: &mut SqliteConnection,
    r: &OutcomeRecord,
) -> Result<Option<OutcomeRecord>> {
    let before: Option<OutcomeRecord> = sqlx::query_as(
        "SELECT hypothesis_id, month, outcomes, source, source_sha256, source_sheet, source_row,
            recorded_at, recorded_by
         FROM outcome_record WHERE hypothesis_id = ? AND month = ?",
    )
    .bind(r.hypothesis_id)
    .bind(&r.month)
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO outcome_record (hypothesis_id, month, outcomes, source, source_sha256,
            source_sheet, source_row, recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (hypothesis_id, month) DO UPDATE SET outcomes = excluded.outcomes,
            source = excluded.source, source_sha256 = excluded.source_sha256,
            source_sheet = excluded.source_sheet, source_row = excluded.source_row,
            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
    )
    .bind(r.hypothesis_id)
    .bind(&r.month)
    .bind(r.outcomes)
    .bind(&r.source)
    .bind(&r.source_sha256)
    .bind(&r.source_sheet)
    .bind(r.source_row)
    .bind(&r.recorded_at)
    .bind(&r.recorded_by)
    .execute(&mut *conn)
    .await?;
    Ok(before)
}

/// A hypothesis's outcomes, by month.
pub async fn outcomes(
    conn: &mut SqliteConnection,
    hypothesis_id: i64,
) -> Result<Vec<OutcomeRecord>> {
    Ok(sqlx::query_as(
        "SELECT hypothesis_id, month, outcomes, source, source_sha256, source_sheet, source_row,
            recorded_at, recorded_by
         FROM outcome_record WHERE hypothesis_id = ? ORDER BY month",
    )
    .bind(hypothesis_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Outcomes as months and counts, for measuring.
pub fn as_counts(records: &[OutcomeRecord]) -> Vec<(Month, u64)> {
    records
        .iter()
        .filter_map(|r| Some((Month::parse_iso(&r.month)?, u64::try_from(r.outcomes).ok()?)))
        .collect()
}
