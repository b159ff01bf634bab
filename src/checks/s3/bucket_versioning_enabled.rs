//! `s3.bucket_versioning_enabled`: the bucket keeps every version of its objects.

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::s3::{bucket_resource, bucket_setting, per_bucket};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct BucketVersioningEnabled;

/// The versioning status S3 reports once versioning is on; `Suspended` means it was turned off.
pub(crate) const ENABLED: &str = "Enabled";

impl Check for BucketVersioningEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_versioning_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_bucket(meta, inventory, |bucket| {
            let name = &bucket.name;
            bucket_setting(meta, bucket, &bucket.versioning, |versioning| {
                let resource = bucket_resource(bucket);
                match versioning.status.as_deref() {
                    Some(ENABLED) => {
                        Finding::pass(meta, resource, format!("{name} has versioning Enabled"))
                    }
                    Some(status) => Finding::fail(
                        meta,
                        resource,
                        format!(
                            "{name} has versioning {status}: new overwrites and deletes are final"
                        ),
                    ),
                    None => Finding::fail(
                        meta,
                        resource,
                        format!("{name} has never had versioning enabled"),
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
    use crate::inventory::s3::{Bucket, Versioning};

    fn versioned(name: &str, status: Option<&str>) -> Bucket {
        let mut b = bucket(name);
        b.versioning = Collected::Ok(Versioning {
            status: status.map(str::to_string),
            mfa_delete: None,
        });
        b
    }

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.buckets = Collected::Ok(buckets);
        BucketVersioningEnabled.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_only_when_enabled() {
        let findings = evaluate(vec![
            versioned("enabled", Some("Enabled")),
            versioned("suspended", Some("Suspended")),
            versioned("never", None),
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
        let mut unread = bucket("unread");
        unread.versioning = failed("s3:GetBucketVersioning");
        let findings = evaluate(vec![unread]);
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(findings[0].message.contains("s3:GetBucketVersioning"));
    }
}
