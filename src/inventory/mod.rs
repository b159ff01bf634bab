//! What was collected from the account: plain serde types, no SDK types. Saved and loaded as a
//! snapshot (`--save-snapshot`, `--from`), so every type here is part of the snapshot schema.

pub mod cloudfront;
pub mod ec2;
pub mod iam;
pub mod organization;
pub mod s3;
pub mod services;
pub mod shield;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which account was audited, as STS reported it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountInfo {
    pub id: String,
    pub partition: String,
    pub caller_arn: String,
}

/// Where the audit pointed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub endpoint_url: Option<String>,
    pub regions: Vec<String>,
}

/// The snapshot schema this build reads and writes.
pub const SNAPSHOT_SCHEMA: &str = "posture.inventory/v1";

/// The outcome of one collection step: the data, the failed call, or nothing attempted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collected<T> {
    /// Not attempted in this run (the checks that would need it were not selected).
    #[default]
    NotCollected,
    Ok(T),
    Failed(Gap),
}

/// Why data is missing: the call that failed and what the endpoint said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// `service:Operation`, as in IAM policy actions, e.g. `s3:GetBucketPolicyStatus`.
    pub call: String,
    pub message: String,
}

impl Gap {
    pub fn new(call: impl Into<String>, message: impl Into<String>) -> Gap {
        Gap {
            call: call.into(),
            message: message.into(),
        }
    }

    fn not_collected() -> Gap {
        Gap::new("", "not collected in this run")
    }
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.call.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} failed: {}", self.call, self.message)
        }
    }
}

impl<T> From<Result<T, Gap>> for Collected<T> {
    fn from(result: Result<T, Gap>) -> Collected<T> {
        match result {
            Ok(value) => Collected::Ok(value),
            Err(gap) => Collected::Failed(gap),
        }
    }
}

impl<T> Collected<T> {
    /// The data, or the gap that a check turns into an ERROR finding.
    pub fn get(&self) -> Result<&T, Gap> {
        match self {
            Collected::Ok(value) => Ok(value),
            Collected::Failed(gap) => Err(gap.clone()),
            Collected::NotCollected => Err(Gap::not_collected()),
        }
    }

    /// Whether the call answered (with data, possibly empty).
    pub fn answered(&self) -> bool {
        matches!(self, Collected::Ok(_))
    }

    pub fn ok(&self) -> Option<&T> {
        match self {
            Collected::Ok(value) => Some(value),
            _ => None,
        }
    }

    pub fn from_result<E: fmt::Display>(call: &str, result: Result<T, E>) -> Collected<T> {
        match result {
            Ok(value) => Collected::Ok(value),
            Err(error) => Collected::Failed(Gap::new(call, error.to_string())),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Collected<U> {
        match self {
            Collected::Ok(value) => Collected::Ok(f(value)),
            Collected::Failed(gap) => Collected::Failed(gap),
            Collected::NotCollected => Collected::NotCollected,
        }
    }
}

/// A part of the inventory that one collector fills; checks name the parts they read so that a
/// filtered audit collects only what its checks need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// IAM's `GetAccountSummary`.
    IamAccountSummary,
    /// The credential report, filled in per user where it falls short (which takes the user
    /// list of `IamAuthorization`'s call).
    IamCredentials,
    IamPasswordPolicy,
    /// Users, groups, roles and their policies (`GetAccountAuthorizationDetails`).
    IamAuthorization,
    /// The documents of the AWS managed policies the account's identities use (`GetPolicy` and
    /// `GetPolicyVersion` each), which AWS revises and so must be read, not assumed.
    IamAwsManagedPolicies,
    IamVirtualMfaDevices,
    IamServerCertificates,
    S3,
    Ec2SecurityGroups,
    Ec2Vpcs,
    Ec2NetworkAcls,
    Ec2Instances,
    Ec2Volumes,
    /// The account's EBS snapshots, with who may create volumes from each.
    Ec2Snapshots,
    Ec2EbsEncryptionByDefault,
    Ec2FlowLogs,
    AccessAnalyzer,
    CloudTrail,
    Config,
    GuardDuty,
    SecurityHub,
    /// KMS keys: `ListKeys`, `ListAliases`, and `DescribeKey` of each.
    Kms,
    /// Each key's policy (`GetKeyPolicy`).
    KmsKeyPolicies,
    /// Whether each key that can rotate automatically does (`GetKeyRotationStatus`).
    KmsKeyRotation,
    Rds,
    /// Lambda functions (`ListFunctions`).
    Lambda,
    /// Each function's resource-based policy (`GetPolicy`).
    LambdaPolicies,
    DynamoDb,
    SecretsManager,
    Efs,
    /// CloudWatch Logs: log groups and their metric filters.
    Logs,
    /// CloudWatch: metric alarms.
    CloudWatch,
    /// SNS topics and their attributes (`ListTopics`, `GetTopicAttributes`).
    Sns,
    /// Each topic's subscriptions (`ListSubscriptionsByTopic`, `GetSubscriptionAttributes`).
    SnsSubscriptions,
    /// The Account Management API: alternate contacts.
    Account,
    Inspector,
    Macie,
    /// Load balancers (`DescribeLoadBalancers`).
    Elbv2,
    /// Each load balancer's attributes (`DescribeLoadBalancerAttributes`).
    Elbv2Attributes,
    /// Each load balancer's listeners (`DescribeListeners`).
    Elbv2Listeners,
    /// The region's ELB security policies and their protocols (`DescribeSSLPolicies`).
    Elbv2SslPolicies,
    Eks,
    ApiGateway,
    Sqs,
    /// ECR repositories and the registry's scanning configuration.
    Ecr,
    /// Each repository's policy (`GetRepositoryPolicy`).
    EcrRepositoryPolicies,
    /// Each repository's lifecycle policy (`GetLifecyclePolicy`).
    EcrLifecyclePolicies,
    EventBridge,
    /// AWS WAF (wafv2): regional web ACLs, and which ALBs they protect.
    Waf,
    /// CloudFront distributions (a global service).
    CloudFront,
    /// AWS WAF web ACLs of scope CLOUDFRONT, the ones distributions use (global, served from
    /// us-east-1).
    WafCloudFront,
    /// AWS Shield Advanced: the subscription and its protections (global).
    Shield,
}

impl Source {
    /// Every source; `Inventory::forget`'s exhaustive match is the reminder to extend it.
    pub const ALL: [Source; 52] = [
        Source::IamAccountSummary,
        Source::IamCredentials,
        Source::IamPasswordPolicy,
        Source::IamAuthorization,
        Source::IamAwsManagedPolicies,
        Source::IamVirtualMfaDevices,
        Source::IamServerCertificates,
        Source::S3,
        Source::Ec2SecurityGroups,
        Source::Ec2Vpcs,
        Source::Ec2NetworkAcls,
        Source::Ec2Instances,
        Source::Ec2Volumes,
        Source::Ec2Snapshots,
        Source::Ec2EbsEncryptionByDefault,
        Source::Ec2FlowLogs,
        Source::AccessAnalyzer,
        Source::CloudTrail,
        Source::Config,
        Source::GuardDuty,
        Source::SecurityHub,
        Source::Kms,
        Source::KmsKeyPolicies,
        Source::KmsKeyRotation,
        Source::Rds,
        Source::Lambda,
        Source::LambdaPolicies,
        Source::DynamoDb,
        Source::SecretsManager,
        Source::Efs,
        Source::Logs,
        Source::CloudWatch,
        Source::Sns,
        Source::SnsSubscriptions,
        Source::Account,
        Source::Inspector,
        Source::Macie,
        Source::Elbv2,
        Source::Elbv2Attributes,
        Source::Elbv2Listeners,
        Source::Elbv2SslPolicies,
        Source::Eks,
        Source::ApiGateway,
        Source::Sqs,
        Source::Ecr,
        Source::EcrRepositoryPolicies,
        Source::EcrLifecyclePolicies,
        Source::EventBridge,
        Source::Waf,
        Source::CloudFront,
        Source::WafCloudFront,
        Source::Shield,
    ];

    /// Whether the source is collected per region (everything but IAM, the S3 bucket list, the
    /// account's contacts, CloudFront and its web ACLs, and Shield).
    pub fn is_regional(self) -> bool {
        !self.is_iam()
            && !matches!(
                self,
                Source::S3
                    | Source::Account
                    | Source::CloudFront
                    | Source::WafCloudFront
                    | Source::Shield
            )
    }

    /// The parts IAM's one collector fills, a call (or a chain of calls) each.
    pub const IAM: [Source; 7] = [
        Source::IamAccountSummary,
        Source::IamCredentials,
        Source::IamPasswordPolicy,
        Source::IamAuthorization,
        Source::IamAwsManagedPolicies,
        Source::IamVirtualMfaDevices,
        Source::IamServerCertificates,
    ];

    /// The parts EC2's regional collector fills, a listing each.
    pub const EC2: [Source; 8] = [
        Source::Ec2SecurityGroups,
        Source::Ec2Vpcs,
        Source::Ec2NetworkAcls,
        Source::Ec2Instances,
        Source::Ec2Volumes,
        Source::Ec2Snapshots,
        Source::Ec2EbsEncryptionByDefault,
        Source::Ec2FlowLogs,
    ];

    pub fn is_iam(self) -> bool {
        Source::IAM.contains(&self)
    }

    pub fn is_ec2(self) -> bool {
        Source::EC2.contains(&self)
    }

    /// The parts a service's checks read by default: every part the service's collector fills.
    /// Checks that read less say so in `Check::needs`, and collection follows.
    pub fn for_service(service: &str) -> &'static [Source] {
        match service {
            "iam" => &Source::IAM,
            "s3" => &[Source::S3],
            "ec2" => &Source::EC2,
            "accessanalyzer" => &[Source::AccessAnalyzer],
            "cloudtrail" => &[Source::CloudTrail],
            "config" => &[Source::Config],
            "guardduty" => &[Source::GuardDuty],
            "securityhub" => &[Source::SecurityHub],
            "kms" => &[Source::Kms, Source::KmsKeyPolicies, Source::KmsKeyRotation],
            "rds" => &[Source::Rds],
            "lambda" => &[Source::Lambda, Source::LambdaPolicies],
            "dynamodb" => &[Source::DynamoDb],
            "secretsmanager" => &[Source::SecretsManager],
            "efs" => &[Source::Efs],
            "logs" => &[Source::Logs],
            "sns" => &[Source::Sns, Source::SnsSubscriptions],
            "account" => &[Source::Account],
            "inspector" => &[Source::Inspector],
            "macie" => &[Source::Macie],
            "elbv2" => &[
                Source::Elbv2,
                Source::Elbv2Attributes,
                Source::Elbv2Listeners,
                Source::Elbv2SslPolicies,
            ],
            "eks" => &[Source::Eks],
            "apigateway" => &[Source::ApiGateway],
            "sqs" => &[Source::Sqs],
            "ecr" => &[
                Source::Ecr,
                Source::EcrRepositoryPolicies,
                Source::EcrLifecyclePolicies,
            ],
            "events" => &[Source::EventBridge],
            "waf" => &[Source::Waf, Source::WafCloudFront],
            "cloudfront" => &[Source::CloudFront],
            "shield" => &[Source::Shield],
            _ => &[],
        }
    }
}

/// Whether `part` answered for any item of a collected list: a per-resource call's part holds data.
fn any_answered<T, U>(items: &Collected<Vec<T>>, part: impl Fn(&T) -> &Collected<U>) -> bool {
    items
        .ok()
        .is_some_and(|items| items.iter().any(|item| part(item).answered()))
}

/// Forgets `part` of every item of a collected list, as a run that did not ask for it leaves it.
#[cfg(test)]
fn forget_each<T, U>(items: &mut Collected<Vec<T>>, part: impl Fn(&mut T) -> &mut Collected<U>) {
    if let Collected::Ok(items) = items {
        for item in items {
            *part(item) = Collected::NotCollected;
        }
    }
}

/// Everything one run collected. Checks read it; only `collect` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    pub schema: String,
    pub account: AccountInfo,
    pub target: Target,
    /// When collection started; age checks measure from here, never from the wall clock.
    pub collected_at: DateTime<Utc>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub iam: iam::IamInventory,
    #[serde(default)]
    pub s3: s3::S3Inventory,
    /// The account's security alternate contact (`account:GetAlternateContact`), `None` when unset.
    #[serde(default)]
    pub security_contact: Collected<Option<AlternateContact>>,
    /// The account's CloudFront distributions (a global service, read in us-east-1).
    #[serde(default)]
    pub cloudfront: Collected<Vec<cloudfront::Distribution>>,
    /// The account's AWS WAF web ACLs of scope CLOUDFRONT (global, read in us-east-1).
    #[serde(default)]
    pub cloudfront_web_acls: Collected<Vec<services::WebAcl>>,
    /// The account's AWS Shield Advanced subscription and protections (global).
    #[serde(default)]
    pub shield: Collected<shield::ShieldAdvanced>,
    /// Regional services, keyed by region name.
    #[serde(default)]
    pub regions: BTreeMap<String, RegionInventory>,
    /// The organization trails of this account's organization, as its management account's own
    /// collection read them in the same run: they log this member's events, yet the member's own
    /// `DescribeTrails` may not list them or may not read their status. Empty outside an
    /// organization run, and for the management account itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization_trails: Vec<services::Trail>,
    /// The organization's external access analyzers as an organization run read them (see
    /// [`organization::OrganizationAnalyzers`]); `None` outside one, or when no check reads them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_analyzers: Option<organization::OrganizationAnalyzers>,
    /// What collecting cost; empty for an inventory that was not collected live.
    #[serde(default)]
    pub stats: CollectionStats,
}

/// Calls made while collecting, per service (the SDK's service id, lower case), and time taken.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionStats {
    #[serde(default)]
    pub by_service: BTreeMap<String, ServiceStats>,
    /// Calls still pending (or never started) when the `--timeout` budget ran out.
    #[serde(default)]
    pub calls_out_of_time: u64,
    /// Wall time per region, and for the global services under their own names (`iam`, `s3`).
    #[serde(default)]
    pub wall_time_ms: BTreeMap<String, u64>,
}

impl CollectionStats {
    /// Adds another collection's counts (another account's), its wall times under `label/`.
    pub fn absorb(&mut self, other: &CollectionStats, label: &str) {
        for (service, stats) in &other.by_service {
            self.by_service
                .entry(service.clone())
                .or_default()
                .add(stats);
        }
        self.calls_out_of_time += other.calls_out_of_time;
        for (part, ms) in &other.wall_time_ms {
            self.wall_time_ms.insert(format!("{label}/{part}"), *ms);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceStats {
    /// API calls (each page of a listing is one).
    pub calls: u64,
    /// HTTP attempts; `attempts - calls` were retries.
    pub attempts: u64,
    /// Attempts answered with throttling.
    pub throttled_attempts: u64,
    /// Attempts that got no answer in time.
    pub timed_out_attempts: u64,
    /// Calls that failed after their retries.
    pub failed: u64,
    /// Time attempts waited for posture's own rate limit before being sent.
    #[serde(default)]
    pub rate_limit_wait_ms: u64,
}

impl ServiceStats {
    pub fn retries(&self) -> u64 {
        self.attempts.saturating_sub(self.calls)
    }

    fn add(&mut self, other: &ServiceStats) {
        self.calls += other.calls;
        self.attempts += other.attempts;
        self.throttled_attempts += other.throttled_attempts;
        self.timed_out_attempts += other.timed_out_attempts;
        self.failed += other.failed;
        self.rate_limit_wait_ms += other.rate_limit_wait_ms;
    }
}

impl CollectionStats {
    /// Every service added up.
    pub fn total(&self) -> ServiceStats {
        let mut total = ServiceStats::default();
        for stats in self.by_service.values() {
            total.add(stats);
        }
        total
    }
}

/// An alternate contact of the account (billing, operations or security).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternateContact {
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
}

/// The regional services of one region.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionInventory {
    #[serde(default)]
    pub ec2: ec2::Ec2Region,
    #[serde(default)]
    pub services: services::RegionalServices,
}

impl Inventory {
    pub fn new(account: AccountInfo, target: Target, collected_at: DateTime<Utc>) -> Inventory {
        Inventory {
            schema: SNAPSHOT_SCHEMA.to_string(),
            account,
            target,
            collected_at,
            notes: Vec::new(),
            iam: iam::IamInventory::default(),
            s3: s3::S3Inventory::default(),
            security_contact: Collected::NotCollected,
            cloudfront: Collected::NotCollected,
            cloudfront_web_acls: Collected::NotCollected,
            shield: Collected::NotCollected,
            regions: BTreeMap::new(),
            organization_trails: Vec::new(),
            organization_analyzers: None,
            stats: CollectionStats::default(),
        }
    }

    /// Whether anything `source` feeds was collected in an audited region (or account-wide): the
    /// difference between a check that examined an empty collection and one that saw nothing.
    pub fn holds_data_for(&self, source: Source) -> bool {
        let iam = &self.iam;
        match source {
            Source::IamAccountSummary => iam.account_summary.answered(),
            Source::IamCredentials => iam.credentials.answered(),
            Source::IamPasswordPolicy => iam.password_policy.answered(),
            Source::IamAuthorization => iam.authorization.answered(),
            Source::IamAwsManagedPolicies => iam
                .authorization
                .ok()
                .is_some_and(|authorization| !authorization.aws_managed_policies.is_empty()),
            Source::IamVirtualMfaDevices => iam.virtual_mfa_devices.answered(),
            Source::IamServerCertificates => iam.server_certificates.answered(),
            Source::S3 => {
                self.s3.buckets.answered() || self.s3.account_public_access_block.answered()
            }
            Source::Account => self.security_contact.answered(),
            Source::CloudFront => self.cloudfront.answered(),
            Source::WafCloudFront => self.cloudfront_web_acls.answered(),
            Source::Shield => self.shield.answered(),
            regional => self.target.regions.iter().any(|region| {
                self.regions.get(region).is_some_and(|r| {
                    let (ec2, services) = (&r.ec2, &r.services);
                    match regional {
                        Source::IamAccountSummary
                        | Source::IamCredentials
                        | Source::IamPasswordPolicy
                        | Source::IamAuthorization
                        | Source::IamAwsManagedPolicies
                        | Source::IamVirtualMfaDevices
                        | Source::IamServerCertificates
                        | Source::S3
                        | Source::Account
                        | Source::CloudFront
                        | Source::WafCloudFront
                        | Source::Shield => false,
                        Source::Ec2SecurityGroups => ec2.security_groups.answered(),
                        Source::Ec2Vpcs => ec2.vpcs.answered(),
                        Source::Ec2NetworkAcls => ec2.network_acls.answered(),
                        Source::Ec2Instances => ec2.instances.answered(),
                        Source::Ec2Volumes => ec2.volumes.answered(),
                        Source::Ec2Snapshots => ec2.snapshots.answered(),
                        Source::Ec2EbsEncryptionByDefault => {
                            ec2.ebs_encryption_by_default.answered()
                        }
                        Source::Ec2FlowLogs => ec2.flow_logs.answered(),
                        Source::AccessAnalyzer => services.access_analyzers.answered(),
                        Source::CloudTrail => services.trails.answered(),
                        Source::Config => services.config_recorders.answered(),
                        Source::GuardDuty => services.guardduty_detectors.answered(),
                        Source::SecurityHub => services.security_hub.answered(),
                        Source::Kms => services.kms_keys.answered(),
                        Source::KmsKeyPolicies => {
                            any_answered(&services.kms_keys, |key| &key.policy)
                        }
                        Source::KmsKeyRotation => {
                            any_answered(&services.kms_keys, |key| &key.rotation_enabled)
                        }
                        Source::Rds => services.db_instances.answered(),
                        Source::Lambda => services.functions.answered(),
                        Source::LambdaPolicies => {
                            any_answered(&services.functions, |function| &function.policy)
                        }
                        Source::DynamoDb => services.tables.answered(),
                        Source::SecretsManager => services.secrets.answered(),
                        Source::Efs => services.file_systems.answered(),
                        Source::Logs => {
                            services.log_groups.answered() || services.metric_filters.answered()
                        }
                        Source::CloudWatch => services.metric_alarms.answered(),
                        Source::Sns => services.sns_topics.answered(),
                        Source::SnsSubscriptions => {
                            any_answered(&services.sns_topics, |topic| &topic.subscriptions)
                        }
                        Source::Inspector => services.inspector.answered(),
                        Source::Macie => services.macie.answered(),
                        Source::Elbv2 => services.load_balancers.answered(),
                        Source::Elbv2Attributes => {
                            any_answered(&services.load_balancers, |balancer| &balancer.attributes)
                        }
                        Source::Elbv2Listeners => {
                            any_answered(&services.load_balancers, |balancer| &balancer.listeners)
                        }
                        Source::Elbv2SslPolicies => services.ssl_policies.answered(),
                        Source::Eks => services.eks_clusters.answered(),
                        Source::ApiGateway => services.rest_apis.answered(),
                        Source::Sqs => services.queues.answered(),
                        Source::Ecr => {
                            services.repositories.answered()
                                || services.registry_scanning.answered()
                        }
                        Source::EcrRepositoryPolicies => {
                            any_answered(&services.repositories, |repository| &repository.policy)
                        }
                        Source::EcrLifecyclePolicies => {
                            any_answered(&services.repositories, |repository| {
                                &repository.lifecycle_policy
                            })
                        }
                        Source::EventBridge => services.event_buses.answered(),
                        Source::Waf => services.web_acls.answered(),
                    }
                })
            }),
        }
    }

    /// Whole days between `then` and collection time (negative if `then` is later).
    pub fn days_since(&self, then: DateTime<Utc>) -> i64 {
        (self.collected_at - then).num_days()
    }
}

#[cfg(test)]
impl Inventory {
    /// Drops what `source` collected, as a run that did not select it would have left it: the
    /// registry's tests use it to show that a check reads only the sources it declares.
    pub fn forget(&mut self, source: Source) {
        if !source.is_regional() {
            let iam = &mut self.iam;
            match source {
                Source::IamAccountSummary => iam.account_summary = Collected::NotCollected,
                Source::IamCredentials => iam.credentials = Collected::NotCollected,
                Source::IamPasswordPolicy => iam.password_policy = Collected::NotCollected,
                Source::IamAuthorization => iam.authorization = Collected::NotCollected,
                Source::IamAwsManagedPolicies => {
                    if let Collected::Ok(authorization) = &mut iam.authorization {
                        authorization.aws_managed_policies.clear();
                    }
                }
                Source::IamVirtualMfaDevices => iam.virtual_mfa_devices = Collected::NotCollected,
                Source::IamServerCertificates => iam.server_certificates = Collected::NotCollected,
                Source::Account => self.security_contact = Collected::NotCollected,
                Source::CloudFront => self.cloudfront = Collected::NotCollected,
                Source::WafCloudFront => self.cloudfront_web_acls = Collected::NotCollected,
                Source::Shield => self.shield = Collected::NotCollected,
                _ => self.s3 = s3::S3Inventory::default(),
            }
            return;
        }
        for regional in self.regions.values_mut() {
            let (ec2, services) = (&mut regional.ec2, &mut regional.services);
            match source {
                Source::IamAccountSummary
                | Source::IamCredentials
                | Source::IamPasswordPolicy
                | Source::IamAuthorization
                | Source::IamAwsManagedPolicies
                | Source::IamVirtualMfaDevices
                | Source::IamServerCertificates
                | Source::S3
                | Source::Account
                | Source::CloudFront
                | Source::WafCloudFront
                | Source::Shield => {}
                Source::Ec2SecurityGroups => ec2.security_groups = Collected::NotCollected,
                Source::Ec2Vpcs => ec2.vpcs = Collected::NotCollected,
                Source::Ec2NetworkAcls => ec2.network_acls = Collected::NotCollected,
                Source::Ec2Instances => ec2.instances = Collected::NotCollected,
                Source::Ec2Volumes => ec2.volumes = Collected::NotCollected,
                Source::Ec2Snapshots => ec2.snapshots = Collected::NotCollected,
                Source::Ec2EbsEncryptionByDefault => {
                    ec2.ebs_encryption_by_default = Collected::NotCollected
                }
                Source::Ec2FlowLogs => ec2.flow_logs = Collected::NotCollected,
                Source::AccessAnalyzer => services.access_analyzers = Collected::NotCollected,
                Source::CloudTrail => services.trails = Collected::NotCollected,
                Source::Config => services.config_recorders = Collected::NotCollected,
                Source::GuardDuty => services.guardduty_detectors = Collected::NotCollected,
                Source::SecurityHub => {
                    services.security_hub = Collected::NotCollected;
                    services.security_hub_administrator = Collected::NotCollected;
                }
                Source::Kms => services.kms_keys = Collected::NotCollected,
                Source::KmsKeyPolicies => {
                    forget_each(&mut services.kms_keys, |key| &mut key.policy)
                }
                Source::KmsKeyRotation => {
                    forget_each(&mut services.kms_keys, |key| &mut key.rotation_enabled)
                }
                Source::Rds => services.db_instances = Collected::NotCollected,
                Source::Lambda => services.functions = Collected::NotCollected,
                Source::LambdaPolicies => {
                    forget_each(&mut services.functions, |function| &mut function.policy)
                }
                Source::DynamoDb => services.tables = Collected::NotCollected,
                Source::SecretsManager => services.secrets = Collected::NotCollected,
                Source::Efs => services.file_systems = Collected::NotCollected,
                Source::Logs => {
                    services.log_groups = Collected::NotCollected;
                    services.metric_filters = Collected::NotCollected;
                }
                Source::CloudWatch => services.metric_alarms = Collected::NotCollected,
                Source::Sns => services.sns_topics = Collected::NotCollected,
                Source::SnsSubscriptions => {
                    forget_each(&mut services.sns_topics, |topic| &mut topic.subscriptions)
                }
                Source::Inspector => services.inspector = Collected::NotCollected,
                Source::Macie => services.macie = Collected::NotCollected,
                Source::Eks => services.eks_clusters = Collected::NotCollected,
                Source::ApiGateway => services.rest_apis = Collected::NotCollected,
                Source::Elbv2 => services.load_balancers = Collected::NotCollected,
                Source::Elbv2Attributes => forget_each(&mut services.load_balancers, |balancer| {
                    &mut balancer.attributes
                }),
                Source::Elbv2Listeners => forget_each(&mut services.load_balancers, |balancer| {
                    &mut balancer.listeners
                }),
                Source::Elbv2SslPolicies => services.ssl_policies = Collected::NotCollected,
                Source::Sqs => services.queues = Collected::NotCollected,
                Source::Ecr => {
                    services.repositories = Collected::NotCollected;
                    services.registry_scanning = Collected::NotCollected;
                }
                Source::EcrRepositoryPolicies => {
                    forget_each(&mut services.repositories, |repository| {
                        &mut repository.policy
                    })
                }
                Source::EcrLifecyclePolicies => {
                    forget_each(&mut services.repositories, |repository| {
                        &mut repository.lifecycle_policy
                    })
                }
                Source::EventBridge => services.event_buses = Collected::NotCollected,
                Source::Waf => {
                    services.web_acls = Collected::NotCollected;
                    forget_each(&mut services.load_balancers, |balancer| {
                        &mut balancer.web_acl
                    });
                }
            }
        }
    }
}
