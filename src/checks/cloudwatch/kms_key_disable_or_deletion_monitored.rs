//! `cloudwatch.kms_key_disable_or_deletion_monitored`: Disabling or scheduling deletion of KMS keys is caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::checks::cloudwatch::{EventClass, Sample, api_calls, monitoring_check, read_call};

const CLASS: EventClass = EventClass {
    what: "disabling or scheduled deletion of KMS keys",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    api_calls("kms.amazonaws.com", &["DisableKey", "ScheduleKeyDeletion"])
}

fn ignore() -> Vec<Sample> {
    read_call("kms.amazonaws.com", "DescribeKey")
}

monitoring_check!(
    KmsKeyDisableOrDeletionMonitored,
    "cloudwatch/kms_key_disable_or_deletion_monitored",
    CLASS
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudwatch::fixtures::assert_judged;

    #[test]
    fn the_benchmark_filter_passes_a_narrower_one_fails_and_unread_filters_err() {
        assert_judged(
            &KmsKeyDisableOrDeletionMonitored,
            "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
            "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey)) }",
        );
    }
}
