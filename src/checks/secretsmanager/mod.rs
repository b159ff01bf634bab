//! Secrets Manager checks.

pub mod secret_rotation_enabled;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&secret_rotation_enabled::SecretRotationEnabled];
