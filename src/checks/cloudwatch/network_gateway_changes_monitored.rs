//! `cloudwatch.network_gateway_changes_monitored`: Network gateway changes are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::inventory::Source;
use crate::check_meta;
use crate::checks::cloudwatch::{
    EventClass, MONITORING_SOURCES, Sample, api_calls, monitored, read_call,
};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct NetworkGatewayChangesMonitored;

const CLASS: EventClass = EventClass {
    what: "network gateway changes",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    api_calls(
        "ec2.amazonaws.com",
        &[
            "CreateCustomerGateway",
            "DeleteCustomerGateway",
            "AttachInternetGateway",
            "CreateInternetGateway",
            "DeleteInternetGateway",
            "DetachInternetGateway",
        ],
    )
}

fn ignore() -> Vec<Sample> {
    read_call("ec2.amazonaws.com", "DescribeInternetGateways")
}

impl Check for NetworkGatewayChangesMonitored {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudwatch/network_gateway_changes_monitored")
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
            &NetworkGatewayChangesMonitored,
            "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
            "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) }",
        );
    }
}
