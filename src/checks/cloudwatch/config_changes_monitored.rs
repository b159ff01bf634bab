//! `cloudwatch.config_changes_monitored`: AWS Config configuration changes are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::inventory::Source;
use crate::check_meta;
use crate::checks::cloudwatch::{
    EventClass, MONITORING_SOURCES, Sample, api_calls, monitored, read_call,
};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct ConfigChangesMonitored;

const CLASS: EventClass = EventClass {
    what: "AWS Config configuration changes",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    api_calls(
        "config.amazonaws.com",
        &[
            "StopConfigurationRecorder",
            "DeleteDeliveryChannel",
            "PutDeliveryChannel",
            "PutConfigurationRecorder",
        ],
    )
}

fn ignore() -> Vec<Sample> {
    read_call("config.amazonaws.com", "DescribeConfigurationRecorders")
}

impl Check for ConfigChangesMonitored {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudwatch/config_changes_monitored")
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
            &ConfigChangesMonitored,
            "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }",
            "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel)) }",
        );
    }
}
