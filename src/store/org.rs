//! Departments, aliases, cost centres and service codes.

use chrono::NaiveDate;
use sqlx::sqlite::SqliteConnection;

use crate::error::{Error, Result};
use crate::model::department::{CostCentre, Department};
use crate::model::provider::Provider;
use crate::model::service_code::{
    CodeStatus, DataClass, Environment, ModelTier, ServiceCode, ServiceCodeDraft, Stage,
};
use crate::money::{Currency, from_nanos, to_nanos};

/// The department a name or alias stands for: `(id, name)`.
pub async fn resolve_department(
    conn: &mut SqliteConnection,
    label: &str,
) -> Result<Option<(i64, String)>> {
    let label = crate::model::department::normalise_label(label);
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM department WHERE name = ?1
         UNION ALL
         SELECT d.id, d.name FROM department_alias a JOIN department d ON d.id = a.department_id WHERE a.alias = ?1
         LIMIT 1",
    )
    .bind(&label)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row)
}

/// Inserts a department and returns its id.
pub async fn insert_department(conn: &mut SqliteConnection, name: &str, at: &str) -> Result<i64> {
    let id: (i64,) =
        sqlx::query_as("INSERT INTO department (name, created_at) VALUES (?, ?) RETURNING id")
            .bind(name)
            .bind(at)
            .fetch_one(&mut *conn)
            .await?;
    Ok(id.0)
}

/// Renames a department.
pub async fn rename_department(conn: &mut SqliteConnection, id: i64, name: &str) -> Result<()> {
    sqlx::query("UPDATE department SET name = ? WHERE id = ?")
        .bind(name)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Adds an alias to a department.
pub async fn insert_alias(
    conn: &mut SqliteConnection,
    department_id: i64,
    alias: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO department_alias (alias, department_id) VALUES (?, ?)")
        .bind(alias)
        .bind(department_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes an alias; returns whether it existed.
pub async fn delete_alias(conn: &mut SqliteConnection, alias: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM department_alias WHERE alias = ?")
        .bind(alias)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Every department with its aliases, cost centres and active code count.
pub async fn list_departments(conn: &mut SqliteConnection) -> Result<Vec<Department>> {
    let departments: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT d.id, d.name,
                (SELECT count(*) FROM service_code s WHERE s.department_id = d.id AND s.status = 'active')
         FROM department d ORDER BY d.name COLLATE NOCASE",
    )
    .fetch_all(&mut *conn)
    .await?;
    let aliases: Vec<(i64, String)> = sqlx::query_as(
        "SELECT department_id, alias FROM department_alias ORDER BY alias COLLATE NOCASE",
    )
    .fetch_all(&mut *conn)
    .await?;
    let centres = list_cost_centres(conn).await?;
    Ok(departments
        .into_iter()
        .map(|(id, name, active_codes)| Department {
            aliases: aliases
                .iter()
                .filter(|(d, _)| *d == id)
                .map(|(_, a)| a.clone())
                .collect(),
            cost_centres: centres
                .iter()
                .filter(|c| c.department.as_deref() == Some(name.as_str()))
                .cloned()
                .collect(),
            id,
            name,
            active_codes,
        })
        .collect())
}

/// The cost centre with `code`, if registered.
pub async fn cost_centre(conn: &mut SqliteConnection, code: &str) -> Result<Option<CostCentre>> {
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.code, c.name, d.name FROM cost_centre c LEFT JOIN department d ON d.id = c.department_id
         WHERE c.code = ?",
    )
    .bind(code.trim())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(code, name, department)| CostCentre {
        code,
        name,
        department,
    }))
}

/// Every cost centre.
pub async fn list_cost_centres(conn: &mut SqliteConnection) -> Result<Vec<CostCentre>> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.code, c.name, d.name FROM cost_centre c LEFT JOIN department d ON d.id = c.department_id
         ORDER BY c.code COLLATE NOCASE",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, department)| CostCentre {
            code,
            name,
            department,
        })
        .collect())
}

/// Inserts a cost centre.
pub async fn insert_cost_centre(
    conn: &mut SqliteConnection,
    code: &str,
    name: &str,
    department_id: Option<i64>,
    at: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO cost_centre (code, name, department_id, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(code)
    .bind(name)
    .bind(department_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const CODE_COLUMNS: &str =
    "s.code, s.description, d.name AS department, s.business_owner, s.technical_owner, s.cost_centre,
    s.environment, s.stage, s.model_tier, s.allowed_providers, s.data_classification, s.currency,
    s.budget_cap_nanos, s.expected_run_rate_nanos, s.forecast_benefit_nanos, s.retention_rule,
    s.approval_reference, s.review_date, s.status, s.created_at, s.updated_at, s.retired_at";

#[derive(sqlx::FromRow)]
struct CodeRow {
    code: String,
    description: String,
    department: String,
    business_owner: Option<String>,
    technical_owner: Option<String>,
    cost_centre: Option<String>,
    environment: String,
    stage: String,
    model_tier: String,
    allowed_providers: String,
    data_classification: String,
    currency: String,
    budget_cap_nanos: Option<i64>,
    expected_run_rate_nanos: Option<i64>,
    forecast_benefit_nanos: Option<i64>,
    retention_rule: Option<String>,
    approval_reference: Option<String>,
    review_date: Option<String>,
    status: String,
    created_at: String,
    updated_at: String,
    retired_at: Option<String>,
}

fn corrupt(code: &str, field: &str) -> Error {
    Error::internal(format!(
        "Service code '{code}' has an unreadable {field} in the database"
    ))
}

impl CodeRow {
    fn into_code(self) -> Result<ServiceCode> {
        let c = &self.code;
        let providers: Vec<String> = serde_json::from_str(&self.allowed_providers)
            .map_err(|_| corrupt(c, "provider list"))?;
        Ok(ServiceCode {
            environment: Environment::parse(&self.environment)
                .ok_or_else(|| corrupt(c, "environment"))?,
            stage: Stage::parse(&self.stage).ok_or_else(|| corrupt(c, "stage"))?,
            model_tier: ModelTier::parse(&self.model_tier)
                .ok_or_else(|| corrupt(c, "model tier"))?,
            allowed_providers: providers
                .iter()
                .filter_map(|p| Provider::parse(p))
                .collect(),
            data_classification: DataClass::parse(&self.data_classification)
                .ok_or_else(|| corrupt(c, "data classification"))?,
            currency: Currency::parse(&self.currency).map_err(|_| corrupt(c, "currency"))?,
            budget_cap: self.budget_cap_nanos.map(from_nanos),
            expected_run_rate: self.expected_run_rate_nanos.map(from_nanos),
            forecast_benefit: self.forecast_benefit_nanos.map(from_nanos),
            review_date: match self.review_date {
                Some(d) => Some(
                    NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                        .map_err(|_| corrupt(c, "review date"))?,
                ),
                None => None,
            },
            status: CodeStatus::parse(&self.status).ok_or_else(|| corrupt(c, "status"))?,
            code: self.code,
            description: self.description,
            department: self.department,
            business_owner: self.business_owner,
            technical_owner: self.technical_owner,
            cost_centre: self.cost_centre,
            retention_rule: self.retention_rule,
            approval_reference: self.approval_reference,
            created_at: self.created_at,
            updated_at: self.updated_at,
            retired_at: self.retired_at,
        })
    }
}

/// The service code `code`, if it exists.
pub async fn service_code(conn: &mut SqliteConnection, code: &str) -> Result<Option<ServiceCode>> {
    let sql = format!(
        "SELECT {CODE_COLUMNS} FROM service_code s JOIN department d ON d.id = s.department_id WHERE s.code = ?"
    );
    let row: Option<CodeRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(CodeRow::into_code).transpose()
}

/// Every service code, ordered by code.
pub async fn list_service_codes(conn: &mut SqliteConnection) -> Result<Vec<ServiceCode>> {
    let sql = format!(
        "SELECT {CODE_COLUMNS} FROM service_code s JOIN department d ON d.id = s.department_id ORDER BY s.code"
    );
    let rows: Vec<CodeRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(CodeRow::into_code).collect()
}

fn nanos(value: Option<rust_decimal::Decimal>) -> Result<Option<i64>> {
    value.map(to_nanos).transpose().map_err(Error::from)
}

fn providers_json(providers: &[Provider]) -> Result<String> {
    Ok(serde_json::to_string(
        &providers.iter().map(|p| p.id()).collect::<Vec<_>>(),
    )?)
}

/// Inserts a new, active service code.
pub async fn insert_service_code(
    conn: &mut SqliteConnection,
    draft: &ServiceCodeDraft,
    department_id: i64,
    at: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO service_code (code, description, department_id, business_owner, technical_owner,
            cost_centre, environment, stage, model_tier, allowed_providers, data_classification, currency,
            budget_cap_nanos, expected_run_rate_nanos, forecast_benefit_nanos, retention_rule,
            approval_reference, review_date, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
    )
    .bind(&draft.code)
    .bind(&draft.description)
    .bind(department_id)
    .bind(&draft.business_owner)
    .bind(&draft.technical_owner)
    .bind(&draft.cost_centre)
    .bind(draft.environment.as_str())
    .bind(draft.stage.as_str())
    .bind(draft.model_tier.as_str())
    .bind(providers_json(&draft.allowed_providers)?)
    .bind(draft.data_classification.as_str())
    .bind(draft.currency.code())
    .bind(nanos(draft.budget_cap)?)
    .bind(nanos(draft.expected_run_rate)?)
    .bind(nanos(draft.forecast_benefit)?)
    .bind(&draft.retention_rule)
    .bind(&draft.approval_reference)
    .bind(draft.review_date.map(|d| d.to_string()))
    .bind(at)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces every editable field of an existing code.
pub async fn update_service_code(
    conn: &mut SqliteConnection,
    draft: &ServiceCodeDraft,
    department_id: i64,
    at: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE service_code SET description = ?, department_id = ?, business_owner = ?, technical_owner = ?,
            cost_centre = ?, environment = ?, stage = ?, model_tier = ?, allowed_providers = ?,
            data_classification = ?, currency = ?, budget_cap_nanos = ?, expected_run_rate_nanos = ?,
            forecast_benefit_nanos = ?, retention_rule = ?, approval_reference = ?, review_date = ?,
            updated_at = ?
         WHERE code = ?",
    )
    .bind(&draft.description)
    .bind(department_id)
    .bind(&draft.business_owner)
    .bind(&draft.technical_owner)
    .bind(&draft.cost_centre)
    .bind(draft.environment.as_str())
    .bind(draft.stage.as_str())
    .bind(draft.model_tier.as_str())
    .bind(providers_json(&draft.allowed_providers)?)
    .bind(draft.data_classification.as_str())
    .bind(draft.currency.code())
    .bind(nanos(draft.budget_cap)?)
    .bind(nanos(draft.expected_run_rate)?)
    .bind(nanos(draft.forecast_benefit)?)
    .bind(&draft.retention_rule)
    .bind(&draft.approval_reference)
    .bind(draft.review_date.map(|d| d.to_string()))
    .bind(at)
    .bind(&draft.code)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sets a code's status; `retired_at` is set on retirement and cleared on reactivation.
pub async fn set_status(
    conn: &mut SqliteConnection,
    code: &str,
    status: CodeStatus,
    at: &str,
) -> Result<()> {
    let retired_at = (status == CodeStatus::Retired).then_some(at);
    sqlx::query(
        "UPDATE service_code SET status = ?, retired_at = ?, updated_at = ? WHERE code = ?",
    )
    .bind(status.as_str())
    .bind(retired_at)
    .bind(at)
    .bind(code)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
