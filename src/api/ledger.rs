//! The live lines of a date range, read once, with what every analysis needs
//! to ask of a line: which department it belongs to, whether it falls in a
//! scope, and its amount in the base currency at its month's FX rate.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::sqlite::SqliteConnection;

use crate::error::Result;
use crate::model::budget::{Scope, ScopeKind};
use crate::model::department::normalise_label;
use crate::model::fx::FxTable;
use crate::model::month::Month;
use crate::money::{Currency, from_nanos};
use crate::store;
use crate::store::imports::LedgerLine;

/// Lines of a range and the means to read them.
pub(crate) struct Ledger {
    pub lines: Vec<LedgerLine>,
    pub base: Currency,
    fx: FxTable,
    departments: HashMap<String, String>,
    /// Each line's period start and end, read once (`None` if unreadable).
    periods: Vec<Option<(NaiveDate, NaiveDate)>>,
    /// Amounts left out for want of an FX rate, by currency and month.
    pub unconverted: BTreeMap<(String, String), Decimal>,
}

impl Ledger {
    /// Reads the live lines whose period starts in `[from, to)`.
    pub async fn load(
        conn: &mut SqliteConnection,
        from: NaiveDate,
        to: NaiveDate,
        base: Currency,
    ) -> Result<Ledger> {
        let lines = store::imports::ledger_lines(conn, &from.to_string(), &to.to_string()).await?;
        Self::with_lines(conn, lines, base).await
    }

    /// [`Ledger::load`] narrowed to the lines whose `column` is `value` (see
    /// [`store::imports::ledger_lines_where`]).
    pub async fn load_where(
        conn: &mut SqliteConnection,
        from: NaiveDate,
        to: NaiveDate,
        base: Currency,
        column: store::imports::LineColumn,
        value: Option<&str>,
    ) -> Result<Ledger> {
        let lines = store::imports::ledger_lines_where(
            conn,
            &from.to_string(),
            &to.to_string(),
            column,
            value,
        )
        .await?;
        Self::with_lines(conn, lines, base).await
    }

    /// The lines summed per day (see [`store::imports::ledger_daily`]), for
    /// forecasts, value and the portfolio, which read up to a year of lines
    /// and never show one (sqlx hands rows over one at a time, so reading
    /// 75,000 lines took most of a second). A converted amount is then the
    /// day's sum at the month's rate, which can differ from the sum of each
    /// line converted by a few 10⁻⁹ of a unit, far below anything shown.
    pub async fn load_daily(
        conn: &mut SqliteConnection,
        from: NaiveDate,
        to: NaiveDate,
        base: Currency,
    ) -> Result<Ledger> {
        let lines = store::imports::ledger_daily(conn, &from.to_string(), &to.to_string()).await?;
        Self::with_lines(conn, lines, base).await
    }

    async fn with_lines(
        conn: &mut SqliteConnection,
        lines: Vec<LedgerLine>,
        base: Currency,
    ) -> Result<Ledger> {
        let fx = FxTable::new(store::prices::fx_rates(conn).await?);
        let mut departments = HashMap::new();
        for d in store::org::list_departments(conn).await? {
            for alias in &d.aliases {
                departments.insert(normalise_label(alias).to_lowercase(), d.name.clone());
            }
            departments.insert(d.name.to_lowercase(), d.name.clone());
        }
        let periods = lines
            .iter()
            .map(|l| Some((l.period_start.parse().ok()?, l.period_end.parse().ok()?)))
            .collect();
        Ok(Ledger {
            periods,
            lines,
            base,
            fx,
            departments,
            unconverted: BTreeMap::new(),
        })
    }

    /// The department a line belongs to: its service code's, or the one
    /// finance wrote when that names a registered department.
    pub fn department_of<'a>(&'a self, line: &'a LedgerLine) -> Option<&'a str> {
        line.department.as_deref().or_else(|| {
            line.department_label.as_deref().and_then(|label| {
                self.departments
                    .get(&normalise_label(label).to_lowercase())
                    .map(String::as_str)
            })
        })
    }

    /// Every line's index under its service code and under its department:
    /// the lines of many scopes in one pass over the ledger.
    pub fn scope_index(&self) -> ScopeIndex {
        let mut index = ScopeIndex::default();
        for (i, line) in self.lines.iter().enumerate() {
            if let Some(code) = &line.service_code {
                index.codes.entry(code.clone()).or_default().push(i);
            }
            if let Some(department) = self.department_of(line) {
                index
                    .departments
                    .entry(department.to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
        }
        index
    }

    /// Whether a line falls in a scope.
    pub fn in_scope(&self, line: &LedgerLine, scope: &Scope) -> bool {
        match scope.kind {
            ScopeKind::ServiceCode => line.service_code.as_deref() == Some(scope.key.as_str()),
            ScopeKind::Department => self
                .department_of(line)
                .is_some_and(|d| d.eq_ignore_ascii_case(&scope.key)),
        }
    }

    /// A line's amount in the base currency at its month's rate; `None` when
    /// it is unpriced or there is no rate (the latter is remembered).
    pub fn amount(&mut self, index: usize) -> Option<Decimal> {
        let line = &self.lines[index];
        let amount = from_nanos(line.amount_nanos?);
        let currency = Currency::parse(line.currency.as_deref()?).ok()?;
        let month = Month::of(self.period(index)?.0);
        match self.fx.convert(amount, month, currency, self.base) {
            Some((converted, _)) => Some(converted),
            None => {
                *self
                    .unconverted
                    .entry((currency.code().to_string(), month.to_string()))
                    .or_default() += amount;
                None
            }
        }
    }

    /// Line `index`'s period start and end, when both are dates.
    pub fn period(&self, index: usize) -> Option<(NaiveDate, NaiveDate)> {
        self.periods.get(index).copied().flatten()
    }

    /// The FX rate that converts line `index` to the base currency.
    pub fn rate(&self, index: usize) -> Option<Decimal> {
        let line = &self.lines[index];
        let currency = Currency::parse(line.currency.as_deref()?).ok()?;
        let month = Month::of(self.period(index)?.0);
        self.fx.rate(month, currency, self.base).map(|r| r.rate)
    }

    /// Converts an amount in `currency` for `month` to the base currency.
    pub fn convert(&self, amount: Decimal, month: Month, currency: Currency) -> Option<Decimal> {
        self.fx
            .convert(amount, month, currency, self.base)
            .map(|(v, _)| v)
    }

    /// The FX rates a month's conversions to the base currency used.
    pub fn rates_for(&self, month: Month) -> Vec<crate::model::fx::RateUsed> {
        let mut seen = Vec::new();
        for line in &self.lines {
            let Some(c) = line
                .currency
                .as_deref()
                .and_then(|c| Currency::parse(c).ok())
            else {
                continue;
            };
            if c == self.base
                || seen
                    .iter()
                    .any(|r: &crate::model::fx::RateUsed| r.from == c)
            {
                continue;
            }
            if line
                .period_start
                .parse()
                .is_ok_and(|d: NaiveDate| Month::of(d) == month)
                && let Some(r) = self.fx.rate(month, c, self.base)
            {
                seen.push(r);
            }
        }
        seen
    }

    /// Warnings for amounts left out for want of a rate.
    pub fn unconverted_warnings(&self) -> Vec<String> {
        self.unconverted
            .iter()
            .map(|((currency, month), amount)| {
                format!(
                    "{currency} {} in {month} is left out: there is no {currency}→{} rate for {month}",
                    amount.normalize(),
                    self.base.code()
                )
            })
            .collect()
    }
}

/// The ledger's lines by scope (see [`Ledger::scope_index`]), in ledger order.
#[derive(Debug, Default)]
pub struct ScopeIndex {
    codes: HashMap<String, Vec<usize>>,
    /// By department name in lower case.
    departments: HashMap<String, Vec<usize>>,
}

impl ScopeIndex {
    /// The indices of the lines [`Ledger::in_scope`] admits for `scope`.
    pub fn lines(&self, scope: &Scope) -> &[usize] {
        let found = match scope.kind {
            ScopeKind::ServiceCode => self.codes.get(&scope.key),
            ScopeKind::Department => self.departments.get(&scope.key.to_ascii_lowercase()),
        };
        found.map_or(&[], Vec::as_slice)
    }
}
