//! Splitting a shared cost (a provisioned-throughput commitment, a shared
//! gateway or vector store) between service codes, so an owner can check
//! finance's "Proportional (tokens 37%)".
//!
//! Every basis reduces to weights; the amount is divided in proportion with the
//! largest-remainder method, in whole minor units of the currency (or finer,
//! when the amount itself has more places), so the parts always add up exactly
//! to the whole: each part gets the floor of its exact share, and the units
//! left over go one each to the largest remainders (ties to the larger weight,
//! then to the earlier key). The arithmetic is in integers.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the split is in proportion to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SplitBasis {
    /// Each code pays what was traced to it directly; nothing is shared.
    Direct,
    /// Tokens used in the month.
    Tokens,
    /// Requests made in the month.
    Requests,
    /// Directly traced cost in the month.
    Cost,
    /// Percentages the owner (or finance) fixed.
    FixedPercent,
    /// Equal parts.
    Even,
}

impl SplitBasis {
    /// Reads `direct`, `tokens`, `requests`, `cost`, `fixed`, `even`.
    pub fn parse(text: &str) -> Option<SplitBasis> {
        match text.trim().to_lowercase().replace('-', "_").as_str() {
            "direct" => Some(SplitBasis::Direct),
            "tokens" | "token" => Some(SplitBasis::Tokens),
            "requests" | "request" | "calls" => Some(SplitBasis::Requests),
            "cost" | "spend" => Some(SplitBasis::Cost),
            "fixed" | "fixed_percent" | "percent" | "fixed_%" => Some(SplitBasis::FixedPercent),
            "even" | "equal" => Some(SplitBasis::Even),
            _ => None,
        }
    }

    /// How the basis is named in text.
    pub fn label(self) -> &'static str {
        match self {
            SplitBasis::Direct => "direct",
            SplitBasis::Tokens => "proportional to tokens",
            SplitBasis::Requests => "proportional to requests",
            SplitBasis::Cost => "proportional to cost",
            SplitBasis::FixedPercent => "fixed percentages",
            SplitBasis::Even => "even",
        }
    }
}

/// One part of a split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SplitPart {
    /// The service code (or other key).
    pub key: String,
    /// Its weight: tokens, requests, cost, percent, or 1.
    #[ts(type = "string")]
    pub weight: Decimal,
    /// Its share of the whole, percent, to two places (for reading only; the
    /// amount comes from the exact weights).
    #[ts(type = "string")]
    pub share_percent: Decimal,
    /// Its amount.
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// Why a split cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// No parts.
    #[error("there is nothing to split between: name at least one service code")]
    NoParts,
    /// A weight below zero.
    #[error("the weight of {0} is negative")]
    NegativeWeight(String),
    /// All weights zero.
    #[error("every weight is zero, so there is no proportion to split by")]
    ZeroWeights,
    /// Fixed percentages that do not add to 100.
    #[error("the fixed percentages add up to {0}%, not 100%")]
    PercentagesNot100(Decimal),
    /// Numbers too large to split exactly.
    #[error("the amounts are too large to split exactly")]
    TooLarge,
}

/// Splits `total` in proportion to `weights` by largest remainder, in units of
/// 10^-`minor_units` (or the total's own precision when finer).
pub fn split(
    total: Decimal,
    minor_units: u32,
    weights: &[(String, Decimal)],
) -> Result<Vec<SplitPart>, SplitError> {
    if weights.is_empty() {
        return Err(SplitError::NoParts);
    }
    if let Some((key, _)) = weights
        .iter()
        .find(|(_, w)| w.is_sign_negative() && !w.is_zero())
    {
        return Err(SplitError::NegativeWeight(key.clone()));
    }
    let weight_scale = weights.iter().map(|(_, w)| w.scale()).max().unwrap_or(0);
    let ints: Vec<i128> = weights
        .iter()
        .map(|(_, w)| scaled(*w, weight_scale))
        .collect::<Option<_>>()
        .ok_or(SplitError::TooLarge)?;
    let sum: i128 = ints
        .iter()
        .try_fold(0i128, |a, w| a.checked_add(*w))
        .ok_or(SplitError::TooLarge)?;
    if sum == 0 {
        return Err(SplitError::ZeroWeights);
    }
    let scale = minor_units.max(total.scale());
    let units = scaled(total.abs(), scale).ok_or(SplitError::TooLarge)?;
    let mut floors = Vec::with_capacity(ints.len());
    let mut remainders = Vec::with_capacity(ints.len());
    for w in &ints {
        let product = units.checked_mul(*w).ok_or(SplitError::TooLarge)?;
        floors.push(product / sum);
        remainders.push(product % sum);
    }
    let left = units - floors.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..ints.len()).collect();
    order.sort_by(|&a, &b| {
        remainders[b]
            .cmp(&remainders[a])
            .then(ints[b].cmp(&ints[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(left as usize) {
        floors[i] += 1;
    }
    let negative = total.is_sign_negative();
    Ok(weights
        .iter()
        .zip(&ints)
        .zip(floors)
        .map(|(((key, weight), w), units)| {
            let mut amount = Decimal::from_i128_with_scale(units, scale);
            if negative {
                amount = -amount;
            }
            // Percent to two places, half away from zero: 10^4·w/Σ in hundredths.
            let hundredths = (w * 20_000 / sum + 1) / 2;
            let share = Decimal::from_i128_with_scale(hundredths, 2);
            SplitPart {
                key: key.clone(),
                weight: weight.normalize(),
                share_percent: share,
                amount,
            }
        })
        .collect())
}

/// Checks fixed percentages add up to 100 before splitting by them.
pub fn check_percentages(weights: &[(String, Decimal)]) -> Result<(), SplitError> {
    let sum: Decimal = weights.iter().map(|(_, w)| *w).sum();
    if sum != Decimal::ONE_HUNDRED {
        return Err(SplitError::PercentagesNot100(sum.normalize()));
    }
    Ok(())
}

fn scaled(value: Decimal, scale: u32) -> Option<i128> {
    let mut v = value;
    if v.scale() > scale {
        return None;
    }
    v.rescale(scale);
    (v.scale() == scale).then(|| v.mantissa())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn w(pairs: &[(&str, Decimal)]) -> Vec<(String, Decimal)> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn thirds_add_up_to_the_whole() {
        let parts = split(
            dec!(100.00),
            2,
            &w(&[("a", dec!(1)), ("b", dec!(1)), ("c", dec!(1))]),
        )
        .unwrap();
        let amounts: Vec<Decimal> = parts.iter().map(|p| p.amount).collect();
        assert_eq!(amounts, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
    }

    #[test]
    fn the_largest_remainder_gets_the_spare_penny() {
        // 10.00 by 37:63 tokens → 3.70 / 6.30 exactly; by 1:2 → 3.33 / 6.67.
        let parts = split(dec!(10.00), 2, &w(&[("a", dec!(370)), ("b", dec!(630))])).unwrap();
        assert_eq!((parts[0].amount, parts[1].amount), (dec!(3.70), dec!(6.30)));
        assert_eq!(parts[0].share_percent, dec!(37.00));
        let parts = split(dec!(10.00), 2, &w(&[("a", dec!(1)), ("b", dec!(2))])).unwrap();
        assert_eq!((parts[0].amount, parts[1].amount), (dec!(3.33), dec!(6.67)));
    }

    #[test]
    fn credits_split_with_their_sign() {
        let parts = split(dec!(-0.05), 2, &w(&[("a", dec!(1)), ("b", dec!(1))])).unwrap();
        assert_eq!(
            (parts[0].amount, parts[1].amount),
            (dec!(-0.03), dec!(-0.02))
        );
    }

    #[test]
    fn bad_weights_are_refused_in_words() {
        assert_eq!(split(dec!(1), 2, &[]), Err(SplitError::NoParts));
        assert_eq!(
            split(dec!(1), 2, &w(&[("a", dec!(0))])),
            Err(SplitError::ZeroWeights)
        );
        assert_eq!(
            split(dec!(1), 2, &w(&[("a", dec!(-1))])),
            Err(SplitError::NegativeWeight("a".into()))
        );
        assert_eq!(
            check_percentages(&w(&[("a", dec!(37)), ("b", dec!(60))])),
            Err(SplitError::PercentagesNot100(dec!(97)))
        );
    }
}
