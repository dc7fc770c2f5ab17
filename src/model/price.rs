//! The price book: effective-dated list prices per million tokens, and pricing
//! a usage line from it.
//!
//! A usage export carries tokens but no money. [`PriceBook::price`] finds the
//! entry for the line's provider, model and tier that was in effect on the
//! line's day, and multiplies each token class by its price. Rules:
//! - a dated model id (`gpt-5.4-mini-2026-03-17`, `claude-haiku-4-5-20251001`)
//!   uses the entry of its undated name; otherwise names must match exactly;
//! - a token class without its own price is charged at the input price (cached
//!   input, cache writes) or at the five-minute cache-write price (one-hour
//!   writes), which is how the providers priced them before splitting them out;
//! - the amount is exact; it is stored to 9 decimal places (the storage rule in
//!   [`crate::money::quantize_for_storage`]), never rounded to pence here.
//!
//! A line the book cannot price stays *unpriced*, with the reason.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::provider::Provider;
use crate::money::{Currency, quantize_for_storage};

/// One dated price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PriceEntry {
    /// The entry's id (0 before it is stored).
    pub id: i64,
    /// The provider.
    pub provider: Provider,
    /// The model id, undated (`gpt-5.4-mini`).
    pub model: String,
    /// `standard`, `batch`, `priority`, `flex`.
    pub tier: String,
    /// The prices' currency.
    pub currency: Currency,
    /// Uncached input, per million tokens.
    #[ts(type = "string")]
    pub input: Decimal,
    /// Cached input (cache reads), per million tokens.
    #[ts(type = "string | null")]
    pub cached_input: Option<Decimal>,
    /// Cache writes (five-minute), per million tokens.
    #[ts(type = "string | null")]
    pub cache_write: Option<Decimal>,
    /// One-hour cache writes, per million tokens.
    #[ts(type = "string | null")]
    pub cache_write_1h: Option<Decimal>,
    /// Output, per million tokens.
    #[ts(type = "string")]
    pub output: Decimal,
    /// The first day the price applies.
    #[ts(type = "string")]
    pub effective_from: NaiveDate,
    /// Where the price comes from.
    pub source: String,
    /// When the source was read.
    #[ts(type = "string | null")]
    pub captured_on: Option<NaiveDate>,
}

/// Token counts to price.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Uncached input.
    pub input: i64,
    /// Cache reads.
    pub cached_input: i64,
    /// Five-minute (or unspecified) cache writes.
    pub cache_write: i64,
    /// One-hour cache writes.
    pub cache_write_1h: i64,
    /// Output.
    pub output: i64,
}

impl Tokens {
    /// Token counts as lines store them (absent = none).
    pub fn from_counts(
        input: Option<i64>,
        cached_input: Option<i64>,
        cache_write: Option<i64>,
        cache_write_1h: Option<i64>,
        output: Option<i64>,
    ) -> Tokens {
        Tokens {
            input: input.unwrap_or(0),
            cached_input: cached_input.unwrap_or(0),
            cache_write: cache_write.unwrap_or(0),
            cache_write_1h: cache_write_1h.unwrap_or(0),
            output: output.unwrap_or(0),
        }
    }

    /// Whether there is nothing to price.
    pub fn is_empty(&self) -> bool {
        self.input == 0
            && self.cached_input == 0
            && self.cache_write == 0
            && self.cache_write_1h == 0
            && self.output == 0
    }
}

/// A priced usage line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// The amount.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// The entry used.
    pub price_id: i64,
}

/// Why a line was not priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpriced {
    /// The line names no model.
    NoModel,
    /// No entry for the model and tier.
    UnknownModel(String),
    /// Entries exist, but none was in effect on the line's day.
    NotYetPriced(String, NaiveDate),
}

impl std::fmt::Display for Unpriced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unpriced::NoModel => write!(f, "the line names no model"),
            Unpriced::UnknownModel(m) => write!(f, "model '{m}' is not in the price book"),
            Unpriced::NotYetPriced(m, d) => {
                write!(f, "the price book has no price for '{m}' in effect on {d}")
            }
        }
    }
}

/// All entries, searchable.
#[derive(Debug, Clone, Default)]
pub struct PriceBook {
    entries: Vec<PriceEntry>,
    /// Each entry's model trimmed and in lower case, made once: a large
    /// import looks a price up for every line.
    models: Vec<String>,
}

/// Whether `rest` is a dated-snapshot suffix: `-2026-03-17` or `-20251001`.
fn is_date_suffix(rest: &str) -> bool {
    let Some(tail) = rest.strip_prefix('-') else {
        return false;
    };
    let digits: String = tail.chars().filter(|c| *c != '-').collect();
    digits.len() == 8
        && digits.chars().all(|c| c.is_ascii_digit())
        && (tail.len() == 8 || tail.len() == 10)
}

/// Whether a price-book model name covers an exported model id.
pub fn model_matches(book_model: &str, line_model: &str) -> bool {
    matches_normalised(
        &book_model.trim().to_lowercase(),
        &line_model.trim().to_lowercase(),
    )
}

/// [`model_matches`] for names already trimmed and in lower case.
fn matches_normalised(book: &str, line: &str) -> bool {
    line == book || line.strip_prefix(book).is_some_and(is_date_suffix)
}

/// The tier a line was served at, from its line item or service tier.
pub fn tier_of(line_item: Option<&str>) -> &'static str {
    let text = line_item.unwrap_or_default().to_lowercase();
    if text.contains("batch") {
        "batch"
    } else if text.contains("priority") {
        "priority"
    } else if text.contains("flex") {
        "flex"
    } else {
        "standard"
    }
}

impl PriceBook {
    /// A book of these entries.
    pub fn new(entries: Vec<PriceEntry>) -> PriceBook {
        let models = entries
            .iter()
            .map(|e| e.model.trim().to_lowercase())
            .collect();
        PriceBook { entries, models }
    }

    /// The entry in effect on `day` for a model and tier.
    pub fn entry_for(
        &self,
        provider: Provider,
        model: &str,
        tier: &str,
        day: NaiveDate,
    ) -> Result<&PriceEntry, Unpriced> {
        let line = model.trim().to_lowercase();
        let candidates: Vec<&PriceEntry> = self
            .entries
            .iter()
            .zip(&self.models)
            .filter(|(e, book)| {
                e.provider == provider && e.tier == tier && matches_normalised(book, &line)
            })
            .map(|(e, _)| e)
            .collect();
        if candidates.is_empty() {
            let shown = if tier == "standard" {
                model.to_string()
            } else {
                format!("{model}' at tier '{tier}")
            };
            return Err(Unpriced::UnknownModel(shown));
        }
        candidates
            .into_iter()
            .filter(|e| e.effective_from <= day)
            // An exact name beats the undated one; then the latest price.
            .max_by_key(|e| (e.model.len(), e.effective_from))
            .ok_or_else(|| Unpriced::NotYetPriced(model.to_string(), day))
    }

    /// Prices token usage on `day`.
    pub fn price(
        &self,
        provider: Provider,
        model: Option<&str>,
        tier: &str,
        day: NaiveDate,
        tokens: Tokens,
    ) -> Result<Priced, Unpriced> {
        let model = model
            .filter(|m| !m.trim().is_empty())
            .ok_or(Unpriced::NoModel)?;
        let entry = self.entry_for(provider, model, tier, day)?;
        let cached = entry.cached_input.unwrap_or(entry.input);
        let write = entry.cache_write.unwrap_or(entry.input);
        let write_1h = entry.cache_write_1h.unwrap_or(write);
        let per_million = Decimal::from(tokens.input) * entry.input
            + Decimal::from(tokens.cached_input) * cached
            + Decimal::from(tokens.cache_write) * write
            + Decimal::from(tokens.cache_write_1h) * write_1h
            + Decimal::from(tokens.output) * entry.output;
        Ok(Priced {
            amount: quantize_for_storage(per_million / Decimal::from(1_000_000)),
            currency: entry.currency,
            price_id: entry.id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn entry(id: i64, model: &str, from: &str, input: Decimal, output: Decimal) -> PriceEntry {
        PriceEntry {
            id,
            provider: Provider::Anthropic,
            model: model.into(),
            tier: "standard".into(),
            currency: Currency::USD,
            input,
            cached_input: Some(dec!(0.20)),
            cache_write: Some(dec!(2.50)),
            cache_write_1h: None,
            output,
            effective_from: from.parse().unwrap(),
            source: "test".into(),
            captured_on: None,
        }
    }

    #[test]
    fn dated_model_ids_use_the_undated_entry() {
        assert!(model_matches(
            "claude-haiku-4-5",
            "claude-haiku-4-5-20251001"
        ));
        assert!(model_matches("gpt-5.4-mini", "gpt-5.4-mini-2026-03-17"));
        assert!(model_matches("GPT-5.4", "gpt-5.4"));
        assert!(!model_matches("gpt-5.4", "gpt-5.4-mini"));
        assert!(!model_matches("gpt-5.4", "gpt-5.4-micro-2026-03-17"));
    }

    #[test]
    fn the_price_in_effect_on_the_day_is_used() {
        let book = PriceBook::new(vec![
            entry(1, "claude-sonnet-5-5", "2026-09-01", dec!(2), dec!(10)),
            entry(2, "claude-sonnet-5-5", "2026-10-07", dec!(1), dec!(5)),
        ]);
        let tokens = Tokens {
            input: 1_000_000,
            output: 100_000,
            ..Tokens::default()
        };
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let sept = book
            .price(
                Provider::Anthropic,
                Some("claude-sonnet-5-5"),
                "standard",
                day("2026-09-14"),
                tokens,
            )
            .unwrap();
        assert_eq!((sept.amount, sept.price_id), (dec!(3), 1));
        let oct = book
            .price(
                Provider::Anthropic,
                Some("claude-sonnet-5-5"),
                "standard",
                day("2026-10-07"),
                tokens,
            )
            .unwrap();
        assert_eq!((oct.amount, oct.price_id), (dec!(1.5), 2));
        assert_eq!(
            book.price(
                Provider::Anthropic,
                Some("claude-sonnet-5-5"),
                "standard",
                day("2026-08-31"),
                tokens
            ),
            Err(Unpriced::NotYetPriced(
                "claude-sonnet-5-5".into(),
                day("2026-08-31")
            ))
        );
        assert!(matches!(
            book.price(
                Provider::Anthropic,
                Some("claude-mystery"),
                "standard",
                day("2026-09-14"),
                tokens
            ),
            Err(Unpriced::UnknownModel(_))
        ));
        assert!(matches!(
            book.price(
                Provider::Anthropic,
                Some("claude-sonnet-5-5"),
                "batch",
                day("2026-09-14"),
                tokens
            ),
            Err(Unpriced::UnknownModel(_))
        ));
    }

    #[test]
    fn every_token_class_is_priced_exactly() {
        let book = PriceBook::new(vec![entry(7, "m", "2026-01-01", dec!(2), dec!(10))]);
        let tokens = Tokens {
            input: 184_220,
            cached_input: 1_310_720,
            cache_write: 20_480,
            cache_write_1h: 1_000,
            output: 40_931,
        };
        let priced = book
            .price(
                Provider::Anthropic,
                Some("m"),
                "standard",
                "2026-09-14".parse().unwrap(),
                tokens,
            )
            .unwrap();
        // 184220×2 + 1310720×0.2 + 20480×2.5 + 1000×2.5 (1h falls back to 5m) + 40931×10, per million.
        assert_eq!(priced.amount, dec!(1.093594));
        assert_eq!(tier_of(Some("default, batch")), "batch");
        assert_eq!(tier_of(None), "standard");
    }
}
