//! GuardDuty checks.

pub mod detector_enabled;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&detector_enabled::DetectorEnabled];
