//! The domain: service codes, departments, providers, attribution rules,
//! prices, exchange rates and spend summaries.
//!
//! Everything here is plain data and pure functions; nothing reads files, the
//! database or the clock.

pub mod anomaly;
pub mod attribution;
pub mod budget;
pub mod department;
pub mod dispute;
pub mod forecast;
pub mod fx;
pub mod month;
pub mod price;
pub mod provider;
pub mod readiness;
pub mod reconcile;
pub mod review;
pub mod service_code;
pub mod spend;
pub mod split;
pub mod value;
