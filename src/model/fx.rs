//! Monthly FX rates and converting with them.
//!
//! One rate per month and currency pair: one unit of `from` is `rate` units of
//! `to`. Conversion uses the month's direct rate, or the inverse of the reverse
//! pair when only that is recorded, and always says which rate it used. The
//! converted amount is kept to 9 decimal places (the storage rule); rounding
//! to the currency's minor unit happens only where amounts are shown.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::month::Month;
use crate::money::{Currency, quantize_for_storage};

/// One month's rate for a currency pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FxRate {
    /// `YYYY-MM`.
    pub month: String,
    /// The currency converted from.
    pub from: Currency,
    /// The currency converted to.
    pub to: Currency,
    /// Units of `to` per unit of `from`.
    #[ts(type = "string")]
    pub rate: Decimal,
    /// Where the rate comes from (finance's month-end rate, a central bank).
    pub source: String,
}

/// Which rate a conversion used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RateUsed {
    /// `YYYY-MM`.
    pub month: String,
    /// From.
    pub from: Currency,
    /// To.
    pub to: Currency,
    /// The multiplier applied.
    #[ts(type = "string")]
    pub rate: Decimal,
    /// Whether it is the inverse of the recorded reverse rate.
    pub inverted: bool,
    /// The recorded rate's source.
    pub source: String,
}

/// The rates on record.
#[derive(Debug, Clone, Default)]
pub struct FxTable {
    rates: Vec<FxRate>,
}

impl FxTable {
    /// A table of these rates.
    pub fn new(rates: Vec<FxRate>) -> FxTable {
        FxTable { rates }
    }

    /// The multiplier from `from` to `to` in `month`, if one is recorded.
    pub fn rate(&self, month: Month, from: Currency, to: Currency) -> Option<RateUsed> {
        let month = month.to_string();
        if from == to {
            return Some(RateUsed {
                month,
                from,
                to,
                rate: Decimal::ONE,
                inverted: false,
                source: "same currency".into(),
            });
        }
        if let Some(r) = self
            .rates
            .iter()
            .find(|r| r.month == month && r.from == from && r.to == to)
        {
            return Some(RateUsed {
                month,
                from,
                to,
                rate: r.rate,
                inverted: false,
                source: r.source.clone(),
            });
        }
        self.rates
            .iter()
            .find(|r| r.month == month && r.from == to && r.to == from && !r.rate.is_zero())
            .map(|r| RateUsed {
                month,
                from,
                to,
                rate: Decimal::ONE / r.rate,
                inverted: true,
                source: r.source.clone(),
            })
    }

    /// Converts an amount, or says no rate is recorded.
    pub fn convert(
        &self,
        amount: Decimal,
        month: Month,
        from: Currency,
        to: Currency,
    ) -> Option<(Decimal, RateUsed)> {
        let used = self.rate(month, from, to)?;
        let converted = amount.checked_mul(used.rate)?;
        Some((quantize_for_storage(converted), used))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn direct_inverse_and_missing_rates() {
        let table = FxTable::new(vec![FxRate {
            month: "2026-09".into(),
            from: Currency::USD,
            to: Currency::GBP,
            rate: dec!(0.8),
            source: "finance month-end".into(),
        }]);
        let sep = Month::new(2026, 9).unwrap();
        let (gbp, used) = table
            .convert(dec!(100), sep, Currency::USD, Currency::GBP)
            .unwrap();
        assert_eq!((gbp, used.inverted), (dec!(80), false));
        let (usd, used) = table
            .convert(dec!(80), sep, Currency::GBP, Currency::USD)
            .unwrap();
        assert_eq!((usd, used.inverted), (dec!(100), true));
        assert!(
            table
                .convert(
                    dec!(1),
                    Month::new(2026, 10).unwrap(),
                    Currency::USD,
                    Currency::GBP
                )
                .is_none()
        );
        assert_eq!(
            table
                .convert(dec!(5), sep, Currency::EUR, Currency::EUR)
                .unwrap()
                .0,
            dec!(5)
        );
    }
}
