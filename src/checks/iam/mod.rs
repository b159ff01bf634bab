//! IAM and account checks.

pub mod root_mfa_enabled;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&root_mfa_enabled::RootMfaEnabled];
