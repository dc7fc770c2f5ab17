//! Engine and CLI integration tests: real databases in temporary folders, real
//! files, the real `runrate` binary.

mod backups;
mod bindings;
mod cli;
mod codes;
mod common;
mod crash;
mod formats;
mod hostile;
mod imports;
mod ledger;
mod organisation;
mod packs;
mod planning;
mod pricing;
mod properties;
mod value;
