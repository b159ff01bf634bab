//! `ec2.ebs_volume_encrypted`: every EBS volume is encrypted at rest.
//!
//! Every volume counts, attached or not: a detached volume still holds its data and can be
//! attached to any instance. (Security Hub's EC2.3 looks only at attached volumes.)

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::Finding;
use crate::finding::Verdict;
use crate::inventory::{Inventory, Source};

pub struct EbsVolumeEncrypted;

impl Check for EbsVolumeEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/ebs_volume_encrypted")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2Volumes]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |regional| &regional.ec2.volumes,
            |_, volume| {
                let not = if volume.encrypted { "" } else { "not " };
                Some(Verdict::holds(
                    volume.encrypted,
                    format!("{} ({}) is {not}encrypted at rest", volume.id, volume.state),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_region_error, run, volume};
    use crate::checks::fixtures::{failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::ec2::Volume;

    #[test]
    fn passes_encrypted_volumes_and_fails_plain_ones_attached_or_not() {
        let findings = run(&EbsVolumeEncrypted, |ec2| {
            ec2.volumes = Collected::Ok(vec![
                volume("vol-enc", true),
                volume("vol-plain", false),
                Volume {
                    state: "available".into(),
                    ..volume("vol-spare", false)
                },
            ])
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("vol-enc".to_string(), Status::Pass),
                ("vol-plain".to_string(), Status::Fail),
                ("vol-spare".to_string(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[2].message,
            "vol-spare (available) is not encrypted at rest"
        );
        assert_eq!(findings[0].resource.kind, "AwsEc2Volume");
        assert_eq!(
            findings[0].resource.arn.as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:volume/vol-enc")
        );
    }

    #[test]
    fn errors_when_volumes_were_not_collected() {
        assert_region_error(&EbsVolumeEncrypted, |ec2| {
            ec2.volumes = failed("ec2:DescribeVolumes")
        });
    }
}
