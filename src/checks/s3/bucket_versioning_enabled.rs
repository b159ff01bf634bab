//! `s3.bucket_versioning_enabled`: the bucket keeps every version of its objects.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::S3Facet;

pub struct BucketVersioningEnabled;

/// The versioning status S3 reports once versioning is on; `Suspended` means it was turned off.
pub(crate) const ENABLED: &str = "Enabled";

impl Check for BucketVersioningEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_versioning_enabled")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Versioning]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_account_resource(inventory, meta, &inventory.s3.buckets, |bucket| {
            Some(bucket.versioning.get().map(|versioning| {
                let name = &bucket.name;
                match versioning.status.as_deref() {
                    Some(ENABLED) => Verdict::Pass(format!("{name} has versioning Enabled")),
                    Some(status) => Verdict::Fail(format!(
                        "{name} has versioning {status}: new overwrites and deletes are final"
                    )),
                    None => Verdict::Fail(format!("{name} has never had versioning enabled")),
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
        run(&BucketVersioningEnabled, buckets)
    }

    #[test]
    fn passes_only_when_enabled() {
        let findings = evaluate(vec![
            versioned("enabled", Some("Enabled"), None),
            versioned("suspended", Some("Suspended"), None),
            versioned("never", None, None),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("enabled".into(), Status::Pass),
                ("suspended".into(), Status::Fail),
                ("never".into(), Status::Fail),
            ]
        );
        assert!(findings[1].message.contains("versioning Suspended"));
        assert!(findings[2].message.contains("never had versioning"));
    }

    #[test]
    fn errors_when_versioning_was_not_read() {
        assert_unread_setting_errors(
            &BucketVersioningEnabled,
            "s3:GetBucketVersioning",
            |bucket, call| bucket.versioning = failed(call),
        );
    }
}
