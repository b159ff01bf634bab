//! EC2 and VPC checks, and the rule arithmetic they share.

pub mod sg_no_admin_ports_open_ipv4;

use ipnet::IpNet;

use crate::check::Check;
use crate::finding::Resource;
use crate::inventory::ec2::{Permission, SecurityGroup};

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[&sg_no_admin_ports_open_ipv4::SgNoAdminPortsOpenIpv4];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpFamily {
    V4,
    V6,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Tcp,
    Udp,
}

impl Transport {
    fn matches(self, protocol: &str) -> bool {
        match self {
            Transport::Tcp => protocol.eq_ignore_ascii_case("tcp") || protocol == "6",
            Transport::Udp => protocol.eq_ignore_ascii_case("udp") || protocol == "17",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
        }
    }
}

/// The remote administration ports CIS 5.2/5.3 and FSBP EC2.53/EC2.54 name: SSH, and RDP over
/// TCP and UDP.
pub const ADMIN_PORTS: &[(&str, u16, Transport)] = &[
    ("SSH", 22, Transport::Tcp),
    ("RDP", 3389, Transport::Tcp),
    ("RDP", 3389, Transport::Udp),
];

/// `-1` (or `all`) is every protocol, hence every port.
pub fn is_all_protocols(protocol: &str) -> bool {
    protocol == "-1" || protocol.eq_ignore_ascii_case("all")
}

/// A range with prefix length 0 is every address of its family: the whole internet.
pub fn is_whole_internet(cidr: &str) -> bool {
    cidr.trim()
        .parse::<IpNet>()
        .is_ok_and(|net| net.prefix_len() == 0)
}

/// The permission's ranges of `family` that are the whole internet.
pub fn internet_ranges(permission: &Permission, family: IpFamily) -> Vec<&str> {
    let ranges = match family {
        IpFamily::V4 => &permission.ipv4_ranges,
        IpFamily::V6 => &permission.ipv6_ranges,
    };
    ranges
        .iter()
        .map(String::as_str)
        .filter(|cidr| is_whole_internet(cidr))
        .collect()
}

/// Whether the permission lets `port` over `transport` through. A missing port range means all ports.
pub fn permission_covers(permission: &Permission, transport: Transport, port: u16) -> bool {
    if is_all_protocols(&permission.protocol) {
        return true;
    }
    if !transport.matches(&permission.protocol) {
        return false;
    }
    let port = i32::from(port);
    let from = permission.from_port.unwrap_or(0);
    let to = permission.to_port.unwrap_or(65535);
    // -1 as a port bound means "all ports" for the protocol.
    (from == -1 || from <= port) && (to == -1 || port <= to)
}

/// Describes the exposure of admin ports in one group for one address family, one phrase per port.
pub fn admin_port_exposures(group: &SecurityGroup, family: IpFamily) -> Vec<String> {
    let mut exposures = Vec::new();
    for (name, port, transport) in ADMIN_PORTS {
        for permission in &group.ingress {
            let ranges = internet_ranges(permission, family);
            if !ranges.is_empty() && permission_covers(permission, *transport, *port) {
                let phrase = format!(
                    "{name} ({port}/{}) from {}",
                    transport.as_str(),
                    ranges.join(", ")
                );
                if !exposures.contains(&phrase) {
                    exposures.push(phrase);
                }
            }
        }
    }
    exposures
}

pub fn security_group_resource(
    account_id: &str,
    partition: &str,
    region: &str,
    group: &SecurityGroup,
) -> Resource {
    Resource::new(
        "AwsEc2SecurityGroup",
        group.id.clone(),
        Some(format!(
            "arn:{partition}:ec2:{region}:{account_id}:security-group/{}",
            group.id
        )),
        region,
    )
    .with_tags(&group.tags)
}

#[cfg(test)]
pub mod fixtures {
    use std::collections::BTreeMap;

    use crate::inventory::ec2::{Permission, SecurityGroup};

    pub fn group(id: &str, ingress: Vec<Permission>) -> SecurityGroup {
        SecurityGroup {
            id: id.into(),
            name: format!("{id}-name"),
            vpc_id: Some("vpc-1".into()),
            ingress,
            egress: vec![],
            tags: BTreeMap::new(),
        }
    }

    pub fn rule(
        protocol: &str,
        from: Option<i32>,
        to: Option<i32>,
        v4: &[&str],
        v6: &[&str],
    ) -> Permission {
        Permission {
            protocol: protocol.into(),
            from_port: from,
            to_port: to,
            ipv4_ranges: v4.iter().map(|s| s.to_string()).collect(),
            ipv6_ranges: v6.iter().map(|s| s.to_string()).collect(),
            ..Permission::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::rule;
    use super::*;

    #[test]
    fn whole_internet_is_prefix_zero_of_either_family() {
        assert!(is_whole_internet("0.0.0.0/0"));
        assert!(is_whole_internet("::/0"));
        assert!(is_whole_internet("::0/0"));
        assert!(!is_whole_internet("0.0.0.0/1"));
        assert!(!is_whole_internet("10.0.0.0/8"));
        assert!(!is_whole_internet("not a cidr"));
    }

    #[test]
    fn port_coverage_follows_protocol_and_range() {
        assert!(permission_covers(
            &rule("tcp", Some(22), Some(22), &[], &[]),
            Transport::Tcp,
            22
        ));
        assert!(permission_covers(
            &rule("6", Some(20), Some(25), &[], &[]),
            Transport::Tcp,
            22
        ));
        assert!(permission_covers(
            &rule("-1", None, None, &[], &[]),
            Transport::Udp,
            3389
        ));
        assert!(permission_covers(
            &rule("tcp", Some(0), Some(65535), &[], &[]),
            Transport::Tcp,
            3389
        ));
        assert!(!permission_covers(
            &rule("udp", Some(22), Some(22), &[], &[]),
            Transport::Tcp,
            22
        ));
        assert!(!permission_covers(
            &rule("tcp", Some(443), Some(443), &[], &[]),
            Transport::Tcp,
            22
        ));
        assert!(!permission_covers(
            &rule("icmp", Some(-1), Some(-1), &[], &[]),
            Transport::Tcp,
            22
        ));
    }
}
