//! The registry: every check, in id order. A check is registered by one line in its service's list.

use crate::check::Check;
use crate::checks;

/// Every registered check, sorted by id.
pub fn all() -> Vec<&'static dyn Check> {
    let mut checks: Vec<&'static dyn Check> =
        [checks::ec2::CHECKS, checks::iam::CHECKS, checks::s3::CHECKS].concat();
    checks.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
    checks
}

pub fn find(id: &str) -> Option<&'static dyn Check> {
    all().into_iter().find(|check| check.meta().id == id)
}
