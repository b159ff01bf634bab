//! `inspector.ecr_scanning_enabled`: Amazon Inspector scans container images in ECR in every audited region.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::inspector::scanning_enabled;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct EcrScanningEnabled;

impl Check for EcrScanningEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("inspector/ecr_scanning_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        scanning_enabled(inventory, self.meta(), "ECR", |scanning| &scanning.ecr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::inspector::fixtures::assert_scan_type;

    #[test]
    fn passes_when_enabled_fails_otherwise_and_errors_when_unread() {
        assert_scan_type(&EcrScanningEnabled, |scanning, status| {
            scanning.ecr = status.into()
        });
    }
}
