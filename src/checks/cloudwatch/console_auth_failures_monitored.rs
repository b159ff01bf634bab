//! `cloudwatch.console_auth_failures_monitored`: Failed console sign-ins are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::checks::cloudwatch::{EventClass, Sample, console_login, monitoring_check};

const CLASS: EventClass = EventClass {
    what: "failed console sign-ins",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    vec![Sample {
        label: "a failed console sign-in".into(),
        event: console_login("IAMUser", "No", "Failure"),
    }]
}

fn ignore() -> Vec<Sample> {
    vec![Sample {
        label: "a successful console sign-in".into(),
        event: console_login("IAMUser", "Yes", "Success"),
    }]
}

monitoring_check!(
    ConsoleAuthFailuresMonitored,
    "cloudwatch/console_auth_failures_monitored",
    CLASS
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudwatch::fixtures::assert_judged;

    #[test]
    fn the_benchmark_filter_passes_a_narrower_one_fails_and_unread_filters_err() {
        assert_judged(
            &ConsoleAuthFailuresMonitored,
            "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }",
            "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") && ($.userIdentity.type = Root) }",
        );
    }
}
