//! AWS Config checks.

pub mod recorder_all_resources;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&recorder_all_resources::RecorderAllResources];
