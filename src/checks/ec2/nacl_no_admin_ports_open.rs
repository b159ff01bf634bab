//! `ec2.nacl_no_admin_ports_open`: no network ACL lets SSH or RDP in from 0.0.0.0/0 or ::/0.
//!
//! For each of 22/tcp and 3389/tcp and each address family, the ingress entries are walked in
//! ascending rule number and the first one that matches traffic from the whole internet decides
//! (see [`nacl_deciding_entry`]): an allow fails the ACL, a deny protects it. A deny for a narrower
//! range does not stop the internet at large, so it is passed over.
//!
//! Scope: every ACL, the default one included. CIS 5.1 audits all of them; Security Hub's EC2.21
//! skips default ACLs, whose shipped allow-all rule would otherwise fail in every VPC. The message
//! says when the ACL is a default one.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::Finding;
use crate::finding::Verdict;
use crate::inventory::ec2::{NaclEntry, NetworkAcl};
use crate::inventory::{Inventory, Source};
use crate::network::{
    ADMIN_PORTS, IpFamily, Transport, describe_ports, nacl_deciding_entry, port_target,
};

pub struct NaclNoAdminPortsOpen;

impl Check for NaclNoAdminPortsOpen {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/nacl_no_admin_ports_open")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2NetworkAcls]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |regional| &regional.ec2.network_acls,
            |_, acl| Some(judge(acl)),
        )
    }
}

fn judge(acl: &NetworkAcl) -> Verdict {
    let mut exposures = Vec::new();
    for family in IpFamily::BOTH {
        // EC2.21's rule flags TCP or UDP on 22 and 3389, and CIS 5.1 names protocols 6 and 17.
        for (name, port) in ADMIN_PORTS {
            let deciding: Vec<(Transport, &NaclEntry)> = Transport::BOTH
                .into_iter()
                .filter_map(|t| nacl_deciding_entry(acl, family, t, *port).map(|entry| (t, entry)))
                .filter(|(_, entry)| entry.allow)
                .collect();
            let mut rules: Vec<&NaclEntry> = deciding.iter().map(|(_, entry)| *entry).collect();
            rules.dedup_by_key(|entry| entry.rule_number);
            for entry in rules {
                let allowed = |t: Transport| {
                    deciding
                        .iter()
                        .any(|(d, e)| *d == t && e.rule_number == entry.rule_number)
                };
                let Some(target) = port_target(*port, allowed) else {
                    continue;
                };
                exposures.push(format!(
                    "{name} ({target}) from {} by rule {} (allow {})",
                    family.internet(),
                    entry.rule_number,
                    describe_ports(&entry.protocol, entry.from_port, entry.to_port)
                ));
            }
        }
    }
    let kind = if acl.is_default {
        "default network ACL"
    } else {
        "network ACL"
    };
    let vpc = acl
        .vpc_id
        .as_deref()
        .map(|vpc| format!(" of {vpc}"))
        .unwrap_or_default();
    let subject = format!("{} ({kind}{vpc})", acl.id);
    if exposures.is_empty() {
        Verdict::Pass(format!(
            "{subject} lets neither SSH (22) nor RDP (3389) in from 0.0.0.0/0 or ::/0"
        ))
    } else {
        Verdict::Fail(format!("{subject} allows {}", exposures.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{acl, assert_region_error, entry, run, statuses};
    use crate::checks::fixtures::failed;
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::ec2::NaclEntry;

    fn evaluate(acls: Vec<NetworkAcl>) -> Vec<Finding> {
        run(&NaclNoAdminPortsOpen, |ec2| {
            ec2.network_acls = Collected::Ok(acls)
        })
    }

    /// The default ACL as AWS ships it: allow everything, then the catch-all deny (`*`, 32767).
    fn shipped_default() -> Vec<NaclEntry> {
        vec![
            entry(100, "-1", None, "0.0.0.0/0", true),
            entry(101, "-1", None, "::/0", true),
            entry(32767, "-1", None, "0.0.0.0/0", false),
            entry(32768, "-1", None, "::/0", false),
        ]
    }

    #[test]
    fn fails_when_an_allow_decides_for_the_whole_internet() {
        let mut default = acl("acl-default", shipped_default());
        default.is_default = true;
        let findings = evaluate(vec![
            default,
            // A narrow deny first does not protect against the rest of the internet.
            acl(
                "acl-narrow-deny",
                vec![
                    entry(10, "6", Some((22, 22)), "198.51.100.0/24", false),
                    entry(20, "6", Some((0, 65535)), "0.0.0.0/0", true),
                ],
            ),
            acl(
                "acl-rdp6",
                vec![entry(100, "6", Some((3389, 3389)), "::/0", true)],
            ),
            acl(
                "acl-ssh-udp",
                vec![entry(100, "17", Some((22, 22)), "0.0.0.0/0", true)],
            ),
        ]);
        assert_eq!(statuses(&findings), [Status::Fail; 4]);
        assert_eq!(
            findings[3].message,
            "acl-ssh-udp (network ACL of vpc-1) allows SSH (22/udp) from 0.0.0.0/0 by rule 100 (allow 22/udp)"
        );
        assert_eq!(
            findings[0].message,
            "acl-default (default network ACL of vpc-1) allows SSH (22/tcp+udp) from 0.0.0.0/0 by \
             rule 100 (allow all traffic); RDP (3389/tcp+udp) from 0.0.0.0/0 by rule 100 (allow all \
             traffic); SSH (22/tcp+udp) from ::/0 by rule 101 (allow all traffic); RDP \
             (3389/tcp+udp) from ::/0 by rule 101 (allow all traffic)"
        );
        assert!(
            findings[1]
                .message
                .contains("SSH (22/tcp) from 0.0.0.0/0 by rule 20 (allow 0-65535/tcp)")
        );
        assert_eq!(
            findings[2].message,
            "acl-rdp6 (network ACL of vpc-1) allows RDP (3389/tcp) from ::/0 by rule 100 (allow 3389/tcp)"
        );
    }

    #[test]
    fn passes_when_a_deny_comes_first_or_nothing_matches() {
        let mut deny_first = vec![
            entry(50, "6", Some((22, 22)), "0.0.0.0/0", false),
            entry(60, "6", Some((3389, 3389)), "0.0.0.0/0", false),
            entry(65, "17", None, "0.0.0.0/0", false),
            entry(70, "-1", None, "::/0", false),
        ];
        deny_first.extend(shipped_default());
        let mut egress_only = entry(100, "-1", None, "0.0.0.0/0", true);
        egress_only.egress = true;
        let findings = evaluate(vec![
            acl("acl-deny-first", deny_first),
            acl(
                "acl-scoped",
                vec![
                    entry(100, "6", Some((22, 22)), "10.0.0.0/8", true),
                    entry(110, "6", Some((443, 443)), "0.0.0.0/0", true),
                    entry(120, "17", Some((53, 53)), "0.0.0.0/0", true),
                ],
            ),
            acl("acl-egress", vec![egress_only]),
        ]);
        assert_eq!(statuses(&findings), [Status::Pass; 3]);
        assert_eq!(
            findings[1].message,
            "acl-scoped (network ACL of vpc-1) lets neither SSH (22) nor RDP (3389) in from \
             0.0.0.0/0 or ::/0"
        );
        assert_eq!(
            findings[0].resource.arn.as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:network-acl/acl-deny-first")
        );
    }

    #[test]
    fn errors_when_network_acls_were_not_collected() {
        assert_region_error(&NaclNoAdminPortsOpen, |ec2| {
            ec2.network_acls = failed("ec2:DescribeNetworkAcls")
        });
    }
}
