//! `s3.bucket_access_logging_enabled`: the bucket delivers server access logs to a target bucket.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::Bucket;
use crate::inventory::s3::S3Facet;

pub struct BucketAccessLoggingEnabled;

impl Check for BucketAccessLoggingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_access_logging_enabled")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Logging]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let buckets = inventory.s3.buckets.ok().map_or(&[][..], Vec::as_slice);
        per_account_resource(inventory, meta, &inventory.s3.buckets, |bucket| {
            Some(bucket.logging_target.get().map(|target| {
                let name = &bucket.name;
                match target {
                    Some(target) => {
                        Verdict::Pass(format!("{name} delivers server access logs to {target}"))
                    }
                    None => Verdict::Fail(format!(
                        "{name} has server access logging off{}",
                        log_target_note(name, buckets)
                    )),
                }
            }))
        })
    }
}

/// AWS advises muting this finding for a bucket that only receives other buckets' logs (logging
/// its own access would log the log writes); the verdict stays FAIL, the message says so.
fn log_target_note(name: &str, buckets: &[Bucket]) -> String {
    let sources: Vec<&str> = buckets
        .iter()
        .filter(|other| other.name != name)
        .filter(|other| other.logging_target.ok().and_then(Option::as_deref) == Some(name))
        .map(|other| other.name.as_str())
        .collect();
    if sources.is_empty() {
        String::new()
    } else {
        format!(
            " (it receives access logs from {}; a log target does not need its own logs, \
             mute this finding with that reason)",
            sources.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{failed, verdicts};
    use crate::checks::s3::fixtures::{assert_unread_setting_errors, bucket, run};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        run(&BucketAccessLoggingEnabled, buckets)
    }

    #[test]
    fn passes_with_a_target_and_fails_without() {
        let mut logged = bucket("app-data");
        logged.logging_target = Collected::Ok(Some("access-logs".into()));
        let findings = evaluate(vec![logged, bucket("access-logs"), bucket("scratch")]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("app-data".into(), Status::Pass),
                ("access-logs".into(), Status::Fail),
                ("scratch".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[0].message,
            "app-data delivers server access logs to access-logs"
        );
        assert!(
            findings[1]
                .message
                .contains("receives access logs from app-data")
        );
        assert_eq!(findings[2].message, "scratch has server access logging off");
    }

    #[test]
    fn errors_when_logging_was_not_read() {
        assert_unread_setting_errors(
            &BucketAccessLoggingEnabled,
            "s3:GetBucketLogging",
            |bucket, call| bucket.logging_target = failed(call),
        );
    }
}
