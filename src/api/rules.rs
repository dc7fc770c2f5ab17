//! Attribution rules: which provider identifiers belong to which service code.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, FieldIssue, Result};
use sqlx::sqlite::SqliteConnection;

use crate::model::attribution::{
    AttributionRule, LineIdentity, RuleKind, RuleSet, normalise_pattern,
};
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

/// A rule change and what it did to lines already imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleSaved {
    /// The rule added or removed.
    pub rule: AttributionRule,
    /// Live lines whose service code changed because of it.
    pub lines_reattributed: u64,
}

/// The rules in force, and the active service codes a workload code may name.
pub(crate) async fn rule_set(conn: &mut SqliteConnection) -> Result<RuleSet> {
    let codes = store::org::list_service_codes(conn).await?;
    Ok(RuleSet::new(&store::rules::list(conn).await?).with_codes(
        codes
            .iter()
            .filter(|c| c.status == CodeStatus::Active)
            .map(|c| c.code.as_str()),
    ))
}

/// Attributes every live line again by the rules now in force; returns how
/// many lines changed.
pub(crate) async fn reattribute(conn: &mut SqliteConnection) -> Result<u64> {
    let rules = rule_set(conn).await?;
    let lines = store::imports::line_identities(conn).await?;
    let mut changed = 0;
    for line in lines {
        let tags: Vec<(String, String)> = line
            .tags_json
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        let identity = LineIdentity {
            provider: line.provider.as_deref().and_then(Provider::parse),
            api_key_id: line.api_key_id.as_deref(),
            api_key_name: line.api_key_name.as_deref(),
            project_id: line.project_id.as_deref(),
            project_name: line.project_name.as_deref(),
            workspace_id: line.workspace_id.as_deref(),
            workspace_name: line.workspace_name.as_deref(),
            tags: &tags,
            workload_code: line.workload_code.as_deref(),
        };
        let now = rules.attribute(&identity);
        let (code, rule) = match &now {
            Some(a) => (Some(a.service_code.as_str()), a.rule_id),
            None => (None, None),
        };
        if code != line.service_code.as_deref() || rule != line.rule_id {
            store::imports::set_attribution(conn, line.id, code, rule).await?;
            changed += 1;
        }
    }
    Ok(changed)
}

impl Engine {
    /// Every attribution rule, most specific kind first.
    pub async fn list_rules(&self) -> Result<Vec<AttributionRule>> {
        let mut conn = self.store.reader().await?;
        store::rules::list(&mut conn).await
    }

    /// Adds a rule mapping an identifier to a service code, and attributes the
    /// lines already imported by it.
    pub async fn add_rule(&self, input: RuleInput) -> Result<RuleSaved> {
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
        let lines_reattributed = reattribute(&mut tx).await?;
        self.record(
            &mut tx,
            "rule.add",
            &format!("rule:{}", rule.id),
            None::<&()>,
            Some(&serde_json::json!({ "rule": &rule, "lines_reattributed": lines_reattributed })),
        )
        .await?;
        tx.commit().await?;
        Ok(RuleSaved {
            rule,
            lines_reattributed,
        })
    }

    /// Removes a rule; lines it attributed are attributed again by the others.
    pub async fn remove_rule(&self, id: i64) -> Result<RuleSaved> {
        let mut tx = self.store.begin().await?;
        let rule = store::rules::get(&mut tx, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("Attribution rule {id} does not exist")))?;
        store::rules::delete(&mut tx, id).await?;
        let lines_reattributed = reattribute(&mut tx).await?;
        self.record(
            &mut tx,
            "rule.remove",
            &format!("rule:{id}"),
            Some(&rule),
            Some(&serde_json::json!({ "lines_reattributed": lines_reattributed })),
        )
        .await?;
        tx.commit().await?;
        Ok(RuleSaved {
            rule,
            lines_reattributed,
        })
    }
}
