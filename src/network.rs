//! Security group and network ACL rule arithmetic: which ports and sources a rule admits.
//!
//! Security groups are allow-only and stateful: any one ingress rule that admits a port from a
//! source is enough for that source to reach it. Network ACLs are stateless and ordered: the
//! lowest-numbered entry that matches a packet decides, allow or deny, and nothing after it counts.
//! Protocol `-1` means every protocol and every port; a port range covers every port inside it.

use ipnet::IpNet;

use crate::inventory::ec2::{NaclEntry, NetworkAcl, Permission, SecurityGroup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpFamily {
    V4,
    V6,
}

impl IpFamily {
    pub const BOTH: [IpFamily; 2] = [IpFamily::V4, IpFamily::V6];

    /// The whole internet of this family, for messages.
    pub fn internet(self) -> &'static str {
        match self {
            IpFamily::V4 => "0.0.0.0/0",
            IpFamily::V6 => "::/0",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Tcp,
    Udp,
}

impl Transport {
    pub const BOTH: [Transport; 2] = [Transport::Tcp, Transport::Udp];

    /// Security groups name the protocol (`tcp`), network ACLs number it (`6`); both are accepted.
    fn matches(self, protocol: &str) -> bool {
        match self {
            Transport::Tcp => protocol.eq_ignore_ascii_case("tcp") || protocol == "6",
            Transport::Udp => protocol.eq_ignore_ascii_case("udp") || protocol == "17",
        }
    }

    fn of(protocol: &str) -> Option<Transport> {
        Transport::BOTH.into_iter().find(|t| t.matches(protocol))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
        }
    }
}

/// The remote administration ports CIS 5.1-5.3 and EC2.21/53/54 name. Both transports count: CIS
/// names protocols 6, 17 and -1, and the Config rules behind the controls check TCP and UDP.
pub const ADMIN_PORTS: &[(&str, u16)] = &[("SSH", 22), ("RDP", 3389)];

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

/// Whether a rule (security group permission or network ACL entry) with this protocol and port
/// bounds lets `port` over `transport` through. A missing bound, or `-1`, means all ports.
pub fn rule_covers(
    protocol: &str,
    from: Option<i32>,
    to: Option<i32>,
    transport: Transport,
    port: u16,
) -> bool {
    if is_all_protocols(protocol) {
        return true;
    }
    if !transport.matches(protocol) {
        return false;
    }
    let port = i32::from(port);
    from.is_none_or(|from| from == -1 || from <= port) && to.is_none_or(|to| to == -1 || port <= to)
}

/// Whether the rule opens every port: all protocols, or TCP or UDP over the whole 0-65535 range.
pub fn rule_covers_all_ports(protocol: &str, from: Option<i32>, to: Option<i32>) -> bool {
    is_all_protocols(protocol)
        || (Transport::of(protocol).is_some()
            && from.is_none_or(|from| from <= 0)
            && to.is_none_or(|to| to == -1 || to >= 65535))
}

/// Whether the permission lets `port` over `transport` through. A missing port range means all ports.
pub fn permission_covers(permission: &Permission, transport: Transport, port: u16) -> bool {
    rule_covers(
        &permission.protocol,
        permission.from_port,
        permission.to_port,
        transport,
        port,
    )
}

/// What a rule lets through, for messages: `all traffic`, `22/tcp`, `20-25/tcp`, `0-65535/udp`,
/// `icmp`, `protocol 47`.
pub fn describe_ports(protocol: &str, from: Option<i32>, to: Option<i32>) -> String {
    if is_all_protocols(protocol) {
        return "all traffic".to_string();
    }
    let Some(transport) = Transport::of(protocol) else {
        return if protocol.parse::<u16>().is_ok() {
            format!("protocol {protocol}")
        } else {
            protocol.to_lowercase()
        };
    };
    let name = transport.as_str();
    // A missing bound, or -1, is the end of the range.
    let from = from.filter(|from| *from >= 0).unwrap_or(0);
    let to = to.filter(|to| *to >= 0).unwrap_or(65535);
    if from == to {
        format!("{from}/{name}")
    } else {
        format!("{from}-{to}/{name}")
    }
}

/// The permission's ports and peers, for messages: `all traffic from 0.0.0.0/0, sg-1`.
pub fn describe_permission(permission: &Permission, direction: &str) -> String {
    let peers: Vec<&str> = [
        &permission.ipv4_ranges,
        &permission.ipv6_ranges,
        &permission.prefix_lists,
        &permission.security_groups,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    let ports = describe_ports(
        &permission.protocol,
        permission.from_port,
        permission.to_port,
    );
    if peers.is_empty() {
        ports
    } else {
        format!("{ports} {direction} {}", peers.join(", "))
    }
}

/// The group's ingress permissions that name the whole internet in any of `families`, each with
/// those internet ranges.
pub fn internet_ingress<'g>(
    group: &'g SecurityGroup,
    families: &[IpFamily],
) -> Vec<(&'g Permission, Vec<&'g str>)> {
    group
        .ingress
        .iter()
        .filter_map(|permission| {
            let ranges: Vec<&str> = families
                .iter()
                .flat_map(|family| internet_ranges(permission, *family))
                .collect();
            (!ranges.is_empty()).then_some((permission, ranges))
        })
        .collect()
}

/// The transports of `port` that a rule lets through, as `22/tcp` or `22/tcp+udp`.
pub fn port_target(port: u16, covered: impl Fn(Transport) -> bool) -> Option<String> {
    let transports: Vec<&str> = Transport::BOTH
        .into_iter()
        .filter(|transport| covered(*transport))
        .map(Transport::as_str)
        .collect();
    (!transports.is_empty()).then(|| format!("{port}/{}", transports.join("+")))
}

/// Describes the exposure of admin ports in one group for one address family: one phrase per port
/// and rule, naming the wider rule when the port is open only as part of one.
pub fn admin_port_exposures(group: &SecurityGroup, family: IpFamily) -> Vec<String> {
    let open = internet_ingress(group, &[family]);
    let mut exposures = Vec::new();
    for (name, port) in ADMIN_PORTS {
        for (permission, ranges) in &open {
            let Some(target) = port_target(*port, |t| permission_covers(permission, t, *port))
            else {
                continue;
            };
            let mut phrase = format!("{name} ({target}) from {}", ranges.join(", "));
            let rule = describe_ports(
                &permission.protocol,
                permission.from_port,
                permission.to_port,
            );
            if !target.starts_with(&rule) {
                phrase.push_str(&format!(" through the {rule} rule"));
            }
            if !exposures.contains(&phrase) {
                exposures.push(phrase);
            }
        }
    }
    exposures
}

/// The entry's source range of `family`, if it has one.
fn nacl_entry_cidr(entry: &NaclEntry, family: IpFamily) -> Option<&str> {
    match family {
        IpFamily::V4 => entry.ipv4_cidr.as_deref(),
        IpFamily::V6 => entry.ipv6_cidr.as_deref(),
    }
}

/// The ingress entry that decides whether `port` over `transport` from the whole internet of
/// `family` enters the subnet: the lowest-numbered matching entry whose source is that whole
/// internet. Entries for narrower sources neither open nor close the port to the internet at
/// large, so they are passed over. `None` means no entry matches, and the ACL's implicit final
/// deny applies.
pub fn nacl_deciding_entry(
    acl: &NetworkAcl,
    family: IpFamily,
    transport: Transport,
    port: u16,
) -> Option<&NaclEntry> {
    acl.entries
        .iter()
        .filter(|entry| !entry.egress)
        .filter(|entry| nacl_entry_cidr(entry, family).is_some_and(is_whole_internet))
        .filter(|entry| {
            rule_covers(
                &entry.protocol,
                entry.from_port,
                entry.to_port,
                transport,
                port,
            )
        })
        .min_by_key(|entry| entry.rule_number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{acl, entry, rule};

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
        let covers = |protocol, from, to, transport, port| {
            permission_covers(&rule(protocol, from, to, &[], &[]), transport, port)
        };
        assert!(covers("tcp", Some(22), Some(22), Transport::Tcp, 22));
        assert!(covers("6", Some(20), Some(25), Transport::Tcp, 22));
        assert!(covers("-1", None, None, Transport::Udp, 3389));
        assert!(covers("tcp", Some(0), Some(65535), Transport::Tcp, 3389));
        assert!(covers("tcp", None, None, Transport::Tcp, 3389));
        assert!(!covers("udp", Some(22), Some(22), Transport::Tcp, 22));
        assert!(!covers("tcp", Some(443), Some(443), Transport::Tcp, 22));
        assert!(!covers("icmp", Some(-1), Some(-1), Transport::Tcp, 22));
    }

    #[test]
    fn all_ports_means_every_protocol_or_the_whole_tcp_or_udp_range() {
        assert!(rule_covers_all_ports("-1", None, None));
        assert!(rule_covers_all_ports("tcp", Some(0), Some(65535)));
        assert!(rule_covers_all_ports("17", None, None));
        assert!(!rule_covers_all_ports("tcp", Some(1), Some(65535)));
        assert!(!rule_covers_all_ports("tcp", Some(0), Some(1024)));
        assert!(!rule_covers_all_ports("icmp", Some(-1), Some(-1)));
    }

    #[test]
    fn ports_read_like_the_console() {
        assert_eq!(describe_ports("-1", None, None), "all traffic");
        assert_eq!(describe_ports("tcp", Some(22), Some(22)), "22/tcp");
        assert_eq!(describe_ports("6", Some(20), Some(25)), "20-25/tcp");
        assert_eq!(describe_ports("udp", None, None), "0-65535/udp");
        assert_eq!(describe_ports("tcp", Some(-1), Some(-1)), "0-65535/tcp");
        assert_eq!(describe_ports("icmp", Some(-1), Some(-1)), "icmp");
        assert_eq!(describe_ports("47", None, None), "protocol 47");
    }

    #[test]
    fn the_lowest_matching_whole_internet_entry_decides() {
        let nacl = acl(
            "acl-1",
            vec![
                entry(200, "-1", None, "0.0.0.0/0", true),
                entry(90, "6", Some((22, 22)), "0.0.0.0/0", false),
                entry(50, "6", Some((22, 22)), "203.0.113.0/24", true),
                entry(80, "17", Some((3389, 3389)), "0.0.0.0/0", false),
            ],
        );
        let decide = |family, port| {
            nacl_deciding_entry(&nacl, family, Transport::Tcp, port).map(|e| e.rule_number)
        };
        assert_eq!(decide(IpFamily::V4, 22), Some(90));
        assert_eq!(decide(IpFamily::V4, 3389), Some(200));
        assert_eq!(decide(IpFamily::V6, 22), None);
    }
}
