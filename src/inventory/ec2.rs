//! EC2 and VPC as collected in one region: the network controls and the compute the customer runs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Collected;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2Region {
    #[serde(default)]
    pub security_groups: Collected<Vec<SecurityGroup>>,
    #[serde(default)]
    pub vpcs: Collected<Vec<Vpc>>,
    #[serde(default)]
    pub network_acls: Collected<Vec<NetworkAcl>>,
    #[serde(default)]
    pub instances: Collected<Vec<Instance>>,
    #[serde(default)]
    pub volumes: Collected<Vec<Volume>>,
    /// Snapshots this account owns, with whether anyone may create volumes from them.
    #[serde(default)]
    pub snapshots: Collected<Vec<Snapshot>>,
    #[serde(default)]
    pub ebs_encryption_by_default: Collected<bool>,
    #[serde(default)]
    pub flow_logs: Collected<Vec<FlowLog>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub vpc_id: Option<String>,
    pub ingress: Vec<Permission>,
    pub egress: Vec<Permission>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// One IP permission: a protocol and port range, and the sources (ingress) or destinations (egress).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    /// `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or an IP protocol number.
    pub protocol: String,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    #[serde(default)]
    pub ipv4_ranges: Vec<String>,
    #[serde(default)]
    pub ipv6_ranges: Vec<String>,
    #[serde(default)]
    pub prefix_lists: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub id: String,
    pub is_default: bool,
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: Option<String>,
    pub is_default: bool,
    pub entries: Vec<NaclEntry>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NaclEntry {
    pub rule_number: i32,
    pub egress: bool,
    /// `-1` for all, else an IP protocol number as a string (`6` is TCP, `17` UDP).
    pub protocol: String,
    pub allow: bool,
    pub ipv4_cidr: Option<String>,
    pub ipv6_cidr: Option<String>,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub id: String,
    pub state: String,
    /// `required` when only IMDSv2 session tokens are accepted, `optional` when IMDSv1 still works.
    pub http_tokens: Option<String>,
    /// `enabled` or `disabled`: with the endpoint disabled, no metadata version is reachable.
    pub http_endpoint: Option<String>,
    pub instance_profile_arn: Option<String>,
    pub public_ip: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    pub id: String,
    pub encrypted: bool,
    pub state: String,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub id: String,
    pub encrypted: bool,
    /// True when `createVolumePermission` includes the group `all`.
    pub public: Collected<bool>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowLog {
    pub id: String,
    /// The VPC, subnet or interface the flow log watches.
    pub resource_id: String,
    pub status: Option<String>,
    /// `ACCEPT`, `REJECT` or `ALL`: which traffic the log records.
    #[serde(default)]
    pub traffic_type: Option<String>,
}
