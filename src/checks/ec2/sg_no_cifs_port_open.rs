//! `ec2.sg_no_cifs_port_open`: no security group admits CIFS/SMB (port 445) from the internet.
//!
//! CIS v5.0 5.1.2 asks that CIFS be reachable only from trusted networks; the whole internet (0.0.0.0/0
//! or ::/0) is the one source that is never trusted. TCP and UDP both count, and a rule that opens a
//! range or all traffic opens 445 with it.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::ec2::evaluate_group_exposures;
use crate::finding::Finding;
use crate::inventory::ec2::SecurityGroup;
use crate::inventory::{Inventory, Source};
use crate::network::{IpFamily, describe_ports, internet_ingress, permission_covers, port_target};

const CIFS_PORT: u16 = 445;

pub struct SgNoCifsPortOpen;

impl Check for SgNoCifsPortOpen {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/sg_no_cifs_port_open")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2SecurityGroups]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        evaluate_group_exposures(
            inventory,
            self.meta(),
            "CIFS (445) from 0.0.0.0/0 or ::/0",
            cifs_exposures,
        )
    }
}

/// One phrase per internet-facing rule that reaches port 445, naming a wider rule when 445 is open
/// only as part of it.
fn cifs_exposures(group: &SecurityGroup) -> Vec<String> {
    internet_ingress(group, &IpFamily::BOTH)
        .into_iter()
        .filter_map(|(permission, ranges)| {
            let target = port_target(CIFS_PORT, |t| permission_covers(permission, t, CIFS_PORT))?;
            let rule = describe_ports(
                &permission.protocol,
                permission.from_port,
                permission.to_port,
            );
            let through = if target.starts_with(&rule) {
                String::new()
            } else {
                format!(" through the {rule} rule")
            };
            Some(format!(
                "CIFS ({target}) from {}{through}",
                ranges.join(", ")
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_all, assert_groups_error, group, rule, run_groups};
    use crate::finding::Status;

    #[test]
    fn fails_on_445_directly_in_a_range_or_through_all_traffic() {
        let findings = run_groups(
            &SgNoCifsPortOpen,
            vec![
                group(
                    "sg-smb",
                    vec![rule("tcp", Some(445), Some(445), &["0.0.0.0/0"], &[])],
                ),
                group(
                    "sg-range-v6",
                    vec![rule("tcp", Some(400), Some(500), &[], &["::/0"])],
                ),
                group("sg-all", vec![rule("-1", None, None, &["0.0.0.0/0"], &[])]),
            ],
        );
        assert_all(&findings, Status::Fail);
        assert_eq!(
            findings[0].message,
            "sg-smb (sg-smb-name) allows CIFS (445/tcp) from 0.0.0.0/0"
        );
        assert!(
            findings[1].message.contains("through the 400-500/tcp rule"),
            "{}",
            findings[1].message
        );
        assert!(
            findings[2].message.contains("445/tcp+udp"),
            "{}",
            findings[2].message
        );
    }

    #[test]
    fn passes_445_from_a_trusted_network_and_other_ports_from_anywhere() {
        let findings = run_groups(
            &SgNoCifsPortOpen,
            vec![
                group(
                    "sg-internal",
                    vec![rule("tcp", Some(445), Some(445), &["10.0.0.0/8"], &[])],
                ),
                group(
                    "sg-web",
                    vec![rule("tcp", Some(443), Some(443), &["0.0.0.0/0"], &["::/0"])],
                ),
            ],
        );
        assert_all(&findings, Status::Pass);
        assert_eq!(
            findings[1].message,
            "sg-web (sg-web-name) admits no CIFS (445) from 0.0.0.0/0 or ::/0"
        );
    }

    #[test]
    fn errors_when_groups_were_not_listed() {
        assert_groups_error(&SgNoCifsPortOpen);
    }
}
