//! Amazon Inspector checks: one scan type each, judged per audited region by one evaluator.

crate::service_checks! {
    ec2_scanning_enabled::Ec2ScanningEnabled,
    ecr_scanning_enabled::EcrScanningEnabled,
    lambda_code_scanning_enabled::LambdaCodeScanningEnabled,
    lambda_standard_scanning_enabled::LambdaStandardScanningEnabled,
}

use crate::catalog::CheckMeta;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::services::InspectorScanning;

/// One finding per audited region: PASS when the scan type (`label`) is `ENABLED` there.
/// `ENABLING` is not yet scanning, so it fails like `DISABLED` or `SUSPENDED` do.
pub fn scanning_enabled(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    label: &str,
    status: impl Fn(&InspectorScanning) -> &String,
) -> Vec<Finding> {
    per_region(
        inventory,
        meta,
        |region| &region.services.inspector,
        |region, scanning| {
            let status = status(scanning);
            let shown = if status.is_empty() {
                "not reported"
            } else {
                status
            };
            Verdict::holds(
                status == "ENABLED",
                format!("in {region}, Inspector {label} scanning is {shown}"),
            )
        },
    )
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::InspectorScanning;

    /// Pins a scan-type check: ENABLED passes, ENABLING and DISABLED fail (the message names the
    /// status), and an unread status is an ERROR naming the call.
    pub fn assert_scan_type(check: &dyn Check, set: fn(&mut InspectorScanning, &str)) {
        let region = format!("{ACCOUNT}/{REGION}");
        for (status, expected) in [
            ("ENABLED", Status::Pass),
            ("ENABLING", Status::Fail),
            ("DISABLED", Status::Fail),
        ] {
            let mut scanning = InspectorScanning::default();
            set(&mut scanning, status);
            let inventory = regional(|r| r.services.inspector = Collected::Ok(scanning));
            let findings = check.evaluate(&inventory, &Settings::default());
            assert_eq!(
                verdicts(&findings),
                vec![(region.clone(), expected)],
                "{status}"
            );
            assert!(
                findings[0].message.contains(status),
                "{}",
                findings[0].message
            );
        }
        let inventory =
            regional(|r| r.services.inspector = failed("inspector2:BatchGetAccountStatus"));
        let findings = check.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(region, Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("inspector2:BatchGetAccountStatus")
        );
    }
}
