//! Shared set-up: a fresh engine over a temporary database with a fixed clock.

use std::path::PathBuf;
use std::sync::Arc;

use runrate::api::Engine;
use runrate::clock::FixedClock;
use runrate::model::service_code::ServiceCodeInput;

/// A temporary folder holding one database; dropped with the test.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub engine: Engine,
}

impl Fixture {
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("runrate.db")
    }
}

pub const NOW: &str = "2026-11-22T09:30:00Z";

pub async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Arc::new(FixedClock::at(NOW).expect("fixed clock"));
    let engine = Engine::open(&dir.path().join("runrate.db"), clock)
        .await
        .expect("open a new database");
    Fixture { dir, engine }
}

/// A production code that satisfies every stage rule.
pub fn production_code(code: &str) -> ServiceCodeInput {
    ServiceCodeInput {
        code: code.to_string(),
        description: "Answers accounts-payable invoice queries".to_string(),
        department: "Finance".to_string(),
        business_owner: "Ana Silva".to_string(),
        technical_owner: "Raj Patel".to_string(),
        cost_centre: "CC-4410".to_string(),
        environment: "production".to_string(),
        stage: "production".to_string(),
        model_tier: "standard".to_string(),
        allowed_providers: vec!["openai".to_string(), "Anthropic".to_string()],
        data_classification: "internal".to_string(),
        currency: String::new(),
        budget_cap: "1,200.00".to_string(),
        expected_run_rate: "900".to_string(),
        forecast_benefit: "2500".to_string(),
        retention_rule: "30 days".to_string(),
        approval_reference: "CAB-2291".to_string(),
        review_date: "2027-03-31".to_string(),
    }
}

/// An exploration code: only the basics.
pub fn exploration_code(code: &str, department: &str) -> ServiceCodeInput {
    ServiceCodeInput {
        code: code.to_string(),
        description: "Trying summarisation on closed cases".to_string(),
        department: department.to_string(),
        environment: "sandbox".to_string(),
        stage: "exploration".to_string(),
        model_tier: "economy".to_string(),
        data_classification: "internal".to_string(),
        ..ServiceCodeInput::default()
    }
}
