//! `ec2.sg_no_all_traffic_open`: no security group opens every port to 0.0.0.0/0 or ::/0.
//!
//! "Every port" is protocol `-1`, or TCP or UDP over the whole 0-65535 range. A rule that stops
//! short of that (1-65535, say) is left to the admin-port and high-risk-port checks, which judge
//! the ports it does cover.
//!
//! Compliance: FSBP has no control for exactly this case. A group open on every port fails both
//! EC2.18 (unrestricted traffic to ports other than the authorised 80 and 443) and EC2.19
//! (high-risk ports); this check maps to EC2.18 only, because `ec2.sg_no_high_risk_ports_open`
//! already reports EC2.19 for the same group and one failure should not be counted twice under
//! one control. Severity is critical, the level Security Hub gives EC2.19, which every such group
//! fails.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::ec2::evaluate_group_exposures;
use crate::finding::Finding;
use crate::inventory::ec2::SecurityGroup;
use crate::inventory::{Inventory, Source};
use crate::network::{IpFamily, describe_ports, internet_ingress, rule_covers_all_ports};

pub struct SgNoAllTrafficOpen;

impl Check for SgNoAllTrafficOpen {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/sg_no_all_traffic_open")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2SecurityGroups]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        evaluate_group_exposures(
            inventory,
            self.meta(),
            "traffic on every port from 0.0.0.0/0 or ::/0",
            all_port_exposures,
        )
    }
}

/// `all traffic from 0.0.0.0/0`, one phrase per ingress rule that opens every port to the internet.
fn all_port_exposures(group: &SecurityGroup) -> Vec<String> {
    internet_ingress(group, &IpFamily::BOTH)
        .into_iter()
        .filter(|(p, _)| rule_covers_all_ports(&p.protocol, p.from_port, p.to_port))
        .map(|(p, ranges)| {
            format!(
                "{} from {}",
                describe_ports(&p.protocol, p.from_port, p.to_port),
                ranges.join(", ")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{
        assert_all, assert_groups_error, group, rule, run_groups, statuses,
    };
    use crate::finding::Status;

    #[test]
    fn fails_for_every_port_from_either_internet() {
        let findings = run_groups(
            &SgNoAllTrafficOpen,
            vec![
                group(
                    "sg-1-all4",
                    vec![rule("-1", None, None, &["0.0.0.0/0"], &[])],
                ),
                group(
                    "sg-2-tcp6",
                    vec![rule("tcp", Some(0), Some(65535), &[], &["::/0"])],
                ),
                group(
                    "sg-3-udp",
                    vec![
                        rule("tcp", Some(443), Some(443), &["0.0.0.0/0"], &[]),
                        rule(
                            "udp",
                            Some(0),
                            Some(65535),
                            &["10.0.0.0/8", "0.0.0.0/0"],
                            &["::/0"],
                        ),
                    ],
                ),
            ],
        );
        assert_all(&findings, Status::Fail);
        assert_eq!(
            findings[0].message,
            "sg-1-all4 (sg-1-all4-name) allows all traffic from 0.0.0.0/0"
        );
        assert_eq!(
            findings[2].message,
            "sg-3-udp (sg-3-udp-name) allows 0-65535/udp from 0.0.0.0/0, ::/0"
        );
    }

    #[test]
    fn passes_for_narrower_ports_or_private_sources() {
        let findings = run_groups(
            &SgNoAllTrafficOpen,
            vec![
                group(
                    "sg-a-web",
                    vec![rule("tcp", Some(80), Some(443), &["0.0.0.0/0"], &["::/0"])],
                ),
                group(
                    "sg-b-vpc",
                    vec![rule("-1", None, None, &["10.0.0.0/16"], &[])],
                ),
                group("sg-c-empty", vec![]),
            ],
        );
        assert_eq!(statuses(&findings), [Status::Pass; 3]);
        assert!(
            findings[2]
                .message
                .contains("admits no traffic on every port")
        );
    }

    #[test]
    fn errors_when_groups_were_not_collected() {
        assert_groups_error(&SgNoAllTrafficOpen);
    }
}
