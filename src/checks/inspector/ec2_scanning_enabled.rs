//! `inspector.ec2_scanning_enabled`: Amazon Inspector scans EC2 instances in every audited region.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::inspector::scanning_enabled;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct Ec2ScanningEnabled;

impl Check for Ec2ScanningEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("inspector/ec2_scanning_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        scanning_enabled(inventory, self.meta(), "EC2", |scanning| &scanning.ec2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::inspector::fixtures::assert_scan_type;

    #[test]
    fn passes_when_enabled_fails_otherwise_and_errors_when_unread() {
        assert_scan_type(&Ec2ScanningEnabled, |scanning, status| {
            scanning.ec2 = status.into()
        });
    }
}
