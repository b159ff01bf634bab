//! DynamoDB checks.

pub mod table_pitr_enabled;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&table_pitr_enabled::TablePitrEnabled];
