//! EFS checks.

pub mod file_system_encrypted;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&file_system_encrypted::FileSystemEncrypted];
