//! `cloudwatch.s3_bucket_policy_changes_monitored`: S3 bucket policy changes are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::inventory::Source;
use crate::check_meta;
use crate::checks::cloudwatch::{
    EventClass, MONITORING_SOURCES, Sample, api_calls, monitored, read_call,
};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct S3BucketPolicyChangesMonitored;

const CLASS: EventClass = EventClass {
    what: "S3 bucket policy and ACL changes",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    api_calls(
        "s3.amazonaws.com",
        &[
            "PutBucketAcl",
            "PutBucketPolicy",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketReplication",
            "DeleteBucketPolicy",
            "DeleteBucketCors",
            "DeleteBucketLifecycle",
            "DeleteBucketReplication",
        ],
    )
}

fn ignore() -> Vec<Sample> {
    read_call("s3.amazonaws.com", "GetBucketPolicy")
}

impl Check for S3BucketPolicyChangesMonitored {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudwatch/s3_bucket_policy_changes_monitored")
    }

    fn needs(&self) -> &'static [Source] {
        MONITORING_SOURCES
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        monitored(inventory, self.meta(), &CLASS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudwatch::fixtures::assert_judged;

    #[test]
    fn the_benchmark_filter_passes_a_narrower_one_fails_and_unread_filters_err() {
        assert_judged(
            &S3BucketPolicyChangesMonitored,
            "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
            "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle)) }",
        );
    }
}
