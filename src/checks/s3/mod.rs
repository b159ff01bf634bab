//! S3 checks, and the Block Public Access arithmetic they share.

crate::service_checks! {
    account_public_access_blocked::AccountPublicAccessBlocked,
    bucket_access_logging_enabled::BucketAccessLoggingEnabled,
    bucket_acls_disabled::BucketAclsDisabled,
    bucket_default_encryption_enabled::BucketDefaultEncryptionEnabled,
    bucket_default_encryption_kms::BucketDefaultEncryptionKms,
    bucket_mfa_delete_enabled::BucketMfaDeleteEnabled,
    bucket_no_public_acl::BucketNoPublicAcl,
    bucket_no_public_policy::BucketNoPublicPolicy,
    bucket_public_access_blocked::BucketPublicAccessBlocked,
    bucket_tls_only_policy::BucketTlsOnlyPolicy,
    bucket_versioning_enabled::BucketVersioningEnabled,
}

use serde_json::Value;

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::s3::{Bucket, PublicAccessBlock};
use crate::inventory::{Collected, Gap, Inventory};
use crate::policy::PolicyDocument;

/// The call whose answer a bucket policy is; a policy S3 returned but we cannot read is a gap in it.
const GET_BUCKET_POLICY: &str = "s3:GetBucketPolicy";

/// The bucket's policy, parsed: `None` when it has none. A policy that cannot be parsed is a gap
/// (an ERROR finding), never a PASS: we cannot tell what it grants.
pub fn bucket_policy(bucket: &Bucket) -> Result<Option<PolicyDocument>, Gap> {
    let Some(value) = bucket.policy.get()?.as_ref() else {
        return Ok(None);
    };
    let malformed = |reason: &str| {
        Gap::new(
            GET_BUCKET_POLICY,
            format!("malformed policy document: {reason}"),
        )
    };
    // S3 returns the policy as JSON text; a collector may have kept it as a string.
    let parsed_text;
    let value = match value {
        Value::String(text) => {
            parsed_text = serde_json::from_str::<Value>(text)
                .map_err(|error| malformed(&format!("not JSON ({error})")))?;
            &parsed_text
        }
        other => other,
    };
    PolicyDocument::parse(value).map(Some).map_err(|error| {
        let text = error.to_string();
        malformed(
            text.strip_prefix("policy document is malformed: ")
                .unwrap_or(&text),
        )
    })
}

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

/// Buckets are listed account-wide, but each lives in its own region.
impl Subject for Bucket {
    fn resource(&self, _account: &AccountInfo, _listed_in: &str) -> Resource {
        Resource::new(
            "AwsS3Bucket",
            self.name.clone(),
            Some(self.arn.clone()),
            &self.region,
        )
        .with_tags(&self.tags())
    }
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{inventory, verdicts};
    use crate::finding::{Finding, Status};
    use crate::inventory::Collected;
    use crate::inventory::s3::{Bucket, EncryptionRule, PublicAccessBlock, Versioning};

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
            location_unknown: None,
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

    /// A bucket whose default encryption is `algorithm` with `key`, or that has no rule at all.
    pub fn encrypted(name: &str, algorithm: Option<&str>, key: Option<&str>) -> Bucket {
        let mut b = bucket(name);
        b.encryption = Collected::Ok(
            algorithm
                .map(|algorithm| EncryptionRule {
                    algorithm: algorithm.into(),
                    kms_key_id: key.map(str::to_string),
                    bucket_key_enabled: false,
                })
                .into_iter()
                .collect(),
        );
        b
    }

    pub fn versioned(name: &str, status: Option<&str>, mfa_delete: Option<&str>) -> Bucket {
        let mut b = bucket(name);
        b.versioning = Collected::Ok(Versioning {
            status: status.map(str::to_string),
            mfa_delete: mfa_delete.map(str::to_string),
        });
        b
    }

    /// Runs `check` over an inventory holding exactly these buckets.
    pub fn run(check: &dyn Check, buckets: Vec<Bucket>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.buckets = Collected::Ok(buckets);
        check.evaluate(&inventory, &Settings::default())
    }

    /// Asserts that `check` gives one ERROR naming `call` on a bucket whose setting `mark_failed`
    /// records as failed by that call.
    pub fn assert_unread_setting_errors(
        check: &dyn Check,
        call: &str,
        mark_failed: impl FnOnce(&mut Bucket, &str),
    ) {
        let mut unread = bucket("unread");
        mark_failed(&mut unread, call);
        let findings = run(check, vec![unread]);
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(findings[0].message.contains(call));
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
    fn bucket_policies_parse_from_objects_or_text_and_malformed_ones_are_gaps() {
        let document = serde_json::json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}
        ]});
        let mut b = bucket("b");
        assert_eq!(bucket_policy(&b), Ok(None));
        b.policy = Collected::Ok(Some(document.clone()));
        let parsed = bucket_policy(&b).expect("parses").expect("has a policy");
        assert_eq!(parsed.statements.len(), 1);
        b.policy = Collected::Ok(Some(serde_json::Value::String(document.to_string())));
        assert_eq!(bucket_policy(&b), Ok(Some(parsed)));

        for bad in [
            serde_json::json!({"Version": "2012-10-17"}),
            serde_json::Value::String("{not json".into()),
        ] {
            b.policy = Collected::Ok(Some(bad));
            let gap = bucket_policy(&b).expect_err("malformed");
            assert_eq!(gap.call, "s3:GetBucketPolicy");
            assert!(
                gap.message.starts_with("malformed policy document: "),
                "{}",
                gap.message
            );
            assert!(!gap.message.contains("is malformed"), "{}", gap.message);
        }
        b.policy = failed("s3:GetBucketPolicy");
        assert_eq!(
            bucket_policy(&b).expect_err("unread").call,
            "s3:GetBucketPolicy"
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
