//! `cloudwatch.security_group_changes_monitored`: Security group changes are caught by a metric filter whose alarm notifies a subscribed SNS topic.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::inventory::Source;
use crate::check_meta;
use crate::checks::cloudwatch::{
    EventClass, MONITORING_SOURCES, Sample, api_calls, monitored, read_call,
};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct SecurityGroupChangesMonitored;

const CLASS: EventClass = EventClass {
    what: "security group changes",
    catch,
    ignore,
};

fn catch() -> Vec<Sample> {
    api_calls(
        "ec2.amazonaws.com",
        &[
            "AuthorizeSecurityGroupIngress",
            "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress",
            "CreateSecurityGroup",
            "DeleteSecurityGroup",
        ],
    )
}

fn ignore() -> Vec<Sample> {
    read_call("ec2.amazonaws.com", "DescribeSecurityGroups")
}

impl Check for SecurityGroupChangesMonitored {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudwatch/security_group_changes_monitored")
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
            &SecurityGroupChangesMonitored,
            "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
            "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) }",
        );
    }
}
