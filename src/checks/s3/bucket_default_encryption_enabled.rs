//! `s3.bucket_default_encryption_enabled`: the bucket has a default server-side encryption rule.

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::s3::bucket_default_encryption_kms::describe_algorithm;
use crate::checks::s3::{bucket_resource, bucket_setting, per_bucket};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct BucketDefaultEncryptionEnabled;

impl Check for BucketDefaultEncryptionEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_default_encryption_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_bucket(meta, inventory, |bucket| {
            let name = &bucket.name;
            bucket_setting(meta, bucket, &bucket.encryption, |rules| {
                let resource = bucket_resource(bucket);
                match rules.first() {
                    Some(rule) => Finding::pass(
                        meta,
                        resource,
                        format!(
                            "{name} encrypts new objects by default with {} ({})",
                            rule.algorithm,
                            describe_algorithm(&rule.algorithm)
                        ),
                    ),
                    // Real S3 always reports at least AES256 since January 2023; an empty rule
                    // set comes from emulators or older endpoints, and is still no encryption.
                    None => Finding::fail(
                        meta,
                        resource,
                        format!("{name} reports no default encryption rule"),
                    ),
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{failed, inventory, verdicts};
    use crate::checks::s3::fixtures::bucket;
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::s3::{Bucket, EncryptionRule};

    fn encrypted(name: &str, algorithm: Option<&str>) -> Bucket {
        let mut b = bucket(name);
        b.encryption = Collected::Ok(
            algorithm
                .map(|algorithm| EncryptionRule {
                    algorithm: algorithm.into(),
                    kms_key_id: None,
                    bucket_key_enabled: false,
                })
                .into_iter()
                .collect(),
        );
        b
    }

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.buckets = Collected::Ok(buckets);
        BucketDefaultEncryptionEnabled.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_with_any_default_encryption_including_sse_s3() {
        let findings = evaluate(vec![
            encrypted("sse-s3", Some("AES256")),
            encrypted("kms", Some("aws:kms")),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("sse-s3".into(), Status::Pass),
                ("kms".into(), Status::Pass)
            ]
        );
        assert_eq!(
            findings[0].message,
            "sse-s3 encrypts new objects by default with AES256 (SSE-S3, S3-managed keys)"
        );
    }

    #[test]
    fn fails_with_no_rule() {
        let findings = evaluate(vec![encrypted("none", None)]);
        assert_eq!(verdicts(&findings), vec![("none".into(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "none reports no default encryption rule"
        );
    }

    #[test]
    fn errors_when_encryption_was_not_read() {
        let mut unread = bucket("unread");
        unread.encryption = failed("s3:GetBucketEncryption");
        let findings = evaluate(vec![unread]);
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(findings[0].message.contains("s3:GetBucketEncryption"));
    }
}
