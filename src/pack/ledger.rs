//! `ledger.csv`: the pack's authoritative figures, and the totals `pack.json`
//! states for them.
//!
//! Amounts are exact decimal strings, never rounded. Text that a spreadsheet
//! would run as a formula (`=`, `+`, `-`, `@`, tab, CR, NUL first) is written
//! with a leading `'`; numeric columns are never touched, so a negative amount
//! stays a number.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// The columns of `ledger.csv`, in order.
pub const COLUMNS: [&str; 27] = [
    "line_id",
    "role",
    "disputes",
    "source_kind",
    "period_start",
    "period_end",
    "provider",
    "model",
    "line_item",
    "api_key",
    "service_code",
    "department",
    "requests",
    "input_tokens",
    "output_tokens",
    "amount",
    "currency",
    "fx_rate",
    "amount_base",
    "cost_basis",
    "charge_category",
    "import_batch",
    "source_file",
    "source_sha256",
    "sheet",
    "row",
    "attribution_rule",
];

/// One ledger line in a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    /// Runrate's line id.
    pub line_id: i64,
    /// `finance`, `provider`, `disputed` or `evidence`.
    pub role: String,
    /// Ids of the disputes naming the line.
    pub disputes: Vec<i64>,
    /// `showback` or `provider`.
    pub source_kind: String,
    /// First day covered.
    pub period_start: String,
    /// Last day covered.
    pub period_end: String,
    /// Provider.
    pub provider: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Line item.
    pub line_item: Option<String>,
    /// API key name or id.
    pub api_key: Option<String>,
    /// Service code.
    pub service_code: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Requests.
    pub requests: Option<i64>,
    /// Input tokens.
    pub input_tokens: Option<i64>,
    /// Output tokens.
    pub output_tokens: Option<i64>,
    /// Amount as recorded.
    pub amount: Option<Decimal>,
    /// Its currency.
    pub currency: Option<String>,
    /// The FX rate to the base currency.
    pub fx_rate: Option<Decimal>,
    /// Amount in the base currency.
    pub amount_base: Option<Decimal>,
    /// billed / list / computed / unpriced.
    pub cost_basis: String,
    /// usage / commitment / credit / tax / adjustment.
    pub charge_category: String,
    /// Import batch.
    pub import_batch: i64,
    /// Source file name.
    pub source_file: String,
    /// Its SHA-256.
    pub source_sha256: String,
    /// Sheet (or file name for CSV).
    pub sheet: String,
    /// Row or line number.
    pub row: i64,
    /// The attribution rule that placed it.
    pub attribution_rule: Option<i64>,
}

fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn opt_text(value: &Option<String>) -> String {
    value.as_deref().map(text).unwrap_or_default()
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(T::to_string).unwrap_or_default()
}

fn exact(value: &Option<Decimal>) -> String {
    value.map(|d| d.normalize().to_string()).unwrap_or_default()
}

/// Writes the rows as `ledger.csv` (UTF-8, LF line ends, header first).
pub fn write_csv(rows: &[LedgerRow]) -> Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let fail = |e: csv::Error| {
        Error::internal("The pack ledger could not be written").with_detail(e.to_string())
    };
    out.write_record(COLUMNS).map_err(fail)?;
    for r in rows {
        out.write_record([
            r.line_id.to_string(),
            text(&r.role),
            r.disputes
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            text(&r.source_kind),
            text(&r.period_start),
            text(&r.period_end),
            opt_text(&r.provider),
            opt_text(&r.model),
            opt_text(&r.line_item),
            opt_text(&r.api_key),
            opt_text(&r.service_code),
            opt_text(&r.department),
            opt(&r.requests),
            opt(&r.input_tokens),
            opt(&r.output_tokens),
            exact(&r.amount),
            opt_text(&r.currency),
            exact(&r.fx_rate),
            exact(&r.amount_base),
            text(&r.cost_basis),
            text(&r.charge_category),
            r.import_batch.to_string(),
            text(&r.source_file),
            text(&r.source_sha256),
            text(&r.sheet),
            r.row.to_string(),
            opt(&r.attribution_rule),
        ])
        .map_err(fail)?;
    }
    out.into_inner().map_err(|e| {
        Error::internal("The pack ledger could not be written").with_detail(e.to_string())
    })
}

/// A total per role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LedgerRoleTotal {
    /// The role.
    pub role: String,
    /// Lines.
    pub lines: u64,
    /// Exact sum in the base currency.
    #[ts(type = "string")]
    pub amount_base: Decimal,
}

/// A total per original currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LedgerCurrencyTotal {
    /// ISO code.
    pub currency: String,
    /// Lines.
    pub lines: u64,
    /// Exact sum in that currency.
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// Counts and exact sums of a ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackTotals {
    /// Lines.
    pub lines: u64,
    /// Sum of `amount_base`.
    #[ts(type = "string")]
    pub amount_base: Decimal,
    /// Lines with no base amount (unpriced, or no FX rate).
    pub lines_without_base_amount: u64,
    /// Per role, by role name.
    pub by_role: Vec<LedgerRoleTotal>,
    /// Per original currency, by code.
    pub by_currency: Vec<LedgerCurrencyTotal>,
}

/// The parts of a line totals need.
struct Summed<'a> {
    role: &'a str,
    amount: Option<Decimal>,
    currency: Option<&'a str>,
    amount_base: Option<Decimal>,
}

fn totals_of<'a>(lines: impl Iterator<Item = Summed<'a>>) -> PackTotals {
    let mut count = 0u64;
    let mut base = Decimal::ZERO;
    let mut missing = 0u64;
    let mut roles: BTreeMap<String, (u64, Decimal)> = BTreeMap::new();
    let mut currencies: BTreeMap<String, (u64, Decimal)> = BTreeMap::new();
    for l in lines {
        count += 1;
        let role = roles.entry(l.role.to_string()).or_default();
        role.0 += 1;
        match l.amount_base {
            Some(a) => {
                base += a;
                role.1 += a;
            }
            None => missing += 1,
        }
        if let (Some(a), Some(c)) = (l.amount, l.currency) {
            let cur = currencies.entry(c.to_string()).or_default();
            cur.0 += 1;
            cur.1 += a;
        }
    }
    PackTotals {
        lines: count,
        amount_base: base.normalize(),
        lines_without_base_amount: missing,
        by_role: roles
            .into_iter()
            .map(|(role, (lines, amount))| LedgerRoleTotal {
                role,
                lines,
                amount_base: amount.normalize(),
            })
            .collect(),
        by_currency: currencies
            .into_iter()
            .map(|(currency, (lines, amount))| LedgerCurrencyTotal {
                currency,
                lines,
                amount: amount.normalize(),
            })
            .collect(),
    }
}

impl PackTotals {
    /// The totals of rows.
    pub fn of(rows: &[LedgerRow]) -> PackTotals {
        totals_of(rows.iter().map(|r| Summed {
            role: &r.role,
            amount: r.amount,
            currency: r.currency.as_deref(),
            amount_base: r.amount_base,
        }))
    }

    /// The totals of a `ledger.csv` as written: counted and summed from its
    /// text, so the verifier needs nothing but the file.
    pub fn of_csv(bytes: &[u8]) -> std::result::Result<PackTotals, String> {
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
        let header = reader
            .headers()
            .map_err(|e| format!("ledger.csv cannot be read ({e})"))?
            .clone();
        if header.iter().collect::<Vec<_>>() != COLUMNS {
            return Err("ledger.csv does not have the pack's columns".to_string());
        }
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        let (role, amount, currency, base) = (
            col("role"),
            col("amount"),
            col("currency"),
            col("amount_base"),
        );
        let mut records = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record =
                record.map_err(|e| format!("ledger.csv line {} cannot be read ({e})", i + 2))?;
            let number = |at: usize| -> std::result::Result<Option<Decimal>, String> {
                match record.get(at).unwrap_or("") {
                    "" => Ok(None),
                    t => Decimal::from_str_exact(t).map(Some).map_err(|_| {
                        format!("ledger.csv line {}: '{t}' is not an exact amount", i + 2)
                    }),
                }
            };
            records.push((
                record.get(role).unwrap_or("").to_string(),
                number(amount)?,
                match record.get(currency).unwrap_or("") {
                    "" => None,
                    c => Some(c.to_string()),
                },
                number(base)?,
            ));
        }
        Ok(totals_of(records.iter().map(|(r, a, c, b)| Summed {
            role: r,
            amount: *a,
            currency: c.as_deref(),
            amount_base: *b,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn row(id: i64, role: &str, amount: Option<Decimal>, base: Option<Decimal>) -> LedgerRow {
        LedgerRow {
            line_id: id,
            role: role.into(),
            disputes: vec![],
            source_kind: "showback".into(),
            period_start: "2026-10-01".into(),
            period_end: "2026-10-31".into(),
            provider: None,
            model: None,
            line_item: Some("=HYPERLINK(\"x\")".into()),
            api_key: None,
            service_code: Some("MKT-COPY".into()),
            department: Some("Marketing".into()),
            requests: None,
            input_tokens: None,
            output_tokens: None,
            amount,
            currency: Some("USD".into()),
            fx_rate: Some(dec!(0.79)),
            amount_base: base,
            cost_basis: "billed".into(),
            charge_category: "usage".into(),
            import_batch: 1,
            source_file: "finance.xlsx".into(),
            source_sha256: "ab".repeat(32),
            sheet: "Showback".into(),
            row: 14,
            attribution_rule: None,
        }
    }

    #[test]
    fn the_csv_totals_equal_the_rows_totals() {
        let rows = vec![
            row(
                1,
                "finance",
                Some(dec!(10.123456789)),
                Some(dec!(7.997530863)),
            ),
            row(2, "finance", Some(dec!(-2.5)), Some(dec!(-1.975))),
            row(3, "provider", None, None),
        ];
        let csv = write_csv(&rows).unwrap();
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains(",-2.5,"), "{text}");
        let from_csv = PackTotals::of_csv(&csv).unwrap();
        assert_eq!(from_csv, PackTotals::of(&rows));
        assert_eq!(from_csv.amount_base, dec!(6.022530863));
        assert_eq!(from_csv.lines_without_base_amount, 1);
        assert_eq!(from_csv.by_currency[0].amount, dec!(7.623456789));
    }
}
