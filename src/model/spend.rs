//! Summing spend lines: by department, service code, provider, model or API
//! key, in one currency, with the unattributed share; and grouping the
//! unattributed lines by the identifier that would attribute them.
//!
//! Sums are exact. Lines in another currency are converted with the month's
//! FX rate (see [`crate::model::fx`]); lines with no rate are left out of the
//! groups and listed, never silently dropped or converted at 1:1. The share is
//! rounded half away from zero to four decimal places (0.1234 = 12.34%).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::attribution::RuleKind;
use crate::model::fx::{FxTable, RateUsed};
use crate::model::month::Month;
use crate::money::Currency;

/// How to group spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum GroupBy {
    /// The service code's department (or the department finance wrote).
    Department,
    /// The service code.
    ServiceCode,
    /// The provider.
    Provider,
    /// The model.
    Model,
    /// The API key (name when known, else id).
    ApiKey,
}

impl GroupBy {
    /// Reads `department`, `service-code`, `provider`, `model`, `api-key`.
    pub fn parse(text: &str) -> Option<GroupBy> {
        match text.trim().to_lowercase().replace('_', "-").as_str() {
            "department" | "dept" => Some(GroupBy::Department),
            "service-code" | "code" | "service" => Some(GroupBy::ServiceCode),
            "provider" => Some(GroupBy::Provider),
            "model" => Some(GroupBy::Model),
            "api-key" | "key" => Some(GroupBy::ApiKey),
            _ => None,
        }
    }
}

/// Which lines to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SourceFilter {
    /// Finance's showback only.
    Showback,
    /// Provider evidence only.
    Provider,
    /// Both (they describe the same spend twice when both were imported).
    All,
}

impl SourceFilter {
    /// Reads `showback`, `provider`, `all`.
    pub fn parse(text: &str) -> Option<SourceFilter> {
        match text.trim().to_lowercase().as_str() {
            "showback" | "finance" => Some(SourceFilter::Showback),
            "provider" | "providers" => Some(SourceFilter::Provider),
            "all" | "both" => Some(SourceFilter::All),
            _ => None,
        }
    }

    /// Whether a line of this source kind (`showback`, `provider`) counts.
    pub fn admits(self, source_kind: &str) -> bool {
        match self {
            SourceFilter::All => true,
            SourceFilter::Showback => source_kind == "showback",
            SourceFilter::Provider => source_kind == "provider",
        }
    }
}

/// Lines as the summary needs them: one line, or lines that share every
/// field below summed (as the daily roll-up gives them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpendItem {
    /// How many lines the item stands for.
    pub lines: u64,
    /// `showback` or `provider`.
    pub source_kind: String,
    /// Provider id.
    pub provider: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// API key name, or id.
    pub api_key: Option<String>,
    /// Service code, when attributed.
    pub service_code: Option<String>,
    /// Department of the service code, or as finance wrote it.
    pub department: Option<String>,
    /// Amount (None = unpriced).
    pub amount: Option<Decimal>,
    /// Currency.
    pub currency: Option<Currency>,
}

/// One group's spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SpendGroup {
    /// The department, code, provider, model or key; `(unattributed)` or
    /// `(none)` when the line has none.
    pub key: String,
    /// Exact sum in the report's currency.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// Lines counted.
    pub lines: u64,
}

/// Unattributed spend and its share of the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnattributedShare {
    /// Exact sum.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// Share of the total, 0–1, four decimal places.
    #[ts(type = "string")]
    pub share: Decimal,
}

/// Money left out because it could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Unconverted {
    /// The currency without a rate.
    pub currency: Currency,
    /// Its exact sum.
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// A month's spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SpendReport {
    /// `YYYY-MM`.
    pub month: String,
    /// The report's currency.
    pub currency: Currency,
    /// How the groups are formed.
    pub by: GroupBy,
    /// Which lines were counted.
    pub source: SourceFilter,
    /// Groups, largest first.
    pub groups: Vec<SpendGroup>,
    /// Exact total of the groups.
    #[ts(type = "string")]
    pub total: Decimal,
    /// Spend no rule attributes to a service code.
    pub unattributed: UnattributedShare,
    /// Usage lines without a price (not in any sum).
    pub unpriced_lines: u64,
    /// Amounts left out for want of an FX rate.
    pub unconverted: Vec<Unconverted>,
    /// The FX rates used.
    pub rates_used: Vec<RateUsed>,
    /// Things the reader should know (both sources counted, missing rates).
    pub warnings: Vec<String>,
}

/// Sums a month's lines.
pub fn summarise(
    items: &[SpendItem],
    month: Month,
    by: GroupBy,
    source: SourceFilter,
    currency: Currency,
    fx: &FxTable,
) -> SpendReport {
    let mut groups: BTreeMap<String, (Decimal, u64)> = BTreeMap::new();
    let mut unattributed = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    let mut unpriced_lines = 0;
    let mut unconverted: BTreeMap<Currency, Decimal> = BTreeMap::new();
    let mut rates: BTreeMap<Currency, RateUsed> = BTreeMap::new();
    let mut kinds = std::collections::BTreeSet::new();
    for item in items.iter().filter(|i| source.admits(&i.source_kind)) {
        let (Some(amount), Some(from)) = (item.amount, item.currency) else {
            unpriced_lines += item.lines;
            continue;
        };
        kinds.insert(item.source_kind.clone());
        let Some((converted, used)) = fx.convert(amount, month, from, currency) else {
            *unconverted.entry(from).or_default() += amount;
            continue;
        };
        if from != currency {
            rates.entry(from).or_insert(used);
        }
        let key = match by {
            GroupBy::Department => item.department.clone(),
            GroupBy::ServiceCode => item.service_code.clone(),
            GroupBy::Provider => item.provider.clone(),
            GroupBy::Model => item.model.clone(),
            GroupBy::ApiKey => item.api_key.clone(),
        }
        .unwrap_or_else(|| {
            if matches!(by, GroupBy::Department | GroupBy::ServiceCode) {
                "(unattributed)".to_string()
            } else {
                "(none)".to_string()
            }
        });
        let entry = groups.entry(key).or_default();
        entry.0 += converted;
        entry.1 += item.lines;
        total += converted;
        if item.service_code.is_none() {
            unattributed += converted;
        }
    }
    let mut groups: Vec<SpendGroup> = groups
        .into_iter()
        .map(|(key, (amount, lines))| SpendGroup {
            key,
            amount: amount.normalize(),
            lines,
        })
        .collect();
    groups.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.key.cmp(&b.key)));
    let share = if total.is_zero() {
        Decimal::ZERO
    } else {
        (unattributed / total)
            .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let mut warnings = Vec::new();
    if kinds.len() > 1 {
        warnings.push(
            "The total counts both finance's showback and the providers' exports, which describe \
             the same spend twice; choose one with the source option"
                .to_string(),
        );
    }
    for (c, amount) in &unconverted {
        warnings.push(format!(
            "{} {} is not counted: there is no {}→{} rate for {month}",
            c.code(),
            amount.normalize(),
            c.code(),
            currency.code()
        ));
    }
    SpendReport {
        month: month.to_string(),
        currency,
        by,
        source,
        groups,
        total: total.normalize(),
        unattributed: UnattributedShare {
            amount: unattributed.normalize(),
            share: share.normalize(),
        },
        unpriced_lines,
        unconverted: unconverted
            .into_iter()
            .map(|(currency, amount)| Unconverted {
                currency,
                amount: amount.normalize(),
            })
            .collect(),
        rates_used: rates.into_values().collect(),
        warnings,
    }
}

/// The identifier of an unattributed line that a rule could match, most
/// specific first (the order rules are tried in).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identifiers {
    /// Provider id.
    pub provider: Option<String>,
    /// API key id.
    pub api_key_id: Option<String>,
    /// API key name.
    pub api_key_name: Option<String>,
    /// Project id or name.
    pub project: Option<String>,
    /// Workspace id or name.
    pub workspace: Option<String>,
    /// First billing tag, `key=value`.
    pub tag: Option<String>,
    /// Finance's workload code.
    pub workload_code: Option<String>,
}

impl Identifiers {
    /// The most specific identifier a rule could use.
    pub fn best(&self) -> Option<(RuleKind, String)> {
        [
            (RuleKind::ApiKeyId, &self.api_key_id),
            (RuleKind::ApiKeyName, &self.api_key_name),
            (RuleKind::OpenaiProject, &self.project),
            (RuleKind::AnthropicWorkspace, &self.workspace),
            (RuleKind::Tag, &self.tag),
            (RuleKind::WorkloadCode, &self.workload_code),
        ]
        .into_iter()
        .find_map(|(kind, value)| value.clone().map(|v| (kind, v)))
    }
}

/// Unattributed spend behind one identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnattributedGroup {
    /// The kind of identifier a rule would match.
    pub kind: Option<RuleKind>,
    /// The identifier (empty when the lines carry none).
    pub identifier: String,
    /// Other names the lines carry (key name beside its id, project names).
    pub also_known_as: Vec<String>,
    /// The provider, when every line comes from the same one.
    pub provider: Option<String>,
    /// Lines.
    pub lines: u64,
    /// Exact sums per currency.
    pub totals: Vec<Unconverted>,
}

/// What is gathered for one group.
#[derive(Default)]
struct GroupSums {
    lines: u64,
    totals: BTreeMap<Currency, Decimal>,
    names: std::collections::BTreeSet<String>,
    providers: std::collections::BTreeSet<Option<String>>,
}

/// Groups unattributed lines by the identifier that would attribute them,
/// largest line count first. The same identifier from several providers is
/// one group (a workload code or tag means the same whoever served it); the
/// group names a provider only when all its lines share one.
pub fn group_unattributed(
    items: &[(Identifiers, Option<Decimal>, Option<Currency>)],
) -> Vec<UnattributedGroup> {
    type Key = (Option<RuleKind>, String);
    let mut groups: BTreeMap<Key, GroupSums> = BTreeMap::new();
    for (ids, amount, currency) in items {
        let (kind, identifier) = match ids.best() {
            Some((k, v)) => (Some(k), v),
            None => (None, String::new()),
        };
        let entry = groups.entry((kind, identifier.clone())).or_default();
        entry.lines += 1;
        entry.providers.insert(ids.provider.clone());
        if let (Some(a), Some(c)) = (amount, currency) {
            *entry.totals.entry(*c).or_default() += *a;
        }
        for other in [&ids.api_key_name, &ids.project, &ids.workspace]
            .into_iter()
            .flatten()
        {
            if *other != identifier {
                entry.names.insert(other.clone());
            }
        }
    }
    let mut list: Vec<UnattributedGroup> = groups
        .into_iter()
        .map(|((kind, identifier), sums)| UnattributedGroup {
            kind,
            identifier,
            also_known_as: sums.names.into_iter().take(5).collect(),
            provider: if sums.providers.len() == 1 {
                sums.providers.into_iter().next().flatten()
            } else {
                None
            },
            lines: sums.lines,
            totals: sums
                .totals
                .into_iter()
                .map(|(currency, amount)| Unconverted {
                    currency,
                    amount: amount.normalize(),
                })
                .collect(),
        })
        .collect();
    list.sort_by(|a, b| {
        b.lines
            .cmp(&a.lines)
            .then_with(|| a.identifier.cmp(&b.identifier))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fx::FxRate;
    use rust_decimal::dec;

    fn item(kind: &str, code: Option<&str>, amount: Decimal, currency: Currency) -> SpendItem {
        SpendItem {
            lines: 1,
            source_kind: kind.into(),
            provider: Some("openai".into()),
            service_code: code.map(str::to_string),
            department: code.map(|_| "Finance".to_string()),
            amount: Some(amount),
            currency: Some(currency),
            ..SpendItem::default()
        }
    }

    #[test]
    fn sums_convert_and_share() {
        let fx = FxTable::new(vec![FxRate {
            month: "2026-09".into(),
            from: Currency::USD,
            to: Currency::GBP,
            rate: dec!(0.75),
            source: "test".into(),
        }]);
        let items = vec![
            item("provider", Some("fin-recon"), dec!(100), Currency::USD),
            item("provider", None, dec!(25), Currency::GBP),
            item("provider", Some("fin-recon"), dec!(1), Currency::EUR),
            SpendItem {
                lines: 1,
                source_kind: "provider".into(),
                ..SpendItem::default()
            },
            item("showback", Some("fin-recon"), dec!(999), Currency::GBP),
        ];
        let month = Month::new(2026, 9).unwrap();
        let r = summarise(
            &items,
            month,
            GroupBy::Department,
            SourceFilter::Provider,
            Currency::GBP,
            &fx,
        );
        assert_eq!(r.total, dec!(100));
        assert_eq!(r.groups[0].key, "Finance");
        assert_eq!(r.groups[0].amount, dec!(75));
        assert_eq!(r.groups[1].key, "(unattributed)");
        assert_eq!(r.unattributed.share, dec!(0.25));
        assert_eq!(r.unpriced_lines, 1);
        assert_eq!(r.unconverted.len(), 1);
        assert_eq!(r.rates_used.len(), 1);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        let all = summarise(
            &items,
            month,
            GroupBy::Provider,
            SourceFilter::All,
            Currency::GBP,
            &fx,
        );
        assert_eq!(all.total, dec!(1099));
        assert!(all.warnings[0].contains("twice"));
    }

    #[test]
    fn unattributed_lines_group_by_their_most_specific_identifier() {
        let ids = |key: Option<&str>, name: Option<&str>, project: Option<&str>| Identifiers {
            provider: Some("openai".into()),
            api_key_id: key.map(str::to_string),
            api_key_name: name.map(str::to_string),
            project: project.map(str::to_string),
            ..Identifiers::default()
        };
        let groups = group_unattributed(&[
            (
                ids(Some("key_1"), Some("bot"), None),
                Some(dec!(1.5)),
                Some(Currency::USD),
            ),
            (
                ids(Some("key_1"), None, Some("proj_a")),
                Some(dec!(2)),
                Some(Currency::USD),
            ),
            (ids(None, None, Some("proj_b")), None, None),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].kind, Some(RuleKind::ApiKeyId));
        assert_eq!(groups[0].identifier, "key_1");
        assert_eq!(groups[0].lines, 2);
        assert_eq!(groups[0].totals[0].amount, dec!(3.5));
        assert_eq!(groups[0].also_known_as, vec!["bot", "proj_a"]);
        assert_eq!(groups[1].kind, Some(RuleKind::OpenaiProject));
    }
}
