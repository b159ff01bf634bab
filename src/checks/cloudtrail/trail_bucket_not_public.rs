//! `cloudtrail.trail_bucket_not_public`: the S3 bucket a trail delivers to grants nothing to the public, by ACL or by bucket policy.
//!
//! The verdict on the bucket is the S3 checks' own (`s3.bucket_no_public_acl` and
//! `s3.bucket_no_public_policy`, which already weigh Block Public Access), so a bucket is public
//! here exactly when it is public there. Mapping: Security Hub control CloudTrail.6 (the catalog's
//! `aws_fsbp` key holds Security Hub control ids, whichever Security Hub standard carries them),
//! which implements CIS v1.2.0 2.3 and v1.4.0 3.3; CIS v3.0.0 dropped this recommendation (its 3.3
//! is AWS Config and its S3 section covers public access for every bucket), so no CIS v3.0.0 id.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudtrail::{TRAIL_BUCKET_SOURCES, per_trail_bucket};
use crate::checks::s3::bucket_no_public_acl::BucketNoPublicAcl;
use crate::checks::s3::bucket_no_public_policy::BucketNoPublicPolicy;
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::inventory::Source;
use crate::inventory::s3::S3Facet;

pub struct TrailBucketNotPublic;

/// The S3 checks whose verdicts on the trail's bucket this check combines.
const BUCKET_CHECKS: &[&dyn Check] = &[&BucketNoPublicAcl, &BucketNoPublicPolicy];

impl Check for TrailBucketNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudtrail/trail_bucket_not_public")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[
            S3Facet::AccountPublicAccessBlock,
            S3Facet::PublicAccessBlock,
            S3Facet::Acl,
            S3Facet::Policy,
            // Not for the verdict: the message says whether S3's own judgement agrees.
            S3Facet::PolicyStatus,
        ]
    }

    fn needs(&self) -> &'static [Source] {
        TRAIL_BUCKET_SOURCES
    }

    fn evaluate(&self, inventory: &Inventory, settings: &Settings) -> Vec<Finding> {
        per_trail_bucket(inventory, settings, self.meta(), BUCKET_CHECKS)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::checks::cloudtrail::fixtures::{assert_region_error, trail, with_trails};
    use crate::checks::fixtures::{regional, verdicts};
    use crate::checks::s3::fixtures::{ALL_ON, bucket};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::s3::{ALL_USERS_URI, Bucket, Grant};

    fn audit(buckets: Collected<Vec<Bucket>>) -> Vec<Finding> {
        let mut inventory = regional(|region| {
            let mut foreign = trail("foreign");
            foreign.s3_bucket = Some("central-logs".into());
            with_trails(
                region,
                vec![trail("acl"), foreign, trail("policy"), trail("private")],
            );
        });
        inventory.s3.account_public_access_block = Collected::Ok(None);
        inventory.s3.buckets = buckets;
        TrailBucketNotPublic.evaluate(&inventory, &Settings::default())
    }

    fn public_acl(name: &str) -> Bucket {
        let mut b = bucket(name);
        b.acl = Collected::Ok(vec![Grant {
            grantee_type: "Group".into(),
            grantee_uri: Some(ALL_USERS_URI.into()),
            grantee_id: None,
            permission: "READ".into(),
        }]);
        b
    }

    fn public_policy(name: &str) -> Bucket {
        let mut b = bucket(name);
        b.policy = Collected::Ok(Some(json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{name}/*")
        }]})));
        b
    }

    #[test]
    fn judges_each_trail_by_the_s3_verdicts_on_its_bucket() {
        let mut blocked = public_policy("private-logs");
        blocked.public_access_block = Collected::Ok(Some(ALL_ON));
        let findings = audit(Collected::Ok(vec![
            public_acl("acl-logs"),
            public_policy("policy-logs"),
            blocked,
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("acl".into(), Status::Fail),
                ("foreign".into(), Status::Error),
                ("policy".into(), Status::Fail),
                ("private".into(), Status::Pass),
            ]
        );
        assert!(
            findings[0]
                .message
                .starts_with("trail acl delivers to acl-logs: ")
        );
        assert!(
            findings[0].message.contains("READ to AllUsers"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[1]
                .message
                .contains("central-logs, which is not among this account's buckets")
        );
        assert!(
            findings[2].message.contains("to everyone"),
            "{}",
            findings[2].message
        );
        assert!(
            findings[3]
                .message
                .contains("neutralised by RestrictPublicBuckets")
        );
    }

    #[test]
    fn errors_when_buckets_or_trails_were_not_collected() {
        let findings = audit(crate::checks::fixtures::failed("s3:ListBuckets"));
        assert!(findings.iter().all(|f| f.status == Status::Error));
        assert!(findings[0].message.contains("s3:ListBuckets"));
        assert_region_error(&TrailBucketNotPublic);
    }

    #[test]
    fn needs_trails_and_buckets() {
        assert_eq!(
            TrailBucketNotPublic.needs(),
            &[Source::CloudTrail, Source::S3]
        );
    }
}
