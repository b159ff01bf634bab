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
    /// The account that administers this region's hub (`GetAdministratorAccount`), read where the
    /// hub is enabled: context for the finding, never part of its verdict.
    #[serde(default)]
    pub security_hub_administrator: Collected<Option<Administrator>>,
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
    #[serde(default)]
    pub eks_clusters: Collected<Vec<EksCluster>>,
    /// API Gateway REST APIs with their stages.
    #[serde(default)]
    pub rest_apis: Collected<Vec<RestApi>>,
    #[serde(default)]
    pub queues: Collected<Vec<Queue>>,
    #[serde(default)]
    pub repositories: Collected<Vec<Repository>>,
    #[serde(default)]
    pub registry_scanning: Collected<RegistryScanning>,
    /// AWS WAF web ACLs of the region (scope `REGIONAL`: ALBs, API Gateway stages, ...).
    #[serde(default)]
    pub web_acls: Collected<Vec<WebAcl>>,
    #[serde(default)]
    pub event_buses: Collected<Vec<EventBus>>,
    #[serde(default)]
    pub log_groups: Collected<Vec<LogGroup>>,
    /// Every metric filter of the region's log groups (`DescribeMetricFilters` without a group).
    #[serde(default)]
    pub metric_filters: Collected<Vec<MetricFilter>>,
    #[serde(default)]
    pub metric_alarms: Collected<Vec<MetricAlarm>>,
    #[serde(default)]
    pub sns_topics: Collected<Vec<SnsTopic>>,
    /// Amazon Inspector's scan types for this account in the region.
    #[serde(default)]
    pub inspector: Collected<InspectorScanning>,
    /// Amazon Macie in the region; `None` when Macie is not enabled.
    #[serde(default)]
    pub macie: Collected<Option<Macie>>,
}

/// An ECR repository with its repository policy and image settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub name: String,
    pub arn: String,
    /// `None` when the repository has no policy.
    pub policy: Collected<Option<serde_json::Value>>,
    /// The repository's own scan-on-push setting (basic scanning); the registry's scanning
    /// rules can scan it too, see [`RegistryScanning`].
    #[serde(default)]
    pub scan_on_push: Collected<bool>,
    /// `MUTABLE`, `IMMUTABLE`, or either `_WITH_EXCLUSION`.
    #[serde(default)]
    pub tag_mutability: Collected<String>,
    /// The lifecycle policy text, `None` when the repository has none.
    #[serde(default)]
    pub lifecycle_policy: Collected<Option<String>>,
}

/// An AWS WAF web ACL with what its checks read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebAcl {
    pub name: String,
    pub id: String,
    pub arn: String,
    /// Rules and rule-group references, Firewall Manager's included (`wafv2:GetWebACL`).
    pub rule_count: Collected<usize>,
    /// Where the web ACL logs (`wafv2:GetLoggingConfiguration`), `None` when logging is off.
    pub log_destinations: Collected<Option<Vec<String>>>,
}

/// The private registry's scanning configuration in one region (`GetRegistryScanningConfiguration`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryScanning {
    /// `BASIC` or `ENHANCED` (Amazon Inspector).
    pub scan_type: String,
    pub rules: Vec<ScanningRule>,
}

/// One registry scanning rule: how often the repositories its filters match are scanned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanningRule {
    /// `SCAN_ON_PUSH`, `CONTINUOUS_SCAN` or `MANUAL`.
    pub frequency: String,
    /// Repository name filters (`WILDCARD`: `*` matches any run of characters).
    pub filters: Vec<String>,
}

/// An EventBridge event bus with its resource-based policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBus {
    pub name: String,
    pub arn: String,
    /// `None` when the bus has no policy (only its own account may put events).
    pub policy: Collected<Option<serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub name: String,
    pub url: String,
    /// Empty when the queue's attributes could not be read.
    pub arn: String,
    /// The access policy (the `Policy` attribute), `None` when the queue has none.
    pub policy: Collected<Option<serde_json::Value>>,
    pub encryption: Collected<QueueEncryption>,
}

/// How a queue encrypts messages at rest: with a KMS key (SSE-KMS) or SQS's own keys (SSE-SQS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueEncryption {
    pub kms_key_id: Option<String>,
    pub sqs_managed_sse: bool,
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
    /// The CloudWatch Logs log group the trail also delivers to, as an ARN (`...:log-group:NAME:*`).
    #[serde(default)]
    pub cloudwatch_logs_log_group_arn: Option<String>,
    /// An organization trail, created in the management account (or a delegated administrator).
    #[serde(default)]
    pub is_organization_trail: bool,
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
    /// `GetDetector`'s status: `ENABLED` or `DISABLED`.
    pub status: Collected<String>,
    /// The account that administers the detector (`GetAdministratorAccount`), read for an
    /// enabled detector: context for the finding, never part of its verdict.
    #[serde(default)]
    pub administrator: Collected<Option<Administrator>>,
}

/// The administrator account of a member's GuardDuty detector or Security Hub hub: a delegated
/// administrator of the organization, or an account that invited this one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Administrator {
    pub account_id: String,
    /// As the service words it: GuardDuty's `RelationshipStatus` (`Enabled`, `Invited`, ...),
    /// Security Hub's `MemberStatus`.
    pub relationship: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KmsKey {
    pub id: String,
    pub arn: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `DescribeKey`'s answer.
    pub metadata: Collected<KeyMetadata>,
    /// `GetKeyRotationStatus`; asked only of keys that [`KeyMetadata::can_rotate_automatically`].
    pub rotation_enabled: Collected<bool>,
    /// The key policy (`GetKeyPolicy`, policy name `default`).
    #[serde(default)]
    pub policy: Collected<Option<serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyMetadata {
    /// `CUSTOMER` or `AWS`.
    pub manager: String,
    /// e.g. `SYMMETRIC_DEFAULT`.
    pub spec: String,
    /// e.g. `Enabled`, `Disabled`, `PendingDeletion`.
    pub state: String,
    pub origin: String,
    pub deletion_date: Option<DateTime<Utc>>,
}

impl KeyMetadata {
    /// The customer owns the key (AWS managed keys are rotated and kept by AWS).
    pub fn is_customer_managed(&self) -> bool {
        self.manager == "CUSTOMER"
    }

    /// Automatic rotation exists only for enabled, customer managed, symmetric encryption keys
    /// whose material KMS generated itself (not imported, not in a custom key store). The
    /// collector asks only these keys for their rotation status, and the rotation check judges
    /// only these keys: one predicate for both.
    pub fn can_rotate_automatically(&self) -> bool {
        self.is_customer_managed()
            && self.spec == "SYMMETRIC_DEFAULT"
            && self.state == "Enabled"
            && self.origin == "AWS_KMS"
    }
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
    /// A standby in a second Availability Zone (Multi-AZ deployment).
    #[serde(default)]
    pub multi_az: bool,
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
    /// The resource-based policy, `None` when the secret has none.
    #[serde(default)]
    pub policy: Collected<Option<serde_json::Value>>,
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
    /// The ARN of the AWS WAF web ACL protecting an Application Load Balancer
    /// (`wafv2:GetWebACLForResource`), `None` when none is; read only when a WAF check runs.
    #[serde(default)]
    pub web_acl: Collected<Option<String>>,
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

/// An EKS cluster: its name from the listing, the rest from `DescribeCluster`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EksCluster {
    pub name: String,
    pub details: Collected<EksClusterDetails>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EksClusterDetails {
    pub arn: String,
    /// The Kubernetes minor version, e.g. `1.33`.
    pub version: Option<String>,
    pub endpoint_public_access: bool,
    pub public_access_cidrs: Vec<String>,
    /// The customer's KMS key wrapping the cluster's Kubernetes secrets (and, since 2025, all its
    /// API data); `None` when only EKS's default AWS-owned key does.
    pub secrets_key_arn: Option<String>,
    /// Control-plane log types being sent to CloudWatch Logs (`api`, `audit`, ...).
    pub enabled_log_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestApi {
    pub id: String,
    pub name: String,
    pub stages: Collected<Vec<ApiStage>>,
}

/// A deployed stage of a REST API, with the settings the customer chooses for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiStage {
    pub api_id: String,
    pub api_name: String,
    pub name: String,
    /// The client certificate API Gateway presents to the backend, if any.
    pub client_certificate_id: Option<String>,
    pub tracing_enabled: bool,
    pub web_acl_arn: Option<String>,
    pub cache_cluster_enabled: bool,
    /// Settings by method path: `*/*` is the stage's default, `/pets/GET` one method's override.
    pub method_settings: BTreeMap<String, MethodSetting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogGroup {
    pub name: String,
    pub arn: String,
    /// `None`: events are kept forever.
    pub retention_days: Option<i32>,
    /// The KMS key that encrypts the group, `None` for the service's default encryption.
    pub kms_key_id: Option<String>,
}

/// A metric a filter publishes or an alarm watches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricName {
    pub namespace: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodSetting {
    /// `OFF`, `ERROR` or `INFO`; `None` when not set.
    pub logging_level: Option<String>,
    pub caching_enabled: bool,
    pub cache_data_encrypted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricFilter {
    pub name: String,
    pub log_group: String,
    /// The filter pattern as stored; an empty pattern matches every event.
    pub pattern: String,
    pub metrics: Vec<MetricName>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricAlarm {
    pub name: String,
    pub arn: String,
    pub actions_enabled: bool,
    /// ARNs notified when the alarm fires (SNS topics, Auto Scaling or EC2 actions...).
    pub alarm_actions: Vec<String>,
    /// The metrics it watches: its single metric, or each metric of a metric-math alarm.
    pub metrics: Vec<MetricName>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnsTopic {
    pub arn: String,
    pub attributes: Collected<SnsTopicAttributes>,
    pub subscriptions: Collected<Vec<SnsSubscription>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnsTopicAttributes {
    /// The topic's access policy.
    pub policy: Option<serde_json::Value>,
    /// The KMS key for server-side encryption, `None` when the topic is not encrypted.
    pub kms_master_key_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnsSubscription {
    /// The subscription ARN, or SNS's placeholder (`PendingConfirmation`) while unconfirmed.
    pub arn: String,
    pub protocol: String,
    pub endpoint: String,
    /// Whether the subscriber confirmed: false for the placeholder ARN, else the subscription's
    /// `PendingConfirmation` attribute.
    pub confirmed: Collected<bool>,
}

/// Each Inspector scan type's status (`ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`,
/// `SUSPENDED`, ...), empty when the service did not report that type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectorScanning {
    pub ec2: String,
    pub ecr: String,
    pub lambda: String,
    pub lambda_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Macie {
    /// `ENABLED` or `PAUSED`.
    pub status: String,
    /// Automated sensitive data discovery: `ENABLED` or `DISABLED`.
    pub automated_discovery: Collected<String>,
}
