//! Exact money: `rust_decimal` amounts tagged with an ISO-4217 currency.
//!
//! Three rules hold everywhere in Runrate:
//!
//! 1. **No floating point.** Amounts are `Decimal` in Rust and an integer count of
//!    10^-9 currency units ("nanos", [`STORAGE_SCALE`]) in SQLite. Sums are done on
//!    those integers (in SQL) or with checked `Decimal` arithmetic (in Rust); an
//!    overflow is an error, never a wrap or a panic.
//! 2. **One rounding rule, applied once, where it is shown or packed.** Stored and
//!    computed amounts keep all their digits. [`RoundingRule`] rounds to the
//!    currency's minor unit only when an amount is presented (UI, CLI tables) or
//!    written into a pack, and the pack records which rule it used. The default is
//!    half away from zero, which is what Excel's `ROUND` does, so finance can
//!    reproduce every figure.
//! 3. **Text in, text out.** Amounts cross the UI and JSON boundaries as decimal
//!    strings (`"1204.55"`), never as JSON numbers.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Amounts are stored as an integer count of 10^-[`STORAGE_SCALE`] currency units.
pub const STORAGE_SCALE: u32 = 9;

/// An error about an amount or a currency, phrased for a budget owner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not an ISO-4217 currency code Runrate knows.
    #[error("'{0}' is not a known ISO-4217 currency code")]
    UnknownCurrency(String),
    /// Two amounts in different currencies were combined without conversion.
    #[error("cannot combine {0} with {1} without an exchange rate")]
    CurrencyMismatch(Currency, Currency),
    /// A result does not fit the exact range Runrate can hold.
    #[error("amount is too large to hold exactly")]
    Overflow,
    /// The amount has more decimal places than Runrate stores (nine).
    #[error("amount '{0}' has more than 9 decimal places")]
    TooPrecise(String),
    /// The text could not be read as an amount.
    #[error("amount '{0}' is not a number")]
    NotANumber(String),
}

/// An ISO-4217 currency, such as `GBP` or `USD`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Active ISO-4217 codes and the number of digits of their minor unit.
const ISO_4217: &[(&str, u32)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

impl Currency {
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");

    /// Reads a currency code, ignoring case and surrounding space (`usd` → `USD`).
    pub fn parse(text: &str) -> Result<Currency, MoneyError> {
        let code = text.trim().to_ascii_uppercase();
        match ISO_4217.binary_search_by(|(c, _)| (*c).cmp(code.as_str())) {
            Ok(_) => {
                let bytes = code.as_bytes();
                Ok(Currency([bytes[0], bytes[1], bytes[2]]))
            }
            Err(_) => Err(MoneyError::UnknownCurrency(text.trim().to_string())),
        }
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // The bytes were checked against the ASCII table when the value was made.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits of the minor unit: 2 for GBP, 0 for JPY, 3 for KWD.
    pub fn minor_units(&self) -> u32 {
        ISO_4217
            .binary_search_by(|(c, _)| (*c).cmp(self.code()))
            .map(|i| ISO_4217[i].1)
            .unwrap_or(2)
    }

    /// The usual symbol, for display only.
    pub fn symbol(&self) -> Option<&'static str> {
        match self.code() {
            "GBP" => Some("£"),
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "JPY" => Some("¥"),
            _ => None,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl ts_rs::TS for Currency {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
    fn decl(_: &ts_rs::Config) -> String {
        String::new()
    }
    fn decl_concrete(_: &ts_rs::Config) -> String {
        String::new()
    }
}

/// An exact amount in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount, with all its digits (up to nine decimal places).
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl Money {
    /// A new amount.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// `self + other`; an error for different currencies or on overflow.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self - other`; an error for different currencies or on overflow.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self × factor` (a quantity or a rate); an error on overflow.
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_mul(factor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount.normalize(), self.currency)
    }
}

/// The integer stored in SQLite for `amount`: its count of 10^-9 units.
///
/// Exact or an error: an amount with more than nine decimal places is refused
/// (use [`quantize_for_storage`] where rounding at the storage quantum is the
/// documented behaviour), and so is one beyond ±9,223,372,036 units.
pub fn to_nanos(amount: Decimal) -> Result<i64, MoneyError> {
    let normal = amount.normalize();
    if normal.scale() > STORAGE_SCALE {
        return Err(MoneyError::TooPrecise(normal.to_string()));
    }
    let scaled = normal
        .checked_mul(Decimal::from(1_000_000_000_i64))
        .ok_or(MoneyError::Overflow)?;
    i64::try_from(scaled).map_err(|_| MoneyError::Overflow)
}

/// The amount an integer of 10^-9 units stands for.
pub fn from_nanos(nanos: i64) -> Decimal {
    Decimal::new(nanos, STORAGE_SCALE).normalize()
}

/// Sums stored nanos exactly (SQL sums arrive as `i64`; in Rust, `i128`).
pub fn from_nanos_i128(nanos: i128) -> Result<Decimal, MoneyError> {
    Decimal::try_from_i128_with_scale(nanos, STORAGE_SCALE)
        .map(|d| d.normalize())
        .map_err(|_| MoneyError::Overflow)
}

/// Rounds to the storage quantum (10^-9) half away from zero.
///
/// This is the only rounding applied before storage, and only importers call it:
/// provider exports carry float artefacts such as `0.30000000000000004`. The raw
/// text is kept with the line, so nothing is lost.
pub fn quantize_for_storage(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(STORAGE_SCALE, RoundingStrategy::MidpointAwayFromZero)
}

/// The rounding rule used where amounts are presented or packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RoundingRule {
    /// 2.5 → 3, −2.5 → −3: Excel's `ROUND`, and Runrate's default.
    #[default]
    HalfAwayFromZero,
    /// 2.5 → 2, 3.5 → 4: banker's rounding, for finance teams that ask for it.
    HalfEven,
}

impl RoundingRule {
    /// Rounds `amount` to the minor unit of `currency`.
    pub fn round(self, amount: Decimal, currency: Currency) -> Decimal {
        let strategy = match self {
            RoundingRule::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingRule::HalfEven => RoundingStrategy::MidpointNearestEven,
        };
        let rounded = amount.round_dp_with_strategy(currency.minor_units(), strategy);
        // Show exactly the minor-unit digits: 3 → 3.00 for GBP.
        let mut fixed = rounded;
        fixed.rescale(currency.minor_units());
        fixed
    }

    /// How the rule is written in packs and settings.
    pub fn describe(self) -> &'static str {
        match self {
            RoundingRule::HalfAwayFromZero => {
                "half away from zero, to the currency's minor unit, applied once per presented amount"
            }
            RoundingRule::HalfEven => {
                "half to even (banker's), to the currency's minor unit, applied once per presented amount"
            }
        }
    }

    /// The setting value (`half_away_from_zero` or `half_even`).
    pub fn as_str(self) -> &'static str {
        match self {
            RoundingRule::HalfAwayFromZero => "half_away_from_zero",
            RoundingRule::HalfEven => "half_even",
        }
    }

    /// Reads a setting value.
    pub fn parse(text: &str) -> Option<RoundingRule> {
        match text.trim() {
            "half_away_from_zero" => Some(RoundingRule::HalfAwayFromZero),
            "half_even" => Some(RoundingRule::HalfEven),
            _ => None,
        }
    }
}

/// An amount read from text, with the currency its text named, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedAmount {
    /// The exact value.
    pub value: Decimal,
    /// The currency named by a symbol or code in the text (`£`, `USD`).
    pub currency: Option<Currency>,
}

/// Reads an amount as people and spreadsheets write it.
///
/// Accepted: `1204.55`, `1,204.55`, `£1,204.55`, `1.204,55 €`, `USD 12.40`,
/// `(3.10)` and `(£3.10)` and `£(3.10)` (negative), `3.10-` (trailing minus),
/// `−3.10` (Unicode minus), `-` or `–` alone (zero), `1.5E-3`, and spaces,
/// no-break spaces or thin spaces as thousands separators.
///
/// Refused, with [`MoneyError::NotANumber`]: anything else, including misplaced
/// separators such as `1,2.3`. Empty text is refused too; callers decide what a
/// blank cell means.
pub fn parse_amount(text: &str) -> Result<ParsedAmount, MoneyError> {
    let bad = || MoneyError::NotANumber(text.trim().to_string());
    let mut s: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\u{a0}' | '\u{2009}' | '\u{202f}'))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    if s.is_empty() {
        return Err(bad());
    }
    if matches!(s.as_str(), "-" | "–" | "—") {
        return Ok(ParsedAmount {
            value: Decimal::ZERO,
            currency: None,
        });
    }

    let mut negative = false;
    let mut currency = None;

    // Peel currency markers, signs and parentheses from both ends until stable.
    loop {
        let before = s.len();
        s = s.trim().to_string();
        if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            if negative {
                return Err(bad());
            }
            negative = true;
            s = inner.to_string();
        }
        if let Some(rest) = s.strip_suffix('-') {
            if negative {
                return Err(bad());
            }
            negative = true;
            s = rest.to_string();
        }
        if let Some(rest) = s.strip_prefix('-') {
            if negative {
                return Err(bad());
            }
            negative = true;
            s = rest.to_string();
        }
        if let Some(rest) = s.strip_prefix('+') {
            s = rest.to_string();
        }
        if let Some((found, rest)) = strip_currency(&s) {
            if currency.is_some_and(|c| c != found) {
                return Err(bad());
            }
            currency = Some(found);
            s = rest;
        }
        if s.len() == before {
            break;
        }
    }

    let digits = normalise_separators(s.trim()).ok_or_else(bad)?;
    let value = if digits.contains(['e', 'E']) {
        Decimal::from_scientific(&digits).map_err(|_| bad())?
    } else {
        Decimal::from_str_exact(&digits).map_err(|_| bad())?
    };
    let value = if negative { -value } else { value };
    Ok(ParsedAmount { value, currency })
}

/// Removes one currency symbol or code from either end of `s`.
fn strip_currency(s: &str) -> Option<(Currency, String)> {
    const SYMBOLS: &[(&str, Currency)] = &[
        ("US$", Currency::USD),
        ("£", Currency::GBP),
        ("€", Currency::EUR),
        ("$", Currency::USD),
        ("¥", Currency(*b"JPY")),
    ];
    for (symbol, currency) in SYMBOLS {
        if let Some(rest) = s.strip_prefix(symbol) {
            return Some((*currency, rest.to_string()));
        }
        if let Some(rest) = s.strip_suffix(symbol) {
            return Some((*currency, rest.to_string()));
        }
    }
    let letters = |t: &str| t.len() == 3 && t.chars().all(|c| c.is_ascii_alphabetic());
    // A code is three ASCII letters: cut only where a character ends.
    if s.len() > 3 {
        if let Some((head, tail)) = s.split_at_checked(3)
            && letters(head)
            && !tail.starts_with(|c: char| c.is_ascii_alphabetic())
            && let Ok(c) = Currency::parse(head)
        {
            return Some((c, tail.to_string()));
        }
        if let Some((head, tail)) = s.split_at_checked(s.len() - 3)
            && letters(tail)
            && !head.ends_with(|c: char| c.is_ascii_alphabetic())
            && let Ok(c) = Currency::parse(tail)
        {
            return Some((c, head.to_string()));
        }
    }
    None
}

/// Turns `1,234.56`, `1.234,56` or `1 234,56` into `1234.56`; `None` if the
/// separators are not a consistent thousands grouping.
fn normalise_separators(s: &str) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    if s.contains(['e', 'E']) {
        // Scientific notation carries no grouping.
        return s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
            .then(|| s.to_string());
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\''))
    {
        return None;
    }
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    // Which character is the decimal separator?
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (Some(_), None) => {
            // Several dots can only be grouping: 1.234.567
            if s.matches('.').count() > 1 {
                None
            } else {
                Some('.')
            }
        }
        (None, Some(_)) => {
            let after = s.len() - s.rfind(',').unwrap_or(0) - 1;
            if s.matches(',').count() > 1 || after == 3 {
                None
            } else {
                Some(',')
            }
        }
        (None, None) => None,
    };
    let (int_part, frac_part) = match decimal {
        Some(sep) => {
            let at = s.rfind(sep)?;
            (&s[..at], Some(&s[at + 1..]))
        }
        None => (s, None),
    };
    if let Some(frac) = frac_part
        && (frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let grouping: Vec<char> = int_part.chars().filter(|c| !c.is_ascii_digit()).collect();
    let digits_only: String = int_part.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits_only.is_empty() {
        return None;
    }
    if !grouping.is_empty() {
        // One grouping character, used consistently, with groups of three.
        let sep = grouping[0];
        if grouping.iter().any(|c| *c != sep) || Some(sep) == decimal {
            return None;
        }
        let groups: Vec<&str> = int_part.split(sep).collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return None;
        }
    }
    // Trailing zeros carry no value but can exceed Decimal's 28-digit scale
    // (OpenAI writes 0.003400000000000000000000000000000000).
    Some(match frac_part.map(|f| f.trim_end_matches('0')) {
        Some(frac) if !frac.is_empty() => format!("{digits_only}.{frac}"),
        _ => digits_only,
    })
}

/// The exact decimal a spreadsheet's number cell stands for.
///
/// Spreadsheet readers hand numbers over as `f64`. The shortest text that
/// round-trips to the same `f64` is what the cell showed, so `19.99` stays
/// `19.99` rather than `19.989999999999998`.
pub fn decimal_from_cell_number(value: f64) -> Result<Decimal, MoneyError> {
    if !value.is_finite() {
        return Err(MoneyError::NotANumber(value.to_string()));
    }
    let text = format!("{value}");
    Decimal::from_str_exact(&text)
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .map_err(|_| MoneyError::NotANumber(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn currency_codes_are_checked_and_normalised() {
        assert_eq!(Currency::parse("usd").unwrap(), Currency::USD);
        assert_eq!(Currency::parse(" GBP ").unwrap().minor_units(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().minor_units(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().minor_units(), 3);
        assert!(matches!(
            Currency::parse("ABC"),
            Err(MoneyError::UnknownCurrency(_))
        ));
        assert!(matches!(
            Currency::parse("US"),
            Err(MoneyError::UnknownCurrency(_))
        ));
    }

    #[test]
    fn text_cut_inside_a_character_is_refused_not_a_panic() {
        // Found by the csv fuzz target: a currency-code check cut "¥" in half.
        for text in ["ab¥5", "5¥ab", "x¥14.0", "14.0¥x", "é12", "12é"] {
            assert!(parse_amount(text).is_err(), "{text}");
        }
        assert_eq!(parse_amount("¥14.0").unwrap().value, dec!(14.0));
    }

    #[test]
    fn iso_table_is_sorted_for_binary_search() {
        assert!(
            ISO_4217.windows(2).all(|w| w[0].0 < w[1].0),
            "table must be sorted"
        );
    }

    #[test]
    fn rounding_table_matches_the_documented_rule() {
        let away = RoundingRule::HalfAwayFromZero;
        let even = RoundingRule::HalfEven;
        let gbp = Currency::GBP;
        for (input, expect_away, expect_even) in [
            (dec!(0.005), dec!(0.01), dec!(0.00)),
            (dec!(-0.005), dec!(-0.01), dec!(0.00)),
            (dec!(0.015), dec!(0.02), dec!(0.02)),
            (dec!(2.5), dec!(2.50), dec!(2.50)),
            (dec!(1204.554999), dec!(1204.55), dec!(1204.55)),
        ] {
            assert_eq!(
                away.round(input, gbp),
                expect_away,
                "away from zero for {input}"
            );
            assert_eq!(even.round(input, gbp), expect_even, "half even for {input}");
        }
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(away.round(dec!(2.5), jpy), dec!(3));
        assert_eq!(away.round(dec!(-2.5), jpy), dec!(-3));
        assert_eq!(even.round(dec!(2.5), jpy), dec!(2));
        assert_eq!(even.round(dec!(-2.5), jpy), dec!(-2));
        assert_eq!(away.round(dec!(3), gbp).to_string(), "3.00");
    }

    #[test]
    fn nanos_round_trip_is_exact_and_bounded() {
        assert_eq!(to_nanos(dec!(1204.55)).unwrap(), 1_204_550_000_000);
        assert_eq!(from_nanos(1_204_550_000_000), dec!(1204.55));
        assert_eq!(to_nanos(dec!(-0.000000001)).unwrap(), -1);
        assert!(matches!(
            to_nanos(dec!(0.0000000001)),
            Err(MoneyError::TooPrecise(_))
        ));
        assert!(matches!(
            to_nanos(dec!(9300000000)),
            Err(MoneyError::Overflow)
        ));
        assert_eq!(
            to_nanos(dec!(0.003400000000000000000000000)).unwrap(),
            3_400_000
        );
    }

    #[test]
    fn mixing_currencies_is_an_error() {
        let a = Money::new(dec!(1), Currency::GBP);
        let b = Money::new(dec!(1), Currency::USD);
        assert_eq!(
            a.checked_add(b),
            Err(MoneyError::CurrencyMismatch(Currency::GBP, Currency::USD))
        );
        assert_eq!(a.checked_add(a).unwrap().amount, dec!(2));
        let max = Money::new(Decimal::MAX, Currency::GBP);
        assert_eq!(max.checked_add(a), Err(MoneyError::Overflow));
    }

    #[test]
    fn amounts_parse_as_spreadsheets_write_them() {
        let cases: &[(&str, Decimal, Option<Currency>)] = &[
            ("1204.55", dec!(1204.55), None),
            ("1,204.55", dec!(1204.55), None),
            ("£1,204.55", dec!(1204.55), Some(Currency::GBP)),
            ("(£3.10)", dec!(-3.10), Some(Currency::GBP)),
            ("£(3.10)", dec!(-3.10), Some(Currency::GBP)),
            ("$(1,234.00)", dec!(-1234.00), Some(Currency::USD)),
            ("3.10-", dec!(-3.10), None),
            ("−3.10", dec!(-3.10), None),
            ("-", dec!(0), None),
            ("1.234,56 €", dec!(1234.56), Some(Currency::EUR)),
            ("1 234,56", dec!(1234.56), None),
            ("1\u{a0}234.56", dec!(1234.56), None),
            ("USD 12.40", dec!(12.40), Some(Currency::USD)),
            (
                "12.40 CHF",
                dec!(12.40),
                Some(Currency::parse("CHF").unwrap()),
            ),
            ("0.003400000000000000000000000000000000", dec!(0.0034), None),
            ("1.5E-3", dec!(0.0015), None),
            ("12,5", dec!(12.5), None),
            ("1,234", dec!(1234), None),
            ("1.234.567", dec!(1234567), None),
        ];
        for (text, value, currency) in cases {
            let parsed = parse_amount(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(parsed.value, *value, "value of {text}");
            assert_eq!(parsed.currency, *currency, "currency of {text}");
        }
    }

    #[test]
    fn malformed_amounts_are_refused_with_the_text() {
        for text in [
            "1,2.3",
            "",
            "abc",
            "1.2.3,4,5",
            "((1))",
            "--1",
            "12,34,5",
            "£1$",
        ] {
            match parse_amount(text) {
                Err(MoneyError::NotANumber(shown)) => assert_eq!(shown, text.trim()),
                other => panic!("{text:?} should be refused, got {other:?}"),
            }
        }
        assert_eq!(
            parse_amount("1,2.3").unwrap_err().to_string(),
            "amount '1,2.3' is not a number"
        );
    }

    #[test]
    fn cell_numbers_keep_what_the_cell_showed() {
        assert_eq!(decimal_from_cell_number(19.99).unwrap(), dec!(19.99));
        assert_eq!(
            decimal_from_cell_number(0.1 + 0.2).unwrap(),
            dec!(0.30000000000000004)
        );
        assert_eq!(decimal_from_cell_number(-3.1).unwrap(), dec!(-3.1));
        assert_eq!(decimal_from_cell_number(1e-7).unwrap(), dec!(0.0000001));
        assert!(decimal_from_cell_number(f64::NAN).is_err());
    }
}
