//! Attribution rules: which provider identifiers belong to which service code.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, FieldIssue, Result};
use crate::model::attribution::{AttributionRule, RuleKind, normalise_pattern};
use crate::model::provider::Provider;
use crate::model::service_code::CodeStatus;
use crate::store;

/// A rule as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct RuleInput {
    /// `api_key_id`, `api_key_name`, `openai_project`, `anthropic_workspace`, `tag` or `workload_code`.
    pub kind: String,
    /// The identifier to match (for tags, `key=value`).
    pub pattern: String,
    /// The service code matching lines belong to.
    pub service_code: String,
    /// Restrict to one provider; empty for any.
    pub provider: String,
}

impl Engine {
    /// Every attribution rule, most specific kind first.
    pub async fn list_rules(&self) -> Result<Vec<AttributionRule>> {
        let mut conn = self.store.reader().await?;
        store::rules::list(&mut conn).await
    }

    /// Adds a rule mapping an identifier to a service code.
    pub async fn add_rule(&self, input: RuleInput) -> Result<AttributionRule> {
        let mut issues = Vec::new();
        let kind = RuleKind::parse(&input.kind);
        if kind.is_none() {
            issues.push(FieldIssue::error(
                "kind",
                format!(
                    "'{}' is not a kind of identifier (use {})",
                    input.kind.trim(),
                    RuleKind::PRECEDENCE
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let provider = if input.provider.trim().is_empty() {
            None
        } else {
            let parsed = Provider::parse(&input.provider);
            if parsed.is_none() {
                issues.push(FieldIssue::error(
                    "provider",
                    format!(
                        "'{}' is not a provider Runrate knows",
                        input.provider.trim()
                    ),
                ));
            }
            parsed
        };
        let pattern = match kind.map(|k| normalise_pattern(k, &input.pattern)) {
            Some(Ok(p)) => Some(p),
            Some(Err(message)) => {
                issues.push(FieldIssue::error("pattern", message));
                None
            }
            None => None,
        };
        let mut tx = self.store.begin().await?;
        let code = input.service_code.trim();
        match store::org::service_code(&mut tx, code).await? {
            None => issues.push(FieldIssue::error(
                "service_code",
                format!("Service code '{code}' does not exist"),
            )),
            Some(c) if c.status == CodeStatus::Retired => issues.push(FieldIssue::error(
                "service_code",
                format!("Service code '{code}' is retired; reactivate it or map to an active code"),
            )),
            Some(_) => {}
        }
        let (Some(kind), Some(pattern), true) = (kind, pattern, issues.is_empty()) else {
            return Err(Error::from_field_issues("The mapping", issues));
        };
        if let Some(existing) = store::rules::find(&mut tx, kind, provider, &pattern).await? {
            return Err(Error::conflict(format!(
                "The {} '{}' is already mapped to '{}' (rule {}); remove that rule first",
                kind.label(),
                existing.pattern,
                existing.service_code,
                existing.id
            )));
        }
        let rule =
            store::rules::insert(&mut tx, kind, provider, &pattern, code, &self.now()).await?;
        self.record(
            &mut tx,
            "rule.add",
            &format!("rule:{}", rule.id),
            None::<&()>,
            Some(&rule),
        )
        .await?;
        tx.commit().await?;
        Ok(rule)
    }

    /// Removes a rule.
    pub async fn remove_rule(&self, id: i64) -> Result<AttributionRule> {
        let mut tx = self.store.begin().await?;
        let rule = store::rules::get(&mut tx, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("Attribution rule {id} does not exist")))?;
        store::rules::delete(&mut tx, id).await?;
        self.record(
            &mut tx,
            "rule.remove",
            &format!("rule:{id}"),
            Some(&rule),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(rule)
    }
}
