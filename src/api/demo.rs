//! The demo dataset offered on first run, so a new user sees a populated app
//! before importing their own files.

use std::io::Write;

use serde::Serialize;
use ts_rs::TS;

use super::Engine;
use super::codes::CodeFilter;
use super::rules::RuleInput;
use crate::error::{Error, Result};

/// The demo service-code register (`assets/demo/service-codes.csv`).
const DEMO_REGISTER: &str = include_str!("../../assets/demo/service-codes.csv");

/// Departments with the other spellings finance and providers use for them.
const DEMO_DEPARTMENTS: &[(&str, &[&str])] = &[
    ("Customer Service", &["CS", "Cust Svc", "Customer Services"]),
    ("Finance", &["FIN", "Finance & Accounting"]),
    ("Marketing", &["mktg", "MKT"]),
    ("Operations", &["Ops"]),
    ("People", &["HR", "Human Resources"]),
];

/// Provider identifiers mapped to demo codes: (kind, pattern, code, provider).
const DEMO_RULES: &[(&str, &str, &str, &str)] = &[
    (
        "api_key_name",
        "cs-summary-prod",
        "cs-case-summary-prod",
        "openai",
    ),
    (
        "anthropic_workspace",
        "wrkspc_cs_reply",
        "cs-reply-draft-pilot",
        "anthropic",
    ),
    (
        "openai_project",
        "proj_fin_ap_7Qx",
        "fin-ap-query-prod",
        "openai",
    ),
    ("tag", "workload=fin-close", "fin-close-notes-explore", ""),
    ("workload_code", "MKT-COPY", "mkt-copy-variants-pilot", ""),
    ("api_key_id", "key_ops_lab_01", "ops-ai-lab-2026", ""),
];

/// What loading the demo added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DemoLoaded {
    /// Departments added.
    pub departments: usize,
    /// Service codes added.
    pub service_codes: usize,
    /// Attribution rules added.
    pub rules: usize,
}

impl Engine {
    /// Whether the database is empty enough to offer the demo (no service codes yet).
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self
            .list_service_codes(CodeFilter::default())
            .await?
            .is_empty())
    }

    /// Loads the demo departments, service codes and rules into an empty database.
    pub async fn load_demo(&self) -> Result<DemoLoaded> {
        if !self.is_empty().await? || !self.list_departments().await?.is_empty() {
            return Err(Error::conflict(
                "The demo can only be loaded into an empty database; this one already has data",
            ));
        }
        for (name, aliases) in DEMO_DEPARTMENTS {
            let aliases: Vec<String> = aliases.iter().map(|a| a.to_string()).collect();
            self.add_department(name, &aliases).await?;
        }
        let mut file = tempfile::Builder::new()
            .prefix("runrate-demo-")
            .suffix(".csv")
            .tempfile()?;
        file.write_all(DEMO_REGISTER.as_bytes())?;
        file.flush()?;
        let imported = self.import_register(file.path(), false).await?;
        if !imported.committed {
            return Err(Error::internal("the demo register did not import")
                .with_detail(format!("{:?}", imported.rejected)));
        }
        for (kind, pattern, code, provider) in DEMO_RULES {
            self.add_rule(RuleInput {
                kind: kind.to_string(),
                pattern: pattern.to_string(),
                service_code: code.to_string(),
                provider: provider.to_string(),
            })
            .await?;
        }
        Ok(DemoLoaded {
            departments: DEMO_DEPARTMENTS.len(),
            service_codes: imported.created.len(),
            rules: DEMO_RULES.len(),
        })
    }
}
