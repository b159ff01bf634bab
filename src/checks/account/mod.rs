//! Account Management checks: settings of the account itself rather than of a service in it.

pub mod security_contact_registered;

use crate::check::Check;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&security_contact_registered::SecurityContactRegistered];
