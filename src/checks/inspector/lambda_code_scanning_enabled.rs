//! `inspector.lambda_code_scanning_enabled`: Amazon Inspector scans Lambda function code in every audited region.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::inspector::scanning_enabled;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct LambdaCodeScanningEnabled;

impl Check for LambdaCodeScanningEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("inspector/lambda_code_scanning_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        scanning_enabled(inventory, self.meta(), "Lambda code", |scanning| {
            &scanning.lambda_code
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::inspector::fixtures::assert_scan_type;

    #[test]
    fn passes_when_enabled_fails_otherwise_and_errors_when_unread() {
        assert_scan_type(&LambdaCodeScanningEnabled, |scanning, status| {
            scanning.lambda_code = status.into()
        });
    }
}
