//! Departments, their aliases, and cost centres.
//!
//! Finance calls a department `Marketing`, a gateway tags it `mktg` and a
//! workbook writes `MKT`. Each department has one name and any number of aliases;
//! [`normalise_label`] is how both are compared.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A department with its aliases and cost centres.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Department {
    /// Stable id.
    pub id: i64,
    /// The department's name.
    pub name: String,
    /// Other spellings that resolve to it.
    pub aliases: Vec<String>,
    /// Cost centres that belong to it.
    pub cost_centres: Vec<CostCentre>,
    /// Number of active service codes it owns.
    pub active_codes: i64,
}

/// A cost centre: the finance ledger's code for where a cost lands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CostCentre {
    /// The code, e.g. `CC-4410`.
    pub code: String,
    /// Its name, e.g. `Finance Ops`.
    pub name: String,
    /// The department it belongs to, if known.
    pub department: Option<String>,
}

/// Trims and collapses inner whitespace: `"  Finance   Ops "` → `"Finance Ops"`.
/// Comparison is case-insensitive in the store.
pub fn normalise_label(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks a department name or alias; `None` when acceptable.
pub fn check_label(text: &str, what: &str) -> Option<String> {
    let label = normalise_label(text);
    if label.is_empty() {
        Some(format!("A {what} cannot be empty"))
    } else if label.chars().count() > 80 {
        Some(format!("A {what} is at most 80 characters"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_normalised() {
        assert_eq!(normalise_label("  Finance   Ops "), "Finance Ops");
        assert_eq!(
            check_label("   ", "department name").unwrap(),
            "A department name cannot be empty"
        );
        assert!(check_label("Marketing", "alias").is_none());
    }
}
