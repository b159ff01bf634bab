//! `s3.bucket_mfa_delete_enabled`: deleting object versions or changing versioning needs an MFA code.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::checks::s3::bucket_versioning_enabled::ENABLED;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::S3Facet;

pub struct BucketMfaDeleteEnabled;

impl Check for BucketMfaDeleteEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_mfa_delete_enabled")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Versioning]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_account_resource(inventory, meta, &inventory.s3.buckets, |bucket| {
            Some(bucket.versioning.get().map(|versioning| {
                let name = &bucket.name;
                let status = versioning.status.as_deref();
                match (versioning.mfa_delete.as_deref(), status) {
                    (Some(ENABLED), Some(ENABLED)) => {
                        Verdict::Pass(format!("{name} has MFA Delete Enabled"))
                    }
                    // CIS 2.1.2 asks for both: with versioning suspended, new writes overwrite
                    // objects in place, so MFA Delete no longer keeps what it is meant to keep.
                    (Some(ENABLED), Some(status)) => Verdict::Fail(format!(
                        "{name} has MFA Delete Enabled but versioning {status}"
                    )),
                    // MFA Delete is a versioning setting: an unversioned bucket cannot have it.
                    (_, None) => Verdict::Fail(format!(
                        "{name} has versioning off, and MFA Delete can only be enabled on a \
                         versioned bucket"
                    )),
                    (Some(mfa_delete), Some(_)) => {
                        Verdict::Fail(format!("{name} has MFA Delete {mfa_delete}"))
                    }
                    (None, Some(status)) => Verdict::Fail(format!(
                        "{name} has versioning {status} but MFA Delete was never enabled"
                    )),
                }
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{failed, verdicts};
    use crate::checks::s3::fixtures::{assert_unread_setting_errors, run, versioned};
    use crate::finding::Status;
    use crate::inventory::s3::Bucket;

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        run(&BucketMfaDeleteEnabled, buckets)
    }

    #[test]
    fn passes_only_with_mfa_delete_on_a_versioned_bucket() {
        let findings = evaluate(vec![
            versioned("protected", Some("Enabled"), Some("Enabled")),
            versioned("suspended", Some("Suspended"), Some("Enabled")),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("protected".into(), Status::Pass),
                ("suspended".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[1].message,
            "suspended has MFA Delete Enabled but versioning Suspended"
        );
    }

    #[test]
    fn fails_without_mfa_delete_and_explains_unversioned_buckets() {
        let findings = evaluate(vec![
            versioned("disabled", Some("Enabled"), Some("Disabled")),
            versioned("unset", Some("Enabled"), None),
            versioned("unversioned", None, None),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("disabled".into(), Status::Fail),
                ("unset".into(), Status::Fail),
                ("unversioned".into(), Status::Fail),
            ]
        );
        assert_eq!(findings[0].message, "disabled has MFA Delete Disabled");
        assert!(findings[1].message.contains("never enabled"));
        assert!(findings[2].message.contains("versioning off"));
    }

    #[test]
    fn errors_when_versioning_was_not_read() {
        assert_unread_setting_errors(
            &BucketMfaDeleteEnabled,
            "s3:GetBucketVersioning",
            |bucket, call| bucket.versioning = failed(call),
        );
    }
}
