//! `cloudwatch.root_usage_monitored`: Root user activity is caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::checks::cloudwatch::{
    EventClass, Sample, api_call, console_login, monitoring_check, nothing_else,
};

const CLASS: EventClass = EventClass {
    what: "root user activity",
    catch,
    ignore: nothing_else,
};

fn catch() -> Vec<Sample> {
    vec![
        Sample {
            label: "a console sign-in by the root user".into(),
            event: console_login("Root", "Yes", "Success"),
        },
        Sample {
            label: "an iam:CreateAccessKey by the root user".into(),
            event: as_root(api_call("iam.amazonaws.com", "CreateAccessKey")),
        },
    ]
}

fn as_root(mut event: serde_json::Value) -> serde_json::Value {
    event["userIdentity"] = serde_json::json!({
        "type": "Root",
        "arn": "arn:aws:iam::111122223333:root",
        "accountId": "111122223333",
    });
    event
}

monitoring_check!(RootUsageMonitored, "cloudwatch/root_usage_monitored", CLASS);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudwatch::fixtures::assert_judged;

    #[test]
    fn the_benchmark_filter_passes_a_narrower_one_fails_and_unread_filters_err() {
        assert_judged(
            &RootUsageMonitored,
            "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
            "{ $.userIdentity.type = \"Root\" && $.eventName = \"ConsoleLogin\" }",
        );
    }
}
