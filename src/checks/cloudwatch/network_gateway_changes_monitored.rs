//! `cloudwatch.network_gateway_changes_monitored`: Network gateway changes are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::checks::cloudwatch::{EventClass, Sample, api_calls, monitoring_check, read_call};

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

monitoring_check!(
    NetworkGatewayChangesMonitored,
    "cloudwatch/network_gateway_changes_monitored",
    CLASS
);

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
