//! Regional logging, detection, key and managed services as collected in one region.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Collected;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalServices {
    #[serde(default)]
    pub access_analyzers: Collected<Vec<AccessAnalyzer>>,
    /// Trails visible from this region, shadow copies of multi-region trails included.
    #[serde(default)]
    pub trails: Collected<Vec<Trail>>,
    #[serde(default)]
    pub config_recorders: Collected<Vec<ConfigRecorder>>,
    #[serde(default)]
    pub guardduty_detectors: Collected<Vec<GuardDutyDetector>>,
    /// `Some` with the hub ARN when Security Hub is enabled, `None` when it is not.
    #[serde(default)]
    pub security_hub: Collected<Option<String>>,
    #[serde(default)]
    pub kms_keys: Collected<Vec<KmsKey>>,
    #[serde(default)]
    pub db_instances: Collected<Vec<DbInstance>>,
    #[serde(default)]
    pub functions: Collected<Vec<Function>>,
    #[serde(default)]
    pub tables: Collected<Vec<Table>>,
    #[serde(default)]
    pub secrets: Collected<Vec<Secret>>,
    #[serde(default)]
    pub file_systems: Collected<Vec<FileSystem>>,
    /// Application, Network and Gateway Load Balancers (Elastic Load Balancing v2).
    #[serde(default)]
    pub load_balancers: Collected<Vec<LoadBalancer>>,
    /// The TLS protocol versions each ELB security policy allows, by policy name.
    #[serde(default)]
    pub ssl_policies: Collected<BTreeMap<String, Vec<String>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessAnalyzer {
    pub name: String,
    pub arn: String,
    /// `ACCOUNT`, `ORGANIZATION`, or an unused-access type.
    pub kind: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trail {
    pub name: String,
    pub arn: String,
    pub home_region: String,
    pub is_multi_region: bool,
    pub log_file_validation: bool,
    pub kms_key_id: Option<String>,
    pub s3_bucket: Option<String>,
    /// `GetTrailStatus`'s IsLogging.
    pub is_logging: Collected<bool>,
    /// Whether the event selectors record read and write management events.
    pub records_all_management_events: Collected<bool>,
    /// Which S3 object-level (data) events the trail records for every bucket.
    #[serde(default)]
    pub s3_data_events: Collected<S3DataEvents>,
}

/// S3 object-level events a trail records for all buckets (not for some named ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3DataEvents {
    pub read: bool,
    pub write: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigRecorder {
    pub name: String,
    pub all_supported: bool,
    pub include_global_resource_types: bool,
    pub recording: Collected<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardDutyDetector {
    pub id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KmsKey {
    pub id: String,
    pub arn: String,
    /// `CUSTOMER` or `AWS`.
    pub manager: String,
    /// e.g. `SYMMETRIC_DEFAULT`.
    pub spec: String,
    /// e.g. `Enabled`, `Disabled`, `PendingDeletion`.
    pub state: String,
    pub origin: String,
    pub deletion_date: Option<DateTime<Utc>>,
    /// `GetKeyRotationStatus`; only asked for customer-managed symmetric keys.
    pub rotation_enabled: Collected<bool>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbInstance {
    pub id: String,
    pub arn: String,
    pub engine: String,
    pub storage_encrypted: bool,
    pub publicly_accessible: bool,
    pub auto_minor_version_upgrade: bool,
    pub backup_retention_period: i32,
    /// The source instance or cluster when this instance is a read replica.
    #[serde(default)]
    pub read_replica_source: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub name: String,
    pub arn: String,
    /// Lambda's managed runtime; `None` for container images, which carry their own.
    pub runtime: Option<String>,
    /// `Zip` (a managed runtime runs the code) or `Image` (a container image); `None` when the
    /// endpoint did not say, as older snapshots do not.
    #[serde(default)]
    pub package_type: Option<String>,
    /// The resource-based policy, `None` when the function has none.
    pub policy: Collected<Option<serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    pub arn: String,
    pub point_in_time_recovery: Collected<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secret {
    pub name: String,
    pub arn: String,
    pub rotation_enabled: bool,
    pub last_rotated: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSystem {
    pub id: String,
    pub arn: String,
    pub encrypted: bool,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// An Elastic Load Balancing v2 load balancer with its attributes and listeners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    /// `application`, `network` or `gateway`.
    pub kind: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    pub availability_zones: Vec<String>,
    /// `DescribeLoadBalancerAttributes`' key/value pairs, e.g. `deletion_protection.enabled`.
    pub attributes: Collected<BTreeMap<String, String>>,
    pub listeners: Collected<Vec<Listener>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listener {
    pub arn: String,
    pub port: Option<i32>,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP` or `GENEVE`.
    pub protocol: String,
    /// The security policy of an HTTPS or TLS listener.
    pub ssl_policy: Option<String>,
    pub default_actions: Vec<ListenerAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenerAction {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, ...
    pub kind: String,
    /// Where a `redirect` sends the client: `HTTPS`, `HTTP` or `#{protocol}` (unchanged).
    pub redirect_protocol: Option<String>,
}
