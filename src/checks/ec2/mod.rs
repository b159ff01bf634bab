//! EC2 and VPC checks, and the rule arithmetic they share.
//!
//! Security groups are allow-only and stateful: any one ingress rule that admits a port from a
//! source is enough for that source to reach it. Network ACLs are stateless and ordered: the
//! lowest-numbered entry that matches a packet decides, allow or deny, and nothing after it counts.
//! Protocol `-1` means every protocol and every port; a port range covers every port inside it.

pub mod default_sg_restricts_all;
pub mod ebs_encryption_by_default;
pub mod ebs_snapshot_not_public;
pub mod ebs_volume_encrypted;
pub mod instance_imdsv2_required;
pub mod instance_profile_attached;
pub mod nacl_no_admin_ports_open;
pub mod sg_no_admin_ports_open_ipv4;
pub mod sg_no_admin_ports_open_ipv6;
pub mod sg_no_all_traffic_open;
pub mod sg_no_cifs_port_open;
pub mod sg_no_high_risk_ports_open;
pub mod vpc_flow_logs_enabled;

use std::collections::BTreeMap;

use ipnet::IpNet;

use crate::check::{Check, CheckMeta};
use crate::checks::with_collected;
use crate::finding::{AccountInfo, Finding, Resource};
use crate::inventory::ec2::{
    Ec2Region, Instance, NaclEntry, NetworkAcl, Permission, SecurityGroup, Snapshot, Volume, Vpc,
};
use crate::inventory::{Collected, Gap, Inventory};

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[
    &default_sg_restricts_all::DefaultSgRestrictsAll,
    &ebs_encryption_by_default::EbsEncryptionByDefault,
    &ebs_snapshot_not_public::EbsSnapshotNotPublic,
    &ebs_volume_encrypted::EbsVolumeEncrypted,
    &instance_imdsv2_required::InstanceImdsv2Required,
    &instance_profile_attached::InstanceProfileAttached,
    &nacl_no_admin_ports_open::NaclNoAdminPortsOpen,
    &sg_no_admin_ports_open_ipv4::SgNoAdminPortsOpenIpv4,
    &sg_no_admin_ports_open_ipv6::SgNoAdminPortsOpenIpv6,
    &sg_no_all_traffic_open::SgNoAllTrafficOpen,
    &sg_no_cifs_port_open::SgNoCifsPortOpen,
    &sg_no_high_risk_ports_open::SgNoHighRiskPortsOpen,
    &vpc_flow_logs_enabled::VpcFlowLogsEnabled,
];

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

/// What a check concluded about one resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Pass(String),
    Fail(String),
    /// A per-resource detail the verdict needs was not collected: an ERROR, never a PASS.
    Unknown(Gap),
}

impl Verdict {
    pub fn new(passed: bool, message: String) -> Verdict {
        if passed {
            Verdict::Pass(message)
        } else {
            Verdict::Fail(message)
        }
    }

    pub fn into_finding(self, meta: &'static CheckMeta, resource: Resource) -> Finding {
        match self {
            Verdict::Pass(message) => Finding::pass(meta, resource, message),
            Verdict::Fail(message) => Finding::fail(meta, resource, message),
            Verdict::Unknown(gap) => Finding::error(meta, resource, &gap),
        }
    }
}

/// An EC2 or VPC resource a finding can be about: its Security Hub type and how its ARN is built.
pub trait Ec2Resource {
    /// The Security Hub resource type, e.g. `AwsEc2SecurityGroup`.
    const KIND: &'static str;
    /// The resource-type segment of the ARN, e.g. `security-group`.
    const ARN_TYPE: &'static str;
    /// Snapshot ARNs leave the account field empty; every other EC2 ARN names the owner.
    const ARN_NAMES_ACCOUNT: bool = true;

    fn id(&self) -> &str;
    fn tags(&self) -> &BTreeMap<String, String>;

    /// A name that is not a tag (a security group's name); otherwise the `Name` tag names it.
    fn name(&self) -> Option<&str> {
        None
    }

    /// `arn:{partition}:ec2:{region}:{account}:{type}/{id}`, with its tags.
    fn resource(&self, account: &AccountInfo, region: &str) -> Resource {
        let owner = if Self::ARN_NAMES_ACCOUNT {
            account.id.as_str()
        } else {
            ""
        };
        let arn = format!(
            "arn:{}:ec2:{region}:{owner}:{}/{}",
            account.partition,
            Self::ARN_TYPE,
            self.id()
        );
        let resource = Resource::new(Self::KIND, self.id(), Some(arn), region);
        match self.name() {
            Some(name) => resource.named(name).with_tags(self.tags()),
            None => resource.with_tags(self.tags()),
        }
    }
}

macro_rules! ec2_resource {
    ($type:ty, $kind:literal, $arn_type:literal $(, $names_account:literal)? $(; name = $name:ident)?) => {
        impl Ec2Resource for $type {
            const KIND: &'static str = $kind;
            const ARN_TYPE: &'static str = $arn_type;
            $(const ARN_NAMES_ACCOUNT: bool = $names_account;)?

            fn id(&self) -> &str {
                &self.id
            }

            fn tags(&self) -> &BTreeMap<String, String> {
                &self.tags
            }

            $(fn name(&self) -> Option<&str> {
                Some(&self.$name)
            })?
        }
    };
}

ec2_resource!(SecurityGroup, "AwsEc2SecurityGroup", "security-group"; name = name);
ec2_resource!(NetworkAcl, "AwsEc2NetworkAcl", "network-acl");
ec2_resource!(Instance, "AwsEc2Instance", "instance");
ec2_resource!(Volume, "AwsEc2Volume", "volume");
ec2_resource!(Snapshot, "AwsEc2Snapshot", "snapshot", false);
ec2_resource!(Vpc, "AwsEc2Vpc", "vpc");

/// One finding per item of a regional EC2 collection, in every audited region. `judge` sees the
/// whole region (for checks that join two collections) and returns `None` for items the check does
/// not cover. A region whose collection failed yields one ERROR on the region instead.
pub fn per_resource<T: Ec2Resource>(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    select: impl Fn(&Ec2Region) -> &Collected<Vec<T>>,
    judge: impl Fn(&Ec2Region, &T) -> Option<Verdict>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (region, regional) in &inventory.regions {
        let ec2 = &regional.ec2;
        let on_gap = || Resource::region(&inventory.account.id, region);
        findings.extend(with_collected(meta, select(ec2), on_gap, |items| {
            items
                .iter()
                .filter_map(|item| {
                    let verdict = judge(ec2, item)?;
                    Some(verdict.into_finding(meta, item.resource(&inventory.account, region)))
                })
                .collect()
        }));
    }
    findings
}

/// `sg-1 (web)`: how messages name a security group.
pub fn group_label(group: &SecurityGroup) -> String {
    format!("{} ({})", group.id, group.name)
}

/// The shared evaluator of the "nothing open to the internet" group checks: one finding per group,
/// PASS when `find` reports no exposure (the message then says it `admits` nothing of the kind),
/// FAIL listing every exposure otherwise.
pub fn evaluate_group_exposures(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    admits_none_of: &str,
    find: impl Fn(&SecurityGroup) -> Vec<String>,
) -> Vec<Finding> {
    per_resource(
        inventory,
        meta,
        |ec2| &ec2.security_groups,
        |_, group| {
            let exposures = find(group);
            let label = group_label(group);
            Some(if exposures.is_empty() {
                Verdict::Pass(format!("{label} admits no {admits_none_of}"))
            } else {
                Verdict::Fail(format!("{label} allows {}", exposures.join("; ")))
            })
        },
    )
}

/// The one evaluator behind `sg_no_admin_ports_open_ipv4` and `_ipv6`: they differ only in family.
pub fn evaluate_admin_ports(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    family: IpFamily,
) -> Vec<Finding> {
    let admits_none_of = format!("SSH or RDP from {}", family.internet());
    evaluate_group_exposures(inventory, meta, &admits_none_of, |group| {
        admin_port_exposures(group, family)
    })
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

/// Whether an EC2 instance still exists for the purpose of an audit.
pub fn is_live(instance: &Instance) -> bool {
    !instance.state.eq_ignore_ascii_case("terminated")
}

#[cfg(test)]
pub mod fixtures {
    use std::collections::BTreeMap;

    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::{Finding, Status};
    use crate::inventory::Collected;
    use crate::inventory::ec2::{
        Ec2Region, FlowLog, Instance, NaclEntry, NetworkAcl, Permission, SecurityGroup, Snapshot,
        Volume, Vpc,
    };

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

    /// An ingress entry; a source containing `:` is IPv6.
    pub fn entry(
        rule_number: i32,
        protocol: &str,
        ports: Option<(i32, i32)>,
        source: &str,
        allow: bool,
    ) -> NaclEntry {
        let v6 = source.contains(':');
        NaclEntry {
            rule_number,
            egress: false,
            protocol: protocol.into(),
            allow,
            ipv4_cidr: (!v6).then(|| source.to_string()),
            ipv6_cidr: v6.then(|| source.to_string()),
            from_port: ports.map(|(from, _)| from),
            to_port: ports.map(|(_, to)| to),
        }
    }

    pub fn acl(id: &str, entries: Vec<NaclEntry>) -> NetworkAcl {
        NetworkAcl {
            id: id.into(),
            vpc_id: Some("vpc-1".into()),
            is_default: false,
            entries,
            tags: BTreeMap::new(),
        }
    }

    pub fn instance(id: &str, state: &str) -> Instance {
        Instance {
            id: id.into(),
            state: state.into(),
            http_tokens: Some("required".into()),
            http_endpoint: Some("enabled".into()),
            instance_profile_arn: None,
            public_ip: None,
            tags: BTreeMap::new(),
        }
    }

    pub fn volume(id: &str, encrypted: bool) -> Volume {
        Volume {
            id: id.into(),
            encrypted,
            state: "in-use".into(),
            tags: BTreeMap::new(),
        }
    }

    pub fn snapshot(id: &str, public: Collected<bool>) -> Snapshot {
        Snapshot {
            id: id.into(),
            encrypted: false,
            public,
            tags: BTreeMap::new(),
        }
    }

    pub fn vpc(id: &str) -> Vpc {
        Vpc {
            id: id.into(),
            is_default: false,
            cidr_block: Some("10.0.0.0/16".into()),
            tags: BTreeMap::new(),
        }
    }

    pub fn flow_log(id: &str, resource_id: &str) -> FlowLog {
        FlowLog {
            id: id.into(),
            resource_id: resource_id.into(),
            status: Some("ACTIVE".into()),
            traffic_type: Some("ALL".into()),
        }
    }

    /// Runs `check` over one region whose EC2 data `fill` sets, with default settings.
    pub fn run(check: &dyn Check, fill: impl FnOnce(&mut Ec2Region)) -> Vec<Finding> {
        let inventory = regional(|region| fill(&mut region.ec2));
        check.evaluate(&inventory, &Settings::default())
    }

    /// Runs `check` over these security groups.
    pub fn run_groups(check: &dyn Check, groups: Vec<SecurityGroup>) -> Vec<Finding> {
        run(check, |ec2| ec2.security_groups = Collected::Ok(groups))
    }

    /// Asserts that `check` yields exactly one ERROR, on the region, when `fill` leaves what it
    /// needs uncollected.
    pub fn assert_region_error(check: &dyn Check, fill: impl FnOnce(&mut Ec2Region)) {
        let findings = run(check, fill);
        assert_eq!(
            verdicts(&findings),
            vec![(format!("{ACCOUNT}/{REGION}"), Status::Error)]
        );
        assert!(findings[0].message.contains("AccessDenied"), "{findings:?}");
    }

    /// Asserts that a security-group check yields one region ERROR when the groups failed.
    pub fn assert_groups_error(check: &dyn Check) {
        assert_region_error(check, |ec2| {
            ec2.security_groups = failed("ec2:DescribeSecurityGroups")
        });
    }

    /// The findings' statuses, in order.
    pub fn statuses(findings: &[Finding]) -> Vec<Status> {
        findings.iter().map(|f| f.status).collect()
    }

    /// Asserts every finding has `status`, with the findings in the failure message.
    pub fn assert_all(findings: &[Finding], status: Status) {
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|f| f.status == status), "{findings:#?}");
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{acl, entry, rule};
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

    #[test]
    fn snapshot_arns_leave_the_account_out() {
        let account = AccountInfo {
            id: "111122223333".into(),
            partition: "aws-cn".into(),
            caller_arn: String::new(),
        };
        let snap = fixtures::snapshot("snap-1", Collected::Ok(false));
        assert_eq!(
            snap.resource(&account, "cn-north-1").arn.as_deref(),
            Some("arn:aws-cn:ec2:cn-north-1::snapshot/snap-1")
        );
        let vpc = fixtures::vpc("vpc-1");
        assert_eq!(
            vpc.resource(&account, "cn-north-1").arn.as_deref(),
            Some("arn:aws-cn:ec2:cn-north-1:111122223333:vpc/vpc-1")
        );
    }
}
