//! `ec2.sg_no_admin_ports_open_ipv4`: no security group admits SSH or RDP from 0.0.0.0/0.

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::ec2::{IpFamily, admin_port_exposures, security_group_resource};
use crate::checks::per_region;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct SgNoAdminPortsOpenIpv4;

impl Check for SgNoAdminPortsOpenIpv4 {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/sg_no_admin_ports_open_ipv4")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = &inventory.account;
        per_region(
            inventory,
            meta,
            |r| &r.ec2.security_groups,
            |region, groups| {
                groups
                    .iter()
                    .map(|group| {
                        let resource =
                            security_group_resource(&account.id, &account.partition, region, group);
                        let exposures = admin_port_exposures(group, IpFamily::V4);
                        if exposures.is_empty() {
                            Finding::pass(
                                meta,
                                resource,
                                format!(
                                    "{} ({}) admits no SSH or RDP from the IPv4 internet",
                                    group.id, group.name
                                ),
                            )
                        } else {
                            Finding::fail(
                                meta,
                                resource,
                                format!(
                                    "{} ({}) allows {}",
                                    group.id,
                                    group.name,
                                    exposures.join("; ")
                                ),
                            )
                        }
                    })
                    .collect()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{group, rule};
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn evaluate(groups: Vec<crate::inventory::ec2::SecurityGroup>) -> Vec<Finding> {
        let inventory = regional(|r| r.ec2.security_groups = Collected::Ok(groups));
        SgNoAdminPortsOpenIpv4.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn fails_on_ssh_rdp_ranges_and_all_traffic_from_anywhere() {
        let findings = evaluate(vec![
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
        ]);
        assert!(
            findings.iter().all(|f| f.status == Status::Fail),
            "{findings:?}"
        );
        assert!(findings[0].message.contains("SSH (22/tcp) from 0.0.0.0/0"));
    }

    #[test]
    fn passes_for_private_sources_other_ports_and_ipv6_only() {
        let findings = evaluate(vec![
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
        ]);
        assert!(
            findings.iter().all(|f| f.status == Status::Pass),
            "{findings:?}"
        );
    }

    #[test]
    fn errors_for_a_region_whose_groups_were_not_collected() {
        let inventory = regional(|r| r.ec2.security_groups = failed("ec2:DescribeSecurityGroups"));
        let findings = SgNoAdminPortsOpenIpv4.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![(format!("{ACCOUNT}/{REGION}"), Status::Error)]
        );
    }
}
