//! `ec2.ebs_encryption_by_default`: EBS encryption by default is on in every audited region.
//!
//! The setting is per account and per region, so the finding is about the region.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct EbsEncryptionByDefault;

impl Check for EbsEncryptionByDefault {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/ebs_encryption_by_default")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2EbsEncryptionByDefault]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_region(
            inventory,
            meta,
            |regional| &regional.ec2.ebs_encryption_by_default,
            |region, enabled| {
                let state = if *enabled { "on" } else { "off" };
                Verdict::holds(
                    *enabled,
                    format!("EBS encryption by default is {state} in {region}"),
                )
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_region_error, run};
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn passes_when_on_and_fails_when_off() {
        for (enabled, status) in [(true, Status::Pass), (false, Status::Fail)] {
            let findings = run(&EbsEncryptionByDefault, |ec2| {
                ec2.ebs_encryption_by_default = Collected::Ok(enabled)
            });
            assert_eq!(
                verdicts(&findings),
                vec![(format!("{ACCOUNT}/{REGION}"), status)]
            );
        }
        let off = run(&EbsEncryptionByDefault, |ec2| {
            ec2.ebs_encryption_by_default = Collected::Ok(false)
        });
        assert_eq!(
            off[0].message,
            "EBS encryption by default is off in us-east-1"
        );
        assert_eq!(off[0].resource.kind, "AwsRegion");
    }

    #[test]
    fn errors_when_the_setting_was_not_collected() {
        assert_region_error(&EbsEncryptionByDefault, |ec2| {
            ec2.ebs_encryption_by_default = failed("ec2:GetEbsEncryptionByDefault")
        });
    }
}
