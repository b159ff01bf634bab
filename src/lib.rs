//! `posture` audits an AWS account's security posture and maps every finding to its owner under the
//! AWS shared responsibility model.
//!
//! The modules follow the pipeline and import only down it (`tests/it/architecture.rs` holds them
//! to that): [`collect`] (the only code that calls AWS) fills an [`inventory::Inventory`]; [`checks`]
//! are pure functions over it, described by [`catalog`] metadata and listed in [`registry`]; they
//! yield [`finding::Finding`]s that [`mutelist`] may suppress, gathered into a [`report::Report`]
//! that [`output`] renders. [`app`] ties them together.

pub mod accounts;
pub mod app;
pub mod baseline;
pub mod catalog;
pub mod check;
pub mod checks;
pub mod cli;
pub mod collect;
pub mod compliance;
pub mod filter_pattern;
pub mod finding;
#[cfg(test)]
mod hostile_input;
pub mod inventory;
pub mod learn;
pub mod merge;
pub mod mutelist;
pub mod network;
pub mod output;
pub mod policy;
pub mod registry;
pub mod report;
pub mod responsibility;
