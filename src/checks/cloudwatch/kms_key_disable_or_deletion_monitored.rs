//! `cloudwatch.kms_key_disable_or_deletion_monitored`: Disabling or scheduling deletion of KMS keys is caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::inventory::Source;
use crate::check_meta;
use crate::checks::cloudwatch::{
    EventClass, MONITORING_SOURCES, Sample, api_calls, monitored, read_call,
};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct KmsKeyDisableOrDeletionMonitored;

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

impl Check for KmsKeyDisableOrDeletionMonitored {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudwatch/kms_key_disable_or_deletion_monitored")
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
            &KmsKeyDisableOrDeletionMonitored,
            "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
            "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey)) }",
        );
    }
}
