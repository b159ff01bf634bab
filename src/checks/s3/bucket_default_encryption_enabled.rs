//! `s3.bucket_default_encryption_enabled`: the bucket has a default server-side encryption rule.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::checks::s3::bucket_default_encryption_kms::describe_algorithm;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::S3Facet;

pub struct BucketDefaultEncryptionEnabled;

impl Check for BucketDefaultEncryptionEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_default_encryption_enabled")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Encryption]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_account_resource(inventory, meta, &inventory.s3.buckets, |bucket| {
            Some(bucket.encryption.get().map(|rules| {
                let name = &bucket.name;
                match rules.first() {
                    Some(rule) => Verdict::Pass(format!(
                        "{name} encrypts new objects by default with {} ({})",
                        rule.algorithm,
                        describe_algorithm(&rule.algorithm)
                    )),
                    // Real S3 always reports at least AES256 since January 2023; an empty rule
                    // set comes from emulators or older endpoints, and is still no encryption.
                    None => Verdict::Fail(format!("{name} reports no default encryption rule")),
                }
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{failed, verdicts};
    use crate::checks::s3::fixtures::{assert_unread_setting_errors, encrypted, run};
    use crate::finding::Status;
    use crate::inventory::s3::Bucket;

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        run(&BucketDefaultEncryptionEnabled, buckets)
    }

    #[test]
    fn passes_with_any_default_encryption_including_sse_s3() {
        let findings = evaluate(vec![
            encrypted("sse-s3", Some("AES256"), None),
            encrypted("kms", Some("aws:kms"), None),
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
        let findings = evaluate(vec![encrypted("none", None, None)]);
        assert_eq!(verdicts(&findings), vec![("none".into(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "none reports no default encryption rule"
        );
    }

    #[test]
    fn errors_when_encryption_was_not_read() {
        assert_unread_setting_errors(
            &BucketDefaultEncryptionEnabled,
            "s3:GetBucketEncryption",
            |bucket, call| bucket.encryption = failed(call),
        );
    }
}
