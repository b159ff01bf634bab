//! `s3.bucket_acls_disabled`: Object Ownership is `BucketOwnerEnforced`, so S3 ignores every ACL.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::S3Facet;

pub struct BucketAclsDisabled;

/// The Object Ownership setting that disables ACLs; `BucketOwnerPreferred` and `ObjectWriter`
/// leave them in force.
const BUCKET_OWNER_ENFORCED: &str = "BucketOwnerEnforced";

impl Check for BucketAclsDisabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_acls_disabled")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Ownership]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_account_resource(inventory, meta, &inventory.s3.buckets, |bucket| {
            Some(bucket.object_ownership.get().map(|ownership| {
                let name = &bucket.name;
                match ownership.as_deref() {
                    Some(BUCKET_OWNER_ENFORCED) => Verdict::Pass(format!(
                        "{name} has ACLs disabled (Object Ownership {BUCKET_OWNER_ENFORCED})"
                    )),
                    Some(other) => Verdict::Fail(format!(
                        "{name} has Object Ownership {other}, so its ACLs still grant access"
                    )),
                    // No ownership controls: S3 behaves as ObjectWriter, the oldest ACL mode.
                    None => Verdict::Fail(format!(
                        "{name} has no Object Ownership setting, so ACLs are in force \
                         (ObjectWriter behaviour)"
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
    use crate::checks::s3::fixtures::{assert_unread_setting_errors, bucket, run};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::s3::Bucket;

    fn owned(name: &str, ownership: Option<&str>) -> Bucket {
        let mut b = bucket(name);
        b.object_ownership = Collected::Ok(ownership.map(str::to_string));
        b
    }

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        run(&BucketAclsDisabled, buckets)
    }

    #[test]
    fn passes_only_when_the_bucket_owner_is_enforced() {
        let findings = evaluate(vec![
            owned("enforced", Some("BucketOwnerEnforced")),
            owned("preferred", Some("BucketOwnerPreferred")),
            owned("writer", Some("ObjectWriter")),
            owned("unset", None),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("enforced".into(), Status::Pass),
                ("preferred".into(), Status::Fail),
                ("writer".into(), Status::Fail),
                ("unset".into(), Status::Fail),
            ]
        );
        assert!(
            findings[1]
                .message
                .contains("Object Ownership BucketOwnerPreferred")
        );
        assert!(findings[3].message.contains("no Object Ownership setting"));
    }

    #[test]
    fn errors_when_ownership_was_not_read() {
        assert_unread_setting_errors(
            &BucketAclsDisabled,
            "s3:GetBucketOwnershipControls",
            |bucket, call| bucket.object_ownership = failed(call),
        );
    }
}
