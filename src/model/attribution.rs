//! Attribution: which service code a line of spend belongs to.
//!
//! Provider exports know API keys, projects, workspaces and billing tags; finance
//! workbooks know a workload code. An [`AttributionRule`] maps one such identifier
//! to a service code. [`RuleSet::attribute`] is a pure function from a line's
//! identifiers to at most one service code, and says which rule decided.
//!
//! When several rules could apply, the most specific identifier wins, in this
//! order: API key id, API key name, OpenAI project, Anthropic workspace, billing
//! tag, workload code. Within one kind, a rule restricted to the line's provider
//! wins over a rule for any provider. Patterns compare without regard to case or
//! surrounding space. A line no rule matches is *unattributed*.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::provider::Provider;

/// What kind of identifier a rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A provider API key id (`key_…`, `apikey_01…`).
    ApiKeyId,
    /// An API key's name as shown in the console (`fin-reconciler`).
    ApiKeyName,
    /// An OpenAI project id or name (`proj_…`).
    OpenaiProject,
    /// An Anthropic workspace id or name (`wrkspc_…`, `Finance`).
    AnthropicWorkspace,
    /// A billing tag `key=value` (FOCUS, Azure, AWS, GCP, LiteLLM).
    Tag,
    /// The workload or service code column of a finance workbook (`WL-RECON`).
    WorkloadCode,
}

impl RuleKind {
    /// Every kind, most specific first (the order in which rules are tried).
    pub const PRECEDENCE: [RuleKind; 6] = [
        RuleKind::ApiKeyId,
        RuleKind::ApiKeyName,
        RuleKind::OpenaiProject,
        RuleKind::AnthropicWorkspace,
        RuleKind::Tag,
        RuleKind::WorkloadCode,
    ];

    /// The stored identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::ApiKeyId => "api_key_id",
            RuleKind::ApiKeyName => "api_key_name",
            RuleKind::OpenaiProject => "openai_project",
            RuleKind::AnthropicWorkspace => "anthropic_workspace",
            RuleKind::Tag => "tag",
            RuleKind::WorkloadCode => "workload_code",
        }
    }

    /// Reads `api_key_id`, `api-key-id`, `key-id`, `project`, `workspace`, …
    pub fn parse(text: &str) -> Option<RuleKind> {
        match text.trim().to_lowercase().replace('-', "_").as_str() {
            "api_key_id" | "key_id" | "apikey_id" => Some(RuleKind::ApiKeyId),
            "api_key_name" | "key_name" | "api_key" => Some(RuleKind::ApiKeyName),
            "openai_project" | "project" | "project_id" => Some(RuleKind::OpenaiProject),
            "anthropic_workspace" | "workspace" | "workspace_id" => {
                Some(RuleKind::AnthropicWorkspace)
            }
            "tag" | "label" => Some(RuleKind::Tag),
            "workload_code" | "workload" | "finance_code" => Some(RuleKind::WorkloadCode),
            _ => None,
        }
    }

    /// What the identifier is called, for messages.
    pub fn label(self) -> &'static str {
        match self {
            RuleKind::ApiKeyId => "API key id",
            RuleKind::ApiKeyName => "API key name",
            RuleKind::OpenaiProject => "OpenAI project",
            RuleKind::AnthropicWorkspace => "Anthropic workspace",
            RuleKind::Tag => "billing tag",
            RuleKind::WorkloadCode => "workload code",
        }
    }
}

/// A stored rule: lines whose identifier of `kind` equals `pattern` belong to
/// `service_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttributionRule {
    /// Stable id.
    pub id: i64,
    /// What it matches.
    pub kind: RuleKind,
    /// Only lines from this provider, or any provider when `None`.
    pub provider: Option<Provider>,
    /// The identifier (for tags, `key=value`).
    pub pattern: String,
    /// Where matching lines go.
    pub service_code: String,
    /// When the rule was made.
    pub created_at: String,
}

/// Checks and normalises a rule's pattern for its kind.
pub fn normalise_pattern(kind: RuleKind, pattern: &str) -> Result<String, String> {
    let trimmed = pattern.trim();
    if trimmed.is_empty() {
        return Err(format!("The {} to map cannot be empty", kind.label()));
    }
    if trimmed.chars().count() > 200 {
        return Err(format!(
            "The {} to map is longer than 200 characters",
            kind.label()
        ));
    }
    if kind == RuleKind::Tag {
        match trimmed.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                return Ok(format!("{}={}", k.trim(), v.trim()));
            }
            _ => {
                return Err(format!(
                    "A billing tag rule is written key=value (for example costcenter=CC-4410), not '{trimmed}'"
                ));
            }
        }
    }
    Ok(trimmed.to_string())
}

/// The identifiers one line of spend carries. Absent identifiers are `None`.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineIdentity<'a> {
    /// The provider the line came from.
    pub provider: Option<Provider>,
    /// API key id.
    pub api_key_id: Option<&'a str>,
    /// API key name.
    pub api_key_name: Option<&'a str>,
    /// OpenAI project id.
    pub project_id: Option<&'a str>,
    /// OpenAI project name.
    pub project_name: Option<&'a str>,
    /// Anthropic workspace id.
    pub workspace_id: Option<&'a str>,
    /// Anthropic workspace name.
    pub workspace_name: Option<&'a str>,
    /// Billing tags as `(key, value)` pairs.
    pub tags: &'a [(String, String)],
    /// Finance workbook workload code.
    pub workload_code: Option<&'a str>,
}

/// The outcome of attributing one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attribution {
    /// The service code the line belongs to.
    pub service_code: String,
    /// The rule that decided; `None` when finance's workload code is itself
    /// a service code in the register.
    pub rule_id: Option<i64>,
    /// The kind of identifier that matched.
    pub kind: RuleKind,
}

#[derive(Debug, Clone)]
struct Candidate {
    provider: Option<Provider>,
    rule_id: i64,
    service_code: String,
}

/// Rules indexed for fast matching of many lines.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    index: HashMap<(RuleKind, String), Vec<Candidate>>,
    /// Active service codes: a workload code that is one of them needs no rule.
    codes: std::collections::HashSet<String>,
}

fn key(value: &str) -> String {
    value.trim().to_lowercase()
}

impl RuleSet {
    /// Indexes `rules`.
    pub fn new(rules: &[AttributionRule]) -> RuleSet {
        let mut index: HashMap<(RuleKind, String), Vec<Candidate>> = HashMap::new();
        for rule in rules {
            let pattern = match rule.kind {
                RuleKind::Tag => match rule.pattern.split_once('=') {
                    Some((k, v)) => format!("{}={}", key(k), key(v)),
                    None => continue,
                },
                _ => key(&rule.pattern),
            };
            index
                .entry((rule.kind, pattern))
                .or_default()
                .push(Candidate {
                    provider: rule.provider,
                    rule_id: rule.id,
                    service_code: rule.service_code.clone(),
                });
        }
        // A provider-specific rule is tried before an any-provider rule.
        for candidates in index.values_mut() {
            candidates.sort_by_key(|c| (c.provider.is_none(), c.rule_id));
        }
        RuleSet {
            index,
            codes: Default::default(),
        }
    }

    /// Also attributes a line whose workload code is an active service code
    /// (finance writing the register's codes), when no rule claims the line.
    pub fn with_codes<'c>(mut self, codes: impl IntoIterator<Item = &'c str>) -> RuleSet {
        self.codes = codes.into_iter().map(key).collect();
        self
    }

    /// Whether there are no rules and no codes to match.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty() && self.codes.is_empty()
    }

    /// The service code for a line, or `None` when no rule matches and its
    /// workload code is not a service code.
    pub fn attribute(&self, line: &LineIdentity<'_>) -> Option<Attribution> {
        if self.is_empty() {
            return None;
        }
        for kind in RuleKind::PRECEDENCE {
            let values: Vec<String> = match kind {
                RuleKind::ApiKeyId => line.api_key_id.map(key).into_iter().collect(),
                RuleKind::ApiKeyName => line.api_key_name.map(key).into_iter().collect(),
                RuleKind::OpenaiProject => [line.project_id, line.project_name]
                    .into_iter()
                    .flatten()
                    .map(key)
                    .collect(),
                RuleKind::AnthropicWorkspace => [line.workspace_id, line.workspace_name]
                    .into_iter()
                    .flatten()
                    .map(key)
                    .collect(),
                RuleKind::Tag => line
                    .tags
                    .iter()
                    .map(|(k, v)| format!("{}={}", key(k), key(v)))
                    .collect(),
                RuleKind::WorkloadCode => line.workload_code.map(key).into_iter().collect(),
            };
            for value in values.iter().filter(|v| !v.is_empty()) {
                let Some(candidates) = self.index.get(&(kind, value.clone())) else {
                    continue;
                };
                let chosen = candidates
                    .iter()
                    .find(|c| c.provider.is_none() || c.provider == line.provider);
                if let Some(c) = chosen {
                    return Some(Attribution {
                        service_code: c.service_code.clone(),
                        rule_id: Some(c.rule_id),
                        kind,
                    });
                }
            }
        }
        line.workload_code
            .map(key)
            .filter(|code| self.codes.contains(code))
            .map(|code| Attribution {
                service_code: code,
                rule_id: None,
                kind: RuleKind::WorkloadCode,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        id: i64,
        kind: RuleKind,
        provider: Option<Provider>,
        pattern: &str,
        code: &str,
    ) -> AttributionRule {
        AttributionRule {
            id,
            kind,
            provider,
            pattern: pattern.into(),
            service_code: code.into(),
            created_at: "2026-11-22T09:00:00Z".into(),
        }
    }

    #[test]
    fn most_specific_identifier_wins() {
        let rules = RuleSet::new(&[
            rule(
                1,
                RuleKind::OpenaiProject,
                None,
                "proj_Fin4nce01",
                "fin-ap-query-prod",
            ),
            rule(2, RuleKind::ApiKeyId, None, "key_Zz9yy8", "fin-recon-prod"),
            rule(
                3,
                RuleKind::Tag,
                None,
                "costcenter=CC-4410",
                "fin-shared-prod",
            ),
        ]);
        let tags = vec![("CostCenter".to_string(), "cc-4410".to_string())];
        let line = LineIdentity {
            provider: Some(Provider::OpenAi),
            api_key_id: Some("key_Zz9yy8"),
            project_id: Some("proj_Fin4nce01"),
            tags: &tags,
            ..Default::default()
        };
        let hit = rules.attribute(&line).unwrap();
        assert_eq!(
            hit.service_code, "fin-recon-prod",
            "the key id is more specific than the project"
        );
        assert_eq!(hit.kind, RuleKind::ApiKeyId);

        let other_key = LineIdentity {
            api_key_id: Some("key_other"),
            ..line
        };
        assert_eq!(
            rules.attribute(&other_key).unwrap().service_code,
            "fin-ap-query-prod"
        );

        let tag_only = LineIdentity {
            tags: &tags,
            ..Default::default()
        };
        let hit = rules.attribute(&tag_only).unwrap();
        assert_eq!(
            hit.service_code, "fin-shared-prod",
            "tags compare without case"
        );
        assert_eq!(hit.rule_id, Some(3));
    }

    #[test]
    fn provider_specific_rules_win_and_other_providers_do_not_match() {
        let rules = RuleSet::new(&[
            rule(
                1,
                RuleKind::ApiKeyName,
                None,
                "reconciler",
                "fin-recon-prod",
            ),
            rule(
                2,
                RuleKind::ApiKeyName,
                Some(Provider::Anthropic),
                "reconciler",
                "fin-recon-claude-prod",
            ),
            rule(
                3,
                RuleKind::AnthropicWorkspace,
                Some(Provider::Anthropic),
                "Finance",
                "fin-ws-prod",
            ),
        ]);
        let anthropic = LineIdentity {
            provider: Some(Provider::Anthropic),
            api_key_name: Some(" Reconciler "),
            ..Default::default()
        };
        assert_eq!(
            rules.attribute(&anthropic).unwrap().service_code,
            "fin-recon-claude-prod"
        );
        let openai = LineIdentity {
            provider: Some(Provider::OpenAi),
            ..anthropic
        };
        assert_eq!(
            rules.attribute(&openai).unwrap().service_code,
            "fin-recon-prod"
        );
        let ws_openai = LineIdentity {
            provider: Some(Provider::OpenAi),
            workspace_name: Some("finance"),
            ..Default::default()
        };
        assert_eq!(
            rules.attribute(&ws_openai),
            None,
            "an Anthropic-only rule skips OpenAI lines"
        );
    }

    #[test]
    fn unmatched_lines_are_unattributed() {
        let rules = RuleSet::new(&[rule(
            1,
            RuleKind::WorkloadCode,
            None,
            "WL-RECON",
            "fin-recon-prod",
        )]);
        assert_eq!(rules.attribute(&LineIdentity::default()), None);
        let line = LineIdentity {
            workload_code: Some("wl-recon"),
            ..Default::default()
        };
        assert_eq!(
            rules.attribute(&line).unwrap().service_code,
            "fin-recon-prod"
        );
    }

    #[test]
    fn tag_patterns_must_be_key_value() {
        assert_eq!(
            normalise_pattern(RuleKind::Tag, " env = prod ").unwrap(),
            "env=prod"
        );
        assert!(
            normalise_pattern(RuleKind::Tag, "prod")
                .unwrap_err()
                .contains("key=value")
        );
        assert!(normalise_pattern(RuleKind::ApiKeyId, "  ").is_err());
    }
}
