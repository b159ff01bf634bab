//! S3 checks, and the Block Public Access arithmetic they share.

pub mod bucket_no_public_acl;

use crate::check::Check;
use crate::finding::Resource;
use crate::inventory::s3::{Bucket, PublicAccessBlock};
use crate::inventory::{Collected, Gap, Inventory};

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&bucket_no_public_acl::BucketNoPublicAcl];

/// A Block Public Access setting in force for a bucket: on at the bucket or at the account (S3
/// applies the most restrictive combination). A setting known to be on at either level decides
/// the answer even when the other level could not be read; otherwise the gap is returned.
pub fn effective_setting(
    inventory: &Inventory,
    bucket: &Bucket,
    setting: impl Fn(&PublicAccessBlock) -> bool,
) -> Result<bool, Gap> {
    let level = |collected: &Collected<Option<PublicAccessBlock>>| -> Result<bool, Gap> {
        collected
            .get()
            .map(|block| block.as_ref().is_some_and(&setting))
    };
    match (
        level(&bucket.public_access_block),
        level(&inventory.s3.account_public_access_block),
    ) {
        (Ok(true), _) | (_, Ok(true)) => Ok(true),
        (Ok(false), Ok(false)) => Ok(false),
        (Err(gap), _) | (_, Err(gap)) => Err(gap),
    }
}

pub fn bucket_resource(bucket: &Bucket) -> Resource {
    Resource::new(
        "AwsS3Bucket",
        bucket.name.clone(),
        Some(bucket.arn.clone()),
        &bucket.region,
    )
    .with_tags(&bucket.tags())
}

#[cfg(test)]
pub mod fixtures {
    use crate::inventory::Collected;
    use crate::inventory::s3::{Bucket, PublicAccessBlock, Versioning};

    pub const ALL_OFF: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: false,
        ignore_public_acls: false,
        block_public_policy: false,
        restrict_public_buckets: false,
    };

    pub const ALL_ON: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };

    /// A bucket with nothing configured: no Block Public Access, no ACL grants, no policy.
    pub fn bucket(name: &str) -> Bucket {
        Bucket {
            name: name.into(),
            arn: format!("arn:aws:s3:::{name}"),
            region: "us-east-1".into(),
            public_access_block: Collected::Ok(None),
            acl: Collected::Ok(vec![]),
            policy: Collected::Ok(None),
            policy_is_public: Collected::NotCollected,
            object_ownership: Collected::Ok(None),
            encryption: Collected::Ok(vec![]),
            versioning: Collected::Ok(Versioning::default()),
            logging_target: Collected::Ok(None),
            tags: Collected::Ok(Default::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{ALL_OFF, ALL_ON, bucket};
    use super::*;
    use crate::checks::fixtures::{failed, inventory};

    #[test]
    fn a_setting_on_at_either_level_is_in_force() {
        let mut inventory = inventory();
        let mut b = bucket("b");
        inventory.s3.account_public_access_block = Collected::Ok(Some(ALL_ON));
        b.public_access_block = Collected::Ok(Some(ALL_OFF));
        assert_eq!(
            effective_setting(&inventory, &b, |p| p.ignore_public_acls),
            Ok(true)
        );
        inventory.s3.account_public_access_block = Collected::Ok(None);
        assert_eq!(
            effective_setting(&inventory, &b, |p| p.ignore_public_acls),
            Ok(false)
        );
        b.public_access_block = Collected::Ok(Some(ALL_ON));
        assert_eq!(
            effective_setting(&inventory, &b, |p| p.ignore_public_acls),
            Ok(true)
        );
    }

    #[test]
    fn an_unread_level_decides_nothing_unless_the_other_is_on() {
        let mut inventory = inventory();
        let mut b = bucket("b");
        inventory.s3.account_public_access_block = failed("s3control:GetPublicAccessBlock");
        b.public_access_block = Collected::Ok(Some(ALL_OFF));
        let gap =
            effective_setting(&inventory, &b, |p| p.restrict_public_buckets).expect_err("unknown");
        assert_eq!(gap.call, "s3control:GetPublicAccessBlock");
        b.public_access_block = Collected::Ok(Some(ALL_ON));
        assert_eq!(
            effective_setting(&inventory, &b, |p| p.restrict_public_buckets),
            Ok(true)
        );
    }
}
