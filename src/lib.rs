//! Runrate's engine: everything the CLI and the desktop app do.
//!
//! - [`api`]: the one surface both shells call ([`api::Engine`]).
//! - [`model`]: the domain types and their rules, as pure functions.
//! - [`money`]: exact amounts and the one rounding rule.
//! - [`store`]: the SQLite ledger.
//! - [`sheet`]: reading spreadsheets and delimited text safely.
//! - [`audit`]: the hash-chained audit log.
//! - [`chart`]: the charts, as SVG.
//! - [`clock`]: time, passed in.
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod audit;
pub mod chart;
pub mod clock;
pub mod error;
pub mod import;
pub mod keystore;
pub mod model;
pub mod money;
pub mod pack;
pub mod register;
pub mod sheet;
pub mod signing;
pub mod store;
pub mod xlsx_out;

pub use api::Engine;
pub use error::{Code, Error, Result};
