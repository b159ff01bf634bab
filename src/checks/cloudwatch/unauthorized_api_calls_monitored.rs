//! `cloudwatch.unauthorized_api_calls_monitored`: Unauthorized API calls are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::checks::cloudwatch::{EventClass, Sample, api_call, monitoring_check, nothing_else};

const CLASS: EventClass = EventClass {
    what: "unauthorized API calls",
    catch,
    ignore: nothing_else,
};

fn catch() -> Vec<Sample> {
    vec![
        Sample {
            label: "an ec2:RunInstances refused with Client.UnauthorizedOperation".into(),
            event: refused(
                "ec2.amazonaws.com",
                "RunInstances",
                "Client.UnauthorizedOperation",
            ),
        },
        Sample {
            label: "an iam:ListUsers refused with AccessDenied".into(),
            event: refused("iam.amazonaws.com", "ListUsers", "AccessDenied"),
        },
        Sample {
            label: "an s3:GetObject refused with AccessDenied".into(),
            event: refused("s3.amazonaws.com", "GetObject", "AccessDenied"),
        },
    ]
}

/// A call the caller was not allowed to make.
fn refused(source: &str, name: &str, code: &str) -> serde_json::Value {
    let mut event = api_call(source, name);
    event["errorCode"] = serde_json::json!(code);
    event["errorMessage"] = serde_json::json!("not authorized to perform this operation");
    event
}

monitoring_check!(
    UnauthorizedApiCallsMonitored,
    "cloudwatch/unauthorized_api_calls_monitored",
    CLASS
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudwatch::fixtures::assert_judged;

    #[test]
    fn the_benchmark_filter_passes_a_narrower_one_fails_and_unread_filters_err() {
        assert_judged(
            &UnauthorizedApiCallsMonitored,
            "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }",
            "{ $.errorCode = \"*UnauthorizedOperation\" }",
        );
    }
}
