//! `ec2.sg_no_high_risk_ports_open`: no security group opens a high-risk port to the internet.
//!
//! The ports are `Settings::high_risk_ports` (by default the list FSBP EC2.19 names). Both TCP
//! and UDP count: several of these services also listen on UDP (RDP on 3389, the SQL Server
//! Browser on 1434). Sources are 0.0.0.0/0 and ::/0. A group that opens all traffic fails here
//! too; each check stands on its own.

use std::collections::BTreeSet;

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::ec2::evaluate_group_exposures;
use crate::finding::Finding;
use crate::inventory::ec2::SecurityGroup;
use crate::inventory::{Inventory, Source};
use crate::network::{IpFamily, Transport, describe_ports, internet_ingress, permission_covers};

pub struct SgNoHighRiskPortsOpen;

impl Check for SgNoHighRiskPortsOpen {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/sg_no_high_risk_ports_open")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2SecurityGroups]
    }

    fn evaluate(&self, inventory: &Inventory, settings: &Settings) -> Vec<Finding> {
        evaluate_group_exposures(
            inventory,
            self.meta(),
            "high-risk port from 0.0.0.0/0 or ::/0",
            |group| high_risk_exposures(group, &settings.high_risk_ports),
        )
    }
}

/// One phrase per internet-facing ingress rule that reaches any of `ports`, naming the rule, its
/// internet sources and the high-risk ports it opens.
fn high_risk_exposures(group: &SecurityGroup, ports: &[u16]) -> Vec<String> {
    internet_ingress(group, &IpFamily::BOTH)
        .into_iter()
        .filter_map(|(permission, ranges)| {
            let reached: BTreeSet<u16> = ports
                .iter()
                .copied()
                .filter(|port| {
                    Transport::BOTH
                        .into_iter()
                        .any(|transport| permission_covers(permission, transport, *port))
                })
                .collect();
            if reached.is_empty() {
                return None;
            }
            let listed: Vec<String> = reached.iter().map(u16::to_string).collect();
            Some(format!(
                "{} from {} (high-risk ports {})",
                describe_ports(
                    &permission.protocol,
                    permission.from_port,
                    permission.to_port
                ),
                ranges.join(", "),
                listed.join(", ")
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_all, assert_groups_error, group, rule, run};
    use crate::checks::fixtures::regional;
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn fails_naming_each_rule_and_the_high_risk_ports_it_opens() {
        let findings = run(&SgNoHighRiskPortsOpen, |ec2| {
            ec2.security_groups = Collected::Ok(vec![
                group(
                    "sg-db",
                    vec![
                        rule("tcp", Some(3306), Some(3306), &["0.0.0.0/0"], &[]),
                        rule("tcp", Some(5400), Some(5500), &[], &["::/0"]),
                        rule("tcp", Some(443), Some(443), &["0.0.0.0/0"], &[]),
                    ],
                ),
                group(
                    "sg-mssql",
                    vec![rule("udp", Some(1434), Some(1434), &["0.0.0.0/0"], &[])],
                ),
                // 80-443 looks like "web", but the range takes in POP3, RPC and IMAP as well.
                group(
                    "sg-web-range",
                    vec![rule("tcp", Some(80), Some(443), &["0.0.0.0/0"], &[])],
                ),
            ])
        });
        assert_all(&findings, Status::Fail);
        assert_eq!(
            findings[0].message,
            "sg-db (sg-db-name) allows 3306/tcp from 0.0.0.0/0 (high-risk ports 3306); \
             5400-5500/tcp from ::/0 (high-risk ports 5432, 5500)"
        );
        assert!(
            findings[1]
                .message
                .contains("1434/udp from 0.0.0.0/0 (high-risk ports 1434)")
        );
        assert!(
            findings[2]
                .message
                .ends_with("80-443/tcp from 0.0.0.0/0 (high-risk ports 110, 135, 143)")
        );
    }

    #[test]
    fn passes_for_safe_ports_private_sources_and_a_tuned_port_list() {
        let groups = vec![
            group(
                "sg-web",
                vec![
                    rule("tcp", Some(80), Some(80), &["0.0.0.0/0"], &["::/0"]),
                    rule("tcp", Some(443), Some(443), &["0.0.0.0/0"], &["::/0"]),
                ],
            ),
            group(
                "sg-ssh-vpn",
                vec![rule("tcp", Some(22), Some(22), &["198.51.100.0/24"], &[])],
            ),
            group(
                "sg-redis",
                vec![rule("tcp", Some(6379), Some(6379), &["0.0.0.0/0"], &[])],
            ),
        ];
        assert_all(
            &run(&SgNoHighRiskPortsOpen, |ec2| {
                ec2.security_groups = Collected::Ok(groups.clone())
            }),
            Status::Pass,
        );
        let tuned = Settings {
            high_risk_ports: vec![6379],
            ..Settings::default()
        };
        let inventory = regional(|r| r.ec2.security_groups = Collected::Ok(groups));
        let findings = SgNoHighRiskPortsOpen.evaluate(&inventory, &tuned);
        assert_eq!(findings[2].status, Status::Fail, "{findings:#?}");
    }

    #[test]
    fn errors_when_groups_were_not_collected() {
        assert_groups_error(&SgNoHighRiskPortsOpen);
    }
}
