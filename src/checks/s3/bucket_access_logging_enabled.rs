//! `s3.bucket_access_logging_enabled`: the bucket delivers server access logs to a target bucket.

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::s3::{bucket_resource, bucket_setting, per_bucket};
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::inventory::s3::Bucket;

pub struct BucketAccessLoggingEnabled;

impl Check for BucketAccessLoggingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_access_logging_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let buckets = inventory.s3.buckets.ok().map_or(&[][..], Vec::as_slice);
        per_bucket(meta, inventory, |bucket| {
            let name = &bucket.name;
            bucket_setting(meta, bucket, &bucket.logging_target, |target| {
                let resource = bucket_resource(bucket);
                match target {
                    Some(target) => Finding::pass(
                        meta,
                        resource,
                        format!("{name} delivers server access logs to {target}"),
                    ),
                    None => Finding::fail(
                        meta,
                        resource,
                        format!(
                            "{name} has server access logging off{}",
                            log_target_note(name, buckets)
                        ),
                    ),
                }
            })
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
    use crate::checks::fixtures::{failed, inventory, verdicts};
    use crate::checks::s3::fixtures::bucket;
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.buckets = Collected::Ok(buckets);
        BucketAccessLoggingEnabled.evaluate(&inventory, &Settings::default())
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
        let mut unread = bucket("unread");
        unread.logging_target = failed("s3:GetBucketLogging");
        let findings = evaluate(vec![unread]);
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(findings[0].message.contains("s3:GetBucketLogging"));
    }
}
