//! A calendar month, the period budgets, reports and FX rates are kept by.

use chrono::{Datelike, Months, NaiveDate};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// The month holding `date`.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// A month from its parts, if they make one.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first day of the next month.
    pub fn end(self) -> NaiveDate {
        self.first_day()
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Reads `2026-09`.
    pub fn parse_iso(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Month {
    /// The month `n` months later (or earlier, for negative `n`).
    pub fn plus(self, n: i32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Days in the month.
    pub fn days(self) -> u32 {
        (self.end() - self.first_day()).num_days() as u32
    }
}

/// A fiscal year, named by the calendar year it ends in: with an April start,
/// FY2027 runs from April 2026 to March 2027.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear {
    /// The calendar year the fiscal year ends in.
    pub end_year: i32,
    /// Its first month, 1–12.
    pub start_month: u32,
}

impl FiscalYear {
    /// The fiscal year holding `month`.
    pub fn of(month: Month, start_month: u32) -> FiscalYear {
        let start_month = start_month.clamp(1, 12);
        let end_year = if start_month == 1 || month.month < start_month {
            month.year
        } else {
            month.year + 1
        };
        FiscalYear {
            end_year,
            start_month,
        }
    }

    /// Its first month.
    pub fn first_month(self) -> Month {
        let year = if self.start_month == 1 {
            self.end_year
        } else {
            self.end_year - 1
        };
        Month {
            year,
            month: self.start_month,
        }
    }

    /// Its twelve months in order.
    pub fn months(self) -> impl Iterator<Item = Month> {
        let first = self.first_month();
        (0..12).map(move |i| first.plus(i))
    }

    /// Whether `month` falls in it.
    pub fn contains(self, month: Month) -> bool {
        FiscalYear::of(month, self.start_month) == self
    }

    /// Reads `FY2027` or `FY27`.
    pub fn parse(text: &str, start_month: u32) -> Option<FiscalYear> {
        let upper = text.trim().to_uppercase();
        let digits = upper.strip_prefix("FY")?.trim();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let end_year = match digits.len() {
            2 => 2000 + digits.parse::<i32>().ok()?,
            4 => digits.parse::<i32>().ok()?,
            _ => return None,
        };
        Some(FiscalYear {
            end_year,
            start_month: start_month.clamp(1, 12),
        })
    }
}

impl std::fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FY{:04}", self.end_year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_step_across_years() {
        let m = Month::new(2026, 11).unwrap();
        assert_eq!(m.plus(2), Month::new(2027, 1).unwrap());
        assert_eq!(m.plus(-11), Month::new(2025, 12).unwrap());
        assert_eq!(Month::new(2028, 2).unwrap().days(), 29);
    }

    #[test]
    fn fiscal_years_are_named_by_their_last_year() {
        let april = |y, m| FiscalYear::of(Month::new(y, m).unwrap(), 4);
        assert_eq!(april(2026, 4).to_string(), "FY2027");
        assert_eq!(april(2027, 3).to_string(), "FY2027");
        assert_eq!(april(2026, 3).to_string(), "FY2026");
        let fy = FiscalYear::parse("FY27", 4).unwrap();
        assert_eq!(fy.first_month(), Month::new(2026, 4).unwrap());
        assert_eq!(fy.months().last(), Month::new(2027, 3));
        let calendar = FiscalYear::of(Month::new(2026, 7).unwrap(), 1);
        assert_eq!(calendar.to_string(), "FY2026");
        assert_eq!(calendar.first_month(), Month::new(2026, 1).unwrap());
    }
}
