//! The price book and FX rates.

use sqlx::sqlite::SqliteConnection;

use crate::error::Result;
use crate::model::fx::FxRate;
use crate::model::price::PriceEntry;
use crate::model::provider::Provider;
use crate::money::Currency;

type PriceRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
);

use super::corrupt;

fn decimal(text: &str) -> Result<rust_decimal::Decimal> {
    super::stored_decimal(text, "price")
}

fn price_from(row: PriceRow) -> Result<PriceEntry> {
    let (
        id,
        provider,
        model,
        tier,
        currency,
        input,
        cached,
        write,
        write_1h,
        output,
        from,
        source,
        captured,
    ) = row;
    Ok(PriceEntry {
        id,
        provider: Provider::parse(&provider).ok_or_else(|| corrupt("price's provider"))?,
        model,
        tier,
        currency: Currency::parse(&currency).map_err(|_| corrupt("price's currency"))?,
        input: decimal(&input)?,
        cached_input: cached.as_deref().map(decimal).transpose()?,
        cache_write: write.as_deref().map(decimal).transpose()?,
        cache_write_1h: write_1h.as_deref().map(decimal).transpose()?,
        output: decimal(&output)?,
        effective_from: from.parse().map_err(|_| corrupt("price's date"))?,
        source,
        captured_on: captured
            .as_deref()
            .map(|d| d.parse().map_err(|_| corrupt("price's date")))
            .transpose()?,
    })
}

const PRICE_COLUMNS: &str = "id, provider, model, tier, currency, input_per_mtok, cached_input_per_mtok,
    cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok, effective_from, source, captured_on";

/// Every price entry, by provider, model, tier and date.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<PriceEntry>> {
    let sql = format!(
        "SELECT {PRICE_COLUMNS} FROM price_entry ORDER BY provider, model, tier, effective_from"
    );
    let rows: Vec<PriceRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(price_from).collect()
}

/// How many entries the book holds.
pub async fn count(conn: &mut SqliteConnection) -> Result<i64> {
    let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM price_entry")
        .fetch_one(&mut *conn)
        .await?;
    Ok(n.0)
}

/// The entry for this provider, model, tier and date, if any.
pub async fn find(conn: &mut SqliteConnection, e: &PriceEntry) -> Result<Option<PriceEntry>> {
    let sql = format!(
        "SELECT {PRICE_COLUMNS} FROM price_entry
         WHERE provider = ? AND model = ? AND tier = ? AND effective_from = ?"
    );
    let row: Option<PriceRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(e.provider.id())
        .bind(&e.model)
        .bind(&e.tier)
        .bind(e.effective_from.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(price_from).transpose()
}

/// Saves an entry (replacing the one with the same provider, model, tier and
/// date) and returns its id.
pub async fn put(conn: &mut SqliteConnection, e: &PriceEntry, at: &str, by: &str) -> Result<i64> {
    let id: (i64,) = sqlx::query_as(
        "INSERT INTO price_entry (provider, model, tier, currency, input_per_mtok,
            cached_input_per_mtok, cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok,
            effective_from, source, captured_on, entered_at, entered_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (provider, model, tier, effective_from) DO UPDATE SET
            currency = excluded.currency, input_per_mtok = excluded.input_per_mtok,
            cached_input_per_mtok = excluded.cached_input_per_mtok,
            cache_write_per_mtok = excluded.cache_write_per_mtok,
            cache_write_1h_per_mtok = excluded.cache_write_1h_per_mtok,
            output_per_mtok = excluded.output_per_mtok, source = excluded.source,
            captured_on = excluded.captured_on, entered_at = excluded.entered_at,
            entered_by = excluded.entered_by
         RETURNING id",
    )
    .bind(e.provider.id())
    .bind(&e.model)
    .bind(&e.tier)
    .bind(e.currency.code())
    .bind(e.input.to_string())
    .bind(e.cached_input.map(|d| d.to_string()))
    .bind(e.cache_write.map(|d| d.to_string()))
    .bind(e.cache_write_1h.map(|d| d.to_string()))
    .bind(e.output.to_string())
    .bind(e.effective_from.to_string())
    .bind(&e.source)
    .bind(e.captured_on.map(|d| d.to_string()))
    .bind(at)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id.0)
}

/// Every FX rate, by month and pair.
pub async fn fx_rates(conn: &mut SqliteConnection) -> Result<Vec<FxRate>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT month, from_currency, to_currency, rate, source FROM fx_rate
         ORDER BY month, from_currency, to_currency",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(month, from, to, rate, source)| {
            Ok(FxRate {
                month,
                from: Currency::parse(&from).map_err(|_| corrupt("FX rate"))?,
                to: Currency::parse(&to).map_err(|_| corrupt("FX rate"))?,
                rate: rate.parse().map_err(|_| corrupt("FX rate"))?,
                source,
            })
        })
        .collect()
}

/// Sets one month's rate for a pair.
pub async fn put_fx(conn: &mut SqliteConnection, r: &FxRate, at: &str, by: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO fx_rate (month, from_currency, to_currency, rate, source, entered_at, entered_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (month, from_currency, to_currency) DO UPDATE SET rate = excluded.rate,
            source = excluded.source, entered_at = excluded.entered_at, entered_by = excluded.entered_by",
    )
    .bind(&r.month)
    .bind(r.from.code())
    .bind(r.to.code())
    .bind(r.rate.to_string())
    .bind(&r.source)
    .bind(at)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
