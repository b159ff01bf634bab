//! `s3.bucket_default_encryption_kms`: new objects are encrypted by default with an AWS KMS key.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::EncryptionRule;
use crate::inventory::s3::S3Facet;

pub struct BucketDefaultEncryptionKms;

/// SSE-KMS and dual-layer DSSE-KMS: both put a KMS key between a reader and the data.
const KMS_ALGORITHMS: &[&str] = &["aws:kms", "aws:kms:dsse"];

impl Check for BucketDefaultEncryptionKms {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_default_encryption_kms")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Encryption]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_account_resource(inventory, meta, &inventory.s3.buckets, |bucket| {
            Some(bucket.encryption.get().map(|rules| {
                let name = &bucket.name;
                if let Some(rule) = rules.iter().find(|rule| uses_kms(rule)) {
                    let key = rule
                        .kms_key_id
                        .as_deref()
                        .unwrap_or("the AWS managed key aws/s3");
                    return Verdict::Pass(format!(
                        "{name} encrypts new objects by default with {} using {key}",
                        rule.algorithm
                    ));
                }
                let message = match rules.first() {
                    Some(rule) => format!(
                        "{name}'s default encryption is {} ({}), not an AWS KMS key",
                        rule.algorithm,
                        describe_algorithm(&rule.algorithm)
                    ),
                    None => format!(
                        "{name} reports no default encryption rule, so new objects do not use an \
                     AWS KMS key"
                    ),
                };
                Verdict::Fail(message)
            }))
        })
    }
}

fn uses_kms(rule: &EncryptionRule) -> bool {
    KMS_ALGORITHMS
        .iter()
        .any(|algorithm| rule.algorithm.eq_ignore_ascii_case(algorithm))
}

/// The name a student meets in the docs for an S3 `SSEAlgorithm` value.
pub(crate) fn describe_algorithm(algorithm: &str) -> &'static str {
    match algorithm.to_ascii_lowercase().as_str() {
        "aes256" => "SSE-S3, S3-managed keys",
        "aws:kms" => "SSE-KMS",
        "aws:kms:dsse" => "DSSE-KMS",
        _ => "an algorithm posture does not know",
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
        run(&BucketDefaultEncryptionKms, buckets)
    }

    #[test]
    fn passes_with_a_kms_algorithm() {
        let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd";
        let findings = evaluate(vec![
            encrypted("kms", Some("aws:kms"), Some(key)),
            encrypted("dsse", Some("aws:kms:dsse"), None),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![("kms".into(), Status::Pass), ("dsse".into(), Status::Pass)]
        );
        assert!(findings[0].message.ends_with(key));
        assert!(findings[1].message.contains("aws/s3"));
    }

    #[test]
    fn fails_with_sse_s3_or_nothing() {
        let findings = evaluate(vec![
            encrypted("sse-s3", Some("AES256"), None),
            encrypted("none", None, None),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("sse-s3".into(), Status::Fail),
                ("none".into(), Status::Fail)
            ]
        );
        assert_eq!(
            findings[0].message,
            "sse-s3's default encryption is AES256 (SSE-S3, S3-managed keys), not an AWS KMS key"
        );
        assert!(findings[1].message.contains("no default encryption rule"));
    }

    #[test]
    fn errors_when_encryption_was_not_read() {
        assert_unread_setting_errors(
            &BucketDefaultEncryptionKms,
            "s3:GetBucketEncryption",
            |bucket, call| bucket.encryption = failed(call),
        );
    }
}
