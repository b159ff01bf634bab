//! Security Hub checks.

pub mod hub_enabled;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&hub_enabled::HubEnabled];
