//! `cloudwatch.console_auth_failures_monitored`: Failed console sign-ins are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::inventory::Source;
use crate::check_meta;
use crate::checks::cloudwatch::{EventClass, MONITORING_SOURCES, Sample, console_login, monitored};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct ConsoleAuthFailuresMonitored;

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

impl Check for ConsoleAuthFailuresMonitored {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudwatch/console_auth_failures_monitored")
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
            &ConsoleAuthFailuresMonitored,
            "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }",
            "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") && ($.userIdentity.type = Root) }",
        );
    }
}
