//! `cloudtrail.trail_bucket_access_logging`: the S3 bucket a trail delivers to records server access logs.
//!
//! The verdict on the bucket is `s3.bucket_access_logging_enabled`'s own.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudtrail::{TRAIL_BUCKET_SOURCES, per_trail_bucket};
use crate::checks::s3::bucket_access_logging_enabled::BucketAccessLoggingEnabled;
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::inventory::Source;
use crate::inventory::s3::S3Facet;

pub struct TrailBucketAccessLogging;

/// The S3 check whose verdict on the trail's bucket this check reports.
const BUCKET_CHECKS: &[&dyn Check] = &[&BucketAccessLoggingEnabled];

impl Check for TrailBucketAccessLogging {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudtrail/trail_bucket_access_logging")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Logging]
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
    use super::*;
    use crate::checks::cloudtrail::fixtures::{assert_region_error, trail, with_trails};
    use crate::checks::fixtures::{failed, regional, verdicts};
    use crate::checks::s3::fixtures::bucket;
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn follows_the_bucket_logging_verdict() {
        let mut inventory = regional(|region| {
            with_trails(
                region,
                vec![trail("logged"), trail("silent"), trail("unread")],
            )
        });
        let mut logged = bucket("logged-logs");
        logged.logging_target = Collected::Ok(Some("access-logs".into()));
        let mut unread = bucket("unread-logs");
        unread.logging_target = failed("s3:GetBucketLogging");
        inventory.s3.buckets = Collected::Ok(vec![logged, bucket("silent-logs"), unread]);
        let findings = TrailBucketAccessLogging.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("logged".into(), Status::Pass),
                ("silent".into(), Status::Fail),
                ("unread".into(), Status::Error),
            ]
        );
        assert_eq!(
            findings[0].message,
            "trail logged delivers to logged-logs: logged-logs delivers server access logs to access-logs"
        );
        assert_eq!(
            findings[1].message,
            "trail silent delivers to silent-logs: silent-logs has server access logging off"
        );
        assert!(findings[2].message.contains("s3:GetBucketLogging failed"));
    }

    #[test]
    fn errors_when_trails_were_not_listed() {
        assert_region_error(&TrailBucketAccessLogging);
    }
}
