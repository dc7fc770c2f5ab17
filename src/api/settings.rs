//! Workspace settings: base currency, fiscal year, the owner's name and role,
//! and the rounding rule.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, FieldIssue, Result};
use crate::money::{Currency, RoundingRule};
use crate::store;

pub(crate) const BASE_CURRENCY: &str = "base_currency";
pub(crate) const FISCAL_YEAR_START: &str = "fiscal_year_start_month";
pub(crate) const OWNER_NAME: &str = "owner_name";
pub(crate) const OWNER_ROLE: &str = "owner_role";
pub(crate) const ROUNDING_RULE: &str = "rounding_rule";
pub(crate) const TOLERANCE_PERCENT: &str = "reconciliation_tolerance_percent";
pub(crate) const TOLERANCE_AMOUNT: &str = "reconciliation_tolerance_amount";
pub(crate) const ALERT_THRESHOLDS: &str = "alert_thresholds";

/// The workspace's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The currency budgets and reports are in.
    pub base_currency: Currency,
    /// The first month of the fiscal year (1 = January, 4 = April).
    pub fiscal_year_start_month: u32,
    /// The budget owner's name, recorded in the audit log and on packs.
    pub owner_name: String,
    /// The budget owner's role, shown on packs.
    pub owner_role: String,
    /// How amounts are rounded where they are shown or packed.
    pub rounding_rule: RoundingRule,
    /// A reconciliation variance within this percentage of the provider
    /// evidence is accepted.
    #[ts(type = "string")]
    pub reconciliation_tolerance_percent: Decimal,
    /// …or within this amount (base currency), whichever is larger.
    #[ts(type = "string")]
    pub reconciliation_tolerance_amount: Decimal,
    /// The alert thresholds (percent of budget) a new budget starts with.
    pub alert_thresholds: Vec<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_currency: Currency::GBP,
            fiscal_year_start_month: 1,
            owner_name: String::new(),
            owner_role: String::new(),
            rounding_rule: RoundingRule::HalfAwayFromZero,
            reconciliation_tolerance_percent: Decimal::TWO,
            reconciliation_tolerance_amount: Decimal::ONE,
            alert_thresholds: crate::model::budget::DEFAULT_THRESHOLDS.to_vec(),
        }
    }
}

/// Changes to settings, as typed; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SettingsPatch {
    /// New base currency (ISO-4217).
    pub base_currency: Option<String>,
    /// New fiscal-year start month, 1–12.
    pub fiscal_year_start_month: Option<String>,
    /// New owner name.
    pub owner_name: Option<String>,
    /// New owner role.
    pub owner_role: Option<String>,
    /// `half_away_from_zero` or `half_even`.
    pub rounding_rule: Option<String>,
    /// Reconciliation tolerance, percent (`2`, `2.5%`).
    pub reconciliation_tolerance_percent: Option<String>,
    /// Reconciliation tolerance, amount in the base currency.
    pub reconciliation_tolerance_amount: Option<String>,
    /// Alert thresholds for new budgets, percent (`80, 100`).
    pub alert_thresholds: Option<String>,
}

impl SettingsPatch {
    /// A patch changing one setting named as on the command line
    /// (`base-currency`, `fiscal-year-start-month`, `owner-name`, `owner-role`,
    /// `rounding-rule`, `tolerance-percent`, `tolerance-amount`, `alert-thresholds`).
    pub fn one(key: &str, value: String) -> Result<SettingsPatch> {
        let mut patch = SettingsPatch::default();
        let slot = match key.trim().replace('-', "_").as_str() {
            "base_currency" => &mut patch.base_currency,
            "fiscal_year_start_month" | "fiscal_year_start" => &mut patch.fiscal_year_start_month,
            "owner_name" => &mut patch.owner_name,
            "owner_role" => &mut patch.owner_role,
            "rounding_rule" => &mut patch.rounding_rule,
            "reconciliation_tolerance_percent" | "tolerance_percent" => {
                &mut patch.reconciliation_tolerance_percent
            }
            "reconciliation_tolerance_amount" | "tolerance_amount" => {
                &mut patch.reconciliation_tolerance_amount
            }
            "alert_thresholds" | "thresholds" => &mut patch.alert_thresholds,
            other => {
                return Err(Error::invalid(format!(
                    "'{other}' is not a setting (use base-currency, fiscal-year-start-month, owner-name, owner-role, rounding-rule, tolerance-percent, tolerance-amount or alert-thresholds)"
                )));
            }
        };
        *slot = Some(value);
        Ok(patch)
    }
}

pub(crate) async fn load(conn: &mut sqlx::SqliteConnection) -> Result<Settings> {
    let mut settings = Settings::default();
    for (key, value) in store::settings::all(conn).await? {
        match key.as_str() {
            BASE_CURRENCY => {
                if let Ok(c) = Currency::parse(&value) {
                    settings.base_currency = c;
                }
            }
            FISCAL_YEAR_START => {
                if let Ok(m) = value.parse::<u32>()
                    && (1..=12).contains(&m)
                {
                    settings.fiscal_year_start_month = m;
                }
            }
            TOLERANCE_PERCENT => {
                if let Ok(v) = value.parse::<Decimal>() {
                    settings.reconciliation_tolerance_percent = v;
                }
            }
            TOLERANCE_AMOUNT => {
                if let Ok(v) = value.parse::<Decimal>() {
                    settings.reconciliation_tolerance_amount = v;
                }
            }
            ALERT_THRESHOLDS => {
                if let Ok(t) = crate::model::budget::parse_thresholds(&value) {
                    settings.alert_thresholds = t;
                }
            }
            OWNER_NAME => settings.owner_name = value,
            OWNER_ROLE => settings.owner_role = value,
            ROUNDING_RULE => {
                if let Some(rule) = RoundingRule::parse(&value) {
                    settings.rounding_rule = rule;
                }
            }
            _ => {}
        }
    }
    Ok(settings)
}

impl Engine {
    /// The current settings.
    pub async fn settings(&self) -> Result<Settings> {
        let mut conn = self.store.reader().await?;
        load(&mut conn).await
    }

    /// Changes settings; each change is audited.
    pub async fn update_settings(&self, patch: SettingsPatch) -> Result<Settings> {
        let mut issues = Vec::new();
        let mut changes: Vec<(&str, String)> = Vec::new();
        if let Some(text) = patch.base_currency {
            match Currency::parse(&text) {
                Ok(c) => changes.push((BASE_CURRENCY, c.code().to_string())),
                Err(e) => issues.push(FieldIssue::error("base_currency", e.to_string())),
            }
        }
        if let Some(text) = patch.fiscal_year_start_month {
            match text.trim().parse::<u32>() {
                Ok(m) if (1..=12).contains(&m) => changes.push((FISCAL_YEAR_START, m.to_string())),
                _ => issues.push(FieldIssue::error(
                    "fiscal_year_start_month",
                    format!(
                        "The fiscal year's first month must be 1 to 12, not '{}'",
                        text.trim()
                    ),
                )),
            }
        }
        if let Some(text) = patch.owner_name {
            if text.trim().chars().count() > 120 {
                issues.push(FieldIssue::error(
                    "owner_name",
                    "The name is longer than 120 characters",
                ));
            } else {
                changes.push((OWNER_NAME, text.trim().to_string()));
            }
        }
        if let Some(text) = patch.owner_role {
            if text.trim().chars().count() > 120 {
                issues.push(FieldIssue::error(
                    "owner_role",
                    "The role is longer than 120 characters",
                ));
            } else {
                changes.push((OWNER_ROLE, text.trim().to_string()));
            }
        }
        if let Some(text) = patch.rounding_rule {
            match RoundingRule::parse(&text) {
                Some(rule) => changes.push((ROUNDING_RULE, rule.as_str().to_string())),
                None => issues.push(FieldIssue::error(
                    "rounding_rule",
                    format!(
                        "Rounding rule '{}' is not half_away_from_zero or half_even",
                        text.trim()
                    ),
                )),
            }
        }
        for (field, key, text) in [
            (
                "reconciliation_tolerance_percent",
                TOLERANCE_PERCENT,
                patch.reconciliation_tolerance_percent,
            ),
            (
                "reconciliation_tolerance_amount",
                TOLERANCE_AMOUNT,
                patch.reconciliation_tolerance_amount,
            ),
        ] {
            let Some(text) = text else { continue };
            match crate::money::parse_amount(text.trim().trim_end_matches('%')) {
                Ok(p) if !p.value.is_sign_negative() => {
                    changes.push((key, p.value.normalize().to_string()))
                }
                _ => issues.push(FieldIssue::error(
                    field,
                    format!(
                        "The tolerance '{}' is not a number of zero or more",
                        text.trim()
                    ),
                )),
            }
        }
        if let Some(text) = patch.alert_thresholds {
            match crate::model::budget::parse_thresholds(&text) {
                Ok(t) => changes.push((
                    ALERT_THRESHOLDS,
                    t.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
                )),
                Err(e) => issues.push(FieldIssue::error(
                    "alert_thresholds",
                    format!("Alert thresholds: {e}"),
                )),
            }
        }
        if !issues.is_empty() {
            return Err(Error::from_field_issues("The settings", issues));
        }
        let mut tx = self.store.begin().await?;
        for (key, value) in changes {
            let before = store::settings::get(&mut tx, key).await?;
            if before.as_deref() == Some(value.as_str()) {
                continue;
            }
            store::settings::set(&mut tx, key, &value).await?;
            self.record(
                &mut tx,
                "setting.set",
                &format!("setting:{key}"),
                before.as_ref(),
                Some(&value),
            )
            .await?;
        }
        let settings = load(&mut tx).await?;
        tx.commit().await?;
        Ok(settings)
    }
}
