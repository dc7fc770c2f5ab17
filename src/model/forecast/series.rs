//! A scope's spend as one amount per day, split into usage (which a forecast
//! extrapolates) and fixed charges (which it does not).

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use crate::model::month::Month;

/// What kind of amount a line is, for forecasting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountKind {
    /// Usage: extrapolated.
    Usage,
    /// A commitment charged each month on the same day: counted where it
    /// lands and expected again next month, never extrapolated.
    Recurring,
    /// A one-off charge or correction (a credit, tax, an adjustment): counted
    /// where it lands, neither extrapolated nor expected again.
    OneOff,
}

/// One line's contribution before it is laid out by day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedAmount {
    /// First day covered.
    pub start: NaiveDate,
    /// First day after the period (exclusive); a one-day line ends the next day.
    pub end: NaiveDate,
    /// Amount in the series' currency.
    pub amount: Decimal,
    /// Usage, a recurring commitment or a one-off.
    pub kind: AmountKind,
}

/// Daily amounts from `start` through `through`, with no gaps (a day without
/// lines is zero).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailySeries {
    /// The first day.
    pub start: NaiveDate,
    /// Usage per day.
    pub usage: Vec<Decimal>,
    /// Fixed charges per day (recurring and one-off).
    pub fixed: Vec<Decimal>,
    /// The recurring part of `fixed` (commitments), expected again next month.
    pub recurring: Vec<Decimal>,
}

impl DailySeries {
    /// Lays lines out by day up to and including `through`. A usage line that
    /// covers several days is spread evenly over them (the last day takes the
    /// remainder, so the parts add up exactly); a usage line that ends after
    /// `through` is left out whole, since its amount was not known by then. A
    /// fixed charge lands on its first day. Lines starting after `through` are
    /// left out. `None` when nothing falls on or before it.
    pub fn from_amounts(amounts: &[DatedAmount], through: NaiveDate) -> Option<DailySeries> {
        let start = amounts
            .iter()
            .filter(|a| a.start <= through)
            .map(|a| a.start)
            .min()?;
        let len = (through - start).num_days() as usize + 1;
        let mut series = DailySeries {
            start,
            usage: vec![Decimal::ZERO; len],
            fixed: vec![Decimal::ZERO; len],
            recurring: vec![Decimal::ZERO; len],
        };
        for a in amounts.iter().filter(|a| a.start <= through) {
            let first = (a.start - start).num_days() as usize;
            match a.kind {
                AmountKind::Recurring => {
                    series.fixed[first] += a.amount;
                    series.recurring[first] += a.amount;
                    continue;
                }
                AmountKind::OneOff => {
                    series.fixed[first] += a.amount;
                    continue;
                }
                AmountKind::Usage if a.end > through + Days::new(1) => continue,
                AmountKind::Usage => {}
            }
            let days = (a.end - a.start).num_days().max(1) as usize;
            if days == 1 {
                series.usage[first] += a.amount;
                continue;
            }
            let share = crate::money::quantize_for_storage(a.amount / Decimal::from(days as u64));
            for d in 0..days {
                let Some(slot) = series.usage.get_mut(first + d) else {
                    break;
                };
                *slot += if d + 1 == days {
                    a.amount - share * Decimal::from(days as u64 - 1)
                } else {
                    share
                };
            }
        }
        Some(series)
    }

    /// Days held.
    pub fn len(&self) -> usize {
        self.usage.len()
    }

    /// Whether it holds no days.
    pub fn is_empty(&self) -> bool {
        self.usage.is_empty()
    }

    /// The last day held.
    pub fn last_day(&self) -> NaiveDate {
        self.date(self.len().saturating_sub(1))
    }

    /// The date of day `index`.
    pub fn date(&self, index: usize) -> NaiveDate {
        self.start
            .checked_add_days(Days::new(index as u64))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The index of `date`, when held.
    pub fn index(&self, date: NaiveDate) -> Option<usize> {
        let i = (date - self.start).num_days();
        (i >= 0 && (i as usize) < self.len()).then_some(i as usize)
    }

    /// Usage plus fixed charges on day `index`.
    pub fn total(&self, index: usize) -> Decimal {
        self.usage[index] + self.fixed[index]
    }

    /// Everything spent in `month` up to the last day held.
    pub fn month_to_date(&self, month: Month) -> Decimal {
        (0..self.len())
            .filter(|&i| Month::of(self.date(i)) == month)
            .map(|i| self.total(i))
            .sum()
    }

    /// The series cut at `through` (inclusive).
    pub fn cut(&self, through: NaiveDate) -> Option<DailySeries> {
        let end = self.index(through)?;
        Some(DailySeries {
            start: self.start,
            usage: self.usage[..=end].to_vec(),
            fixed: self.fixed[..=end].to_vec(),
            recurring: self.recurring[..=end].to_vec(),
        })
    }
}

/// Whether `date` falls on a Saturday or Sunday.
pub fn is_weekend(date: NaiveDate) -> bool {
    date.weekday().number_from_monday() >= 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn multi_day_lines_spread_exactly_and_unfinished_ones_wait() {
        let amounts = [
            DatedAmount {
                start: d("2026-11-01"),
                end: d("2026-11-04"),
                amount: dec!(10),
                kind: AmountKind::Usage,
            },
            DatedAmount {
                start: d("2026-11-02"),
                end: d("2026-11-03"),
                amount: dec!(500),
                kind: AmountKind::Recurring,
            },
            DatedAmount {
                start: d("2026-11-09"),
                end: d("2026-11-10"),
                amount: dec!(7),
                kind: AmountKind::Usage,
            },
        ];
        let s = DailySeries::from_amounts(&amounts, d("2026-11-03")).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s.usage.iter().copied().sum::<Decimal>(), dec!(10));
        assert_eq!(s.usage[0], dec!(3.333333333));
        assert_eq!(s.usage[2], dec!(3.333333334));
        assert_eq!(s.fixed[1], dec!(500));
        assert_eq!(s.month_to_date(Month::new(2026, 11).unwrap()), dec!(510));
        assert_eq!(s.recurring[1], dec!(500));
        // As of the 2nd the three-day line is not finished: none of it counts.
        let early = DailySeries::from_amounts(&amounts, d("2026-11-02")).unwrap();
        assert_eq!(early.usage.iter().copied().sum::<Decimal>(), Decimal::ZERO);
        assert_eq!(early.fixed[1], dec!(500));
    }
}
