//! `ec2.sg_no_admin_ports_open_ipv4`: no security group admits SSH or RDP from 0.0.0.0/0.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::ec2::evaluate_admin_ports;
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::network::IpFamily;

pub struct SgNoAdminPortsOpenIpv4;

impl Check for SgNoAdminPortsOpenIpv4 {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/sg_no_admin_ports_open_ipv4")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2SecurityGroups]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        evaluate_admin_ports(inventory, self.meta(), IpFamily::V4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_all, assert_groups_error, group, rule, run_groups};
    use crate::finding::Status;

    #[test]
    fn fails_on_ssh_rdp_ranges_and_all_traffic_from_anywhere() {
        let findings = run_groups(
            &SgNoAdminPortsOpenIpv4,
            vec![
                group(
                    "sg-ssh",
                    vec![rule("tcp", Some(22), Some(22), &["0.0.0.0/0"], &[])],
                ),
                group(
                    "sg-range",
                    vec![rule("tcp", Some(20), Some(25), &["0.0.0.0/0"], &[])],
                ),
                group(
                    "sg-rdp-udp",
                    vec![rule("udp", Some(3389), Some(3389), &["0.0.0.0/0"], &[])],
                ),
                group("sg-all", vec![rule("-1", None, None, &["0.0.0.0/0"], &[])]),
                group(
                    "sg-ssh-udp",
                    vec![rule("17", Some(22), Some(22), &["0.0.0.0/0"], &[])],
                ),
            ],
        );
        assert_all(&findings, Status::Fail);
        assert_eq!(
            findings[4].message,
            "sg-ssh-udp (sg-ssh-udp-name) allows SSH (22/udp) from 0.0.0.0/0"
        );
        assert_eq!(
            findings[0].message,
            "sg-ssh (sg-ssh-name) allows SSH (22/tcp) from 0.0.0.0/0"
        );
        assert_eq!(
            findings[1].message,
            "sg-range (sg-range-name) allows SSH (22/tcp) from 0.0.0.0/0 through the 20-25/tcp rule"
        );
        assert!(
            findings[3]
                .message
                .contains("RDP (3389/tcp+udp) from 0.0.0.0/0 through the all")
        );
    }

    #[test]
    fn passes_for_private_sources_other_ports_and_ipv6_only() {
        let findings = run_groups(
            &SgNoAdminPortsOpenIpv4,
            vec![
                group(
                    "sg-internal",
                    vec![rule("tcp", Some(22), Some(22), &["10.0.0.0/8"], &[])],
                ),
                group(
                    "sg-https",
                    vec![rule("tcp", Some(443), Some(443), &["0.0.0.0/0"], &[])],
                ),
                group(
                    "sg-v6",
                    vec![rule("tcp", Some(22), Some(22), &[], &["::/0"])],
                ),
            ],
        );
        assert_all(&findings, Status::Pass);
        assert_eq!(
            findings[0].message,
            "sg-internal (sg-internal-name) admits no SSH or RDP from 0.0.0.0/0"
        );
    }

    #[test]
    fn errors_for_a_region_whose_groups_were_not_collected() {
        assert_groups_error(&SgNoAdminPortsOpenIpv4);
    }
}
