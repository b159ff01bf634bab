//! `cloudwatch.cloudtrail_changes_monitored`: CloudTrail configuration changes are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::checks::cloudwatch::{EventClass, Sample, api_calls, monitoring_check, read_call};

const CLASS: EventClass = EventClass {
    what: "CloudTrail configuration changes",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    api_calls(
        "cloudtrail.amazonaws.com",
        &[
            "CreateTrail",
            "UpdateTrail",
            "DeleteTrail",
            "StartLogging",
            "StopLogging",
        ],
    )
}

fn ignore() -> Vec<Sample> {
    read_call("cloudtrail.amazonaws.com", "DescribeTrails")
}

monitoring_check!(
    CloudtrailChangesMonitored,
    "cloudwatch/cloudtrail_changes_monitored",
    CLASS
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudwatch::fixtures::assert_judged;

    #[test]
    fn the_benchmark_filter_passes_a_narrower_one_fails_and_unread_filters_err() {
        assert_judged(
            &CloudtrailChangesMonitored,
            "{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }",
            "{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging)) }",
        );
    }
}
