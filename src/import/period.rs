//! Months as finance writes them: `Sep-26`, `Sep 2026`, `September 2026`,
//! `2026-09`, `09/2026`, `FY27 P06`, ISO dates, and Excel date serials in the
//! 1900 and 1904 date systems.

use chrono::{Months, NaiveDate};

use crate::sheet::Cell;

pub use crate::model::month::Month;

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `sep`, `sept`, `september` → 9.
fn month_from_name(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    if word.len() < 3 {
        return None;
    }
    if word == "sept" {
        return Some(9);
    }
    MONTH_NAMES
        .iter()
        .position(|name| *name == word || (word.len() == 3 && name.starts_with(&word)))
        .map(|i| i as u32 + 1)
}

/// A two- or four-digit year; two digits are 2000–2099.
fn year_from(text: &str) -> Option<i32> {
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match text.len() {
        2 => text.parse::<i32>().ok().map(|y| 2000 + y),
        4 => text.parse().ok(),
        _ => None,
    }
}

/// Reads a month label. `fiscal_start` (1–12) is the first month of the fiscal
/// year, needed for `FY27 P06`; a fiscal year is named by the calendar year it
/// ends in, so with an April start FY27 P01 is April 2026.
///
/// Full dates stand for the month they fall in: finance's showback is monthly.
pub fn parse_month(text: &str, fiscal_start: u32) -> Option<Month> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(m) = Month::parse_iso(text) {
        return Some(m);
    }
    if let Some(date) = super::providers::parse_date(text) {
        return Some(Month::of(date));
    }
    // Day-first dates as written outside the US: 30/09/2026.
    if let Ok(date) = NaiveDate::parse_from_str(text, "%d/%m/%Y") {
        return Some(Month::of(date));
    }
    let parts: Vec<&str> = text
        .split(['-', '/', ' ', '.', '\'', ','])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        // Sep-26, Sep 2026, September 2026, Sep '26
        [name, year] if month_from_name(name).is_some() => {
            Month::new(year_from(year)?, month_from_name(name)?)
        }
        // 2026 September, 26-Sep
        [year, name] if month_from_name(name).is_some() => {
            Month::new(year_from(year)?, month_from_name(name)?)
        }
        // 09/2026, 9/2026
        [month, year] if month.len() <= 2 && year.len() == 4 => {
            Month::new(year_from(year)?, month.parse().ok()?)
        }
        // 2026/09
        [year, month] if year.len() == 4 && month.len() <= 2 => {
            Month::new(year_from(year)?, month.parse().ok()?)
        }
        _ => fiscal_period(text, fiscal_start),
    }
}

/// `FY27 P06`, `FY2027 P6`, `FY27-P06`.
fn fiscal_period(text: &str, fiscal_start: u32) -> Option<Month> {
    let upper = text.to_uppercase();
    let rest = upper.strip_prefix("FY")?;
    let (year, period) = rest.split_once([' ', '-', '/'])?;
    let period = period.trim().trim_start_matches(['-', ' ']);
    let period = period
        .strip_prefix('P')
        .or_else(|| period.strip_prefix("M"))?;
    let fy_end_year = year_from(year.trim())?;
    let p: u32 = period.trim().parse().ok()?;
    if !(1..=12).contains(&p) || !(1..=12).contains(&fiscal_start) {
        return None;
    }
    // The fiscal year ends in calendar year `fy_end_year`; with a January start
    // it is that calendar year.
    let start_year = if fiscal_start == 1 {
        fy_end_year
    } else {
        fy_end_year - 1
    };
    let first = Month::new(start_year, fiscal_start)?.first_day();
    first.checked_add_months(Months::new(p - 1)).map(Month::of)
}

/// Excel's day zero: serials count from 1899-12-30 in the 1900 system (which
/// keeps Lotus's phantom 29 February 1900) and from 1904-01-01 in the 1904 one.
pub fn excel_serial_date(serial: f64, date_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    let (epoch, days) = if date_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else if days < 60 {
        // Serials before the phantom leap day count from 1899-12-31.
        (NaiveDate::from_ymd_opt(1899, 12, 31)?, days)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, days)
    };
    epoch.checked_add_signed(chrono::Duration::days(days))
}

/// The month a cell names, if it names one: a date cell, a date serial stored
/// as a number, or a label.
pub fn month_from_cell(cell: &Cell, date_1904: bool, fiscal_start: u32) -> Option<Month> {
    match cell {
        Cell::DateTime(dt) => Some(Month::of(dt.date())),
        // A plain number in a month column is a date serial when it lands in a
        // plausible range (1982–2119); otherwise it is not a month.
        Cell::Number(n) if (30_000.0..80_000.0).contains(n) => {
            excel_serial_date(*n, date_1904).map(Month::of)
        }
        Cell::Int(i) if (30_000..80_000).contains(i) => {
            excel_serial_date(*i as f64, date_1904).map(Month::of)
        }
        // 202609
        Cell::Int(i) if (190_001..=999_912).contains(i) => {
            Month::new((*i / 100) as i32, (*i % 100) as u32)
        }
        Cell::Text(t) | Cell::IsoDate(t) => parse_month(t, fiscal_start),
        _ => None,
    }
}

/// The first month label found in free text such as `Period: Sep-26 (figures in GBP)`.
pub fn month_in_text(text: &str, fiscal_start: u32) -> Option<Month> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ':' || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for window in 1..=2 {
        for chunk in words.windows(window) {
            let candidate = chunk.join(" ");
            // A bare year or number is not a month.
            if candidate.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            if let Some(m) = parse_month(&candidate, fiscal_start) {
                return Some(m);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Option<Month> {
        Month::new(y, mo)
    }

    #[test]
    fn month_labels_finance_writes() {
        for label in [
            "Sep-26",
            "Sep 2026",
            "September 2026",
            "2026-09",
            "09/2026",
            "9/2026",
            "2026/09",
            "sept 2026",
            "SEP-2026",
            "2026-09-30",
            "30/09/2026",
            "26-Sep",
            "Sep '26",
        ] {
            assert_eq!(parse_month(label, 1), m(2026, 9), "{label}");
        }
        assert_eq!(parse_month("Mayday", 1), None);
        assert_eq!(parse_month("13/2026", 1), None);
        assert_eq!(parse_month("Total", 1), None);
    }

    #[test]
    fn fiscal_periods_follow_the_fiscal_start() {
        // April start: FY27 runs April 2026 – March 2027.
        assert_eq!(parse_month("FY27 P01", 4), m(2026, 4));
        assert_eq!(parse_month("FY27 P06", 4), m(2026, 9));
        assert_eq!(parse_month("FY27 P12", 4), m(2027, 3));
        assert_eq!(parse_month("FY2026 P6", 1), m(2026, 6));
        assert_eq!(parse_month("FY27 P13", 4), None);
    }

    #[test]
    fn excel_serials_in_both_date_systems() {
        // 2026-09-01 is serial 46266 in the 1900 system, 44804 in the 1904 one.
        assert_eq!(
            excel_serial_date(46266.0, false),
            NaiveDate::from_ymd_opt(2026, 9, 1)
        );
        assert_eq!(
            excel_serial_date(44804.0, true),
            NaiveDate::from_ymd_opt(2026, 9, 1)
        );
        assert_eq!(
            excel_serial_date(61.0, false),
            NaiveDate::from_ymd_opt(1900, 3, 1)
        );
        assert_eq!(
            excel_serial_date(1.0, false),
            NaiveDate::from_ymd_opt(1900, 1, 1)
        );
        assert_eq!(excel_serial_date(f64::NAN, false), None);
        assert_eq!(
            month_from_cell(&Cell::Number(46266.0), false, 1),
            m(2026, 9)
        );
        assert_eq!(month_from_cell(&Cell::Int(202609), false, 1), m(2026, 9));
        assert_eq!(month_from_cell(&Cell::Number(12.5), false, 1), None);
    }

    #[test]
    fn a_month_is_found_in_a_title() {
        assert_eq!(
            month_in_text("Period: Sep-26   (figures in GBP)", 1),
            m(2026, 9)
        );
        assert_eq!(
            month_in_text("AI services showback for September 2026", 1),
            m(2026, 9)
        );
        assert_eq!(month_in_text("ACME GROUP 2026", 1), None);
    }
}
