//! `ec2.ebs_snapshot_not_public`: no EBS snapshot this account owns can be restored by anyone.
//!
//! Whether a snapshot is public comes from a separate per-snapshot attribute call; when that call
//! failed, the snapshot is an ERROR rather than a PASS.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::Finding;
use crate::finding::Verdict;
use crate::inventory::{Inventory, Source};

pub struct EbsSnapshotNotPublic;

impl Check for EbsSnapshotNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/ebs_snapshot_not_public")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2Snapshots]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |regional| &regional.ec2.snapshots,
            |_, snapshot| {
                let id = &snapshot.id;
                Some(match snapshot.public.get() {
                    Err(gap) => Verdict::Unknown(gap),
                    Ok(true) => Verdict::Fail(format!(
                        "{id} is public: its createVolumePermission grants the group all, so any \
                         AWS account can create a volume from it"
                    )),
                    Ok(false) => Verdict::Pass(format!(
                        "{id} is not public: its createVolumePermission does not include the group all"
                    )),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_region_error, run, snapshot};
    use crate::checks::fixtures::{failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn judges_each_snapshot_by_its_own_permission_attribute() {
        let findings = run(&EbsSnapshotNotPublic, |ec2| {
            ec2.snapshots = Collected::Ok(vec![
                snapshot("snap-private", Collected::Ok(false)),
                snapshot("snap-public", Collected::Ok(true)),
                snapshot("snap-unknown", failed("ec2:DescribeSnapshotAttribute")),
            ])
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("snap-private".to_string(), Status::Pass),
                ("snap-public".to_string(), Status::Fail),
                ("snap-unknown".to_string(), Status::Error),
            ]
        );
        assert!(findings[1].message.starts_with("snap-public is public"));
        assert!(
            findings[2]
                .message
                .starts_with("ec2:DescribeSnapshotAttribute failed")
        );
        assert_eq!(
            findings[1].resource.arn.as_deref(),
            Some("arn:aws:ec2:us-east-1::snapshot/snap-public")
        );
    }

    #[test]
    fn errors_when_snapshots_were_not_collected() {
        assert_region_error(&EbsSnapshotNotPublic, |ec2| {
            ec2.snapshots = failed("ec2:DescribeSnapshots")
        });
    }
}
