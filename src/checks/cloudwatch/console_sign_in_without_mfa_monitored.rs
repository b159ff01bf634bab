//! `cloudwatch.console_sign_in_without_mfa_monitored`: Console sign-ins without MFA are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::checks::cloudwatch::{EventClass, Sample, console_login, monitoring_check};

const CLASS: EventClass = EventClass {
    what: "console sign-ins without MFA",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    vec![Sample {
        label: "an IAM user's successful console sign-in without MFA".into(),
        event: console_login("IAMUser", "No", "Success"),
    }]
}

fn ignore() -> Vec<Sample> {
    vec![Sample {
        label: "a console sign-in with MFA".into(),
        event: console_login("IAMUser", "Yes", "Success"),
    }]
}

monitoring_check!(
    ConsoleSignInWithoutMfaMonitored,
    "cloudwatch/console_sign_in_without_mfa_monitored",
    CLASS
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudwatch::fixtures::assert_judged;

    #[test]
    fn the_benchmark_filter_passes_a_narrower_one_fails_and_unread_filters_err() {
        assert_judged(
            &ConsoleSignInWithoutMfaMonitored,
            "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }",
            "{ ($.eventName = \"ConsoleLogin\") && ($.userIdentity.type = \"Root\") }",
        );
    }
}
