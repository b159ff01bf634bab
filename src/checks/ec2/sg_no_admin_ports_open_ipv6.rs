//! `ec2.sg_no_admin_ports_open_ipv6`: no security group admits SSH or RDP from ::/0.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::ec2::evaluate_admin_ports;
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::network::IpFamily;

pub struct SgNoAdminPortsOpenIpv6;

impl Check for SgNoAdminPortsOpenIpv6 {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/sg_no_admin_ports_open_ipv6")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2SecurityGroups]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        evaluate_admin_ports(inventory, self.meta(), IpFamily::V6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_groups_error, group, rule, run_groups, statuses};
    use crate::finding::Status;

    #[test]
    fn judges_only_the_ipv6_internet() {
        let findings = run_groups(
            &SgNoAdminPortsOpenIpv6,
            vec![
                group(
                    "sg-a-ssh6",
                    vec![rule("6", Some(22), Some(22), &[], &["::/0"])],
                ),
                group(
                    "sg-b-all6",
                    vec![rule("-1", None, None, &[], &["::/0", "2001:db8::/32"])],
                ),
                group(
                    "sg-c-ssh4",
                    vec![rule("tcp", Some(22), Some(22), &["0.0.0.0/0"], &[])],
                ),
                group(
                    "sg-d-narrow6",
                    vec![rule("tcp", Some(3389), Some(3389), &[], &["2001:db8::/32"])],
                ),
            ],
        );
        assert_eq!(
            statuses(&findings),
            [Status::Fail, Status::Fail, Status::Pass, Status::Pass]
        );
        assert_eq!(
            findings[1].message,
            "sg-b-all6 (sg-b-all6-name) allows SSH (22/tcp+udp) from ::/0 through the all traffic \
             rule; RDP (3389/tcp+udp) from ::/0 through the all traffic rule"
        );
        assert_eq!(
            findings[2].message,
            "sg-c-ssh4 (sg-c-ssh4-name) admits no SSH or RDP from ::/0"
        );
    }

    #[test]
    fn errors_when_groups_were_not_collected() {
        assert_groups_error(&SgNoAdminPortsOpenIpv6);
    }
}
