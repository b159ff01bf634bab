//! One hand-built report that every format's snapshot test renders, so that the formats can be
//! compared side by side: PASS, FAIL, ERROR and MUTED findings; customer and shared owners; iam, s3,
//! ec2, ssm and accessanalyzer; every severity; resources with and without an ARN; baseline states,
//! a resolved finding and notes. The check metadata is written here rather than taken from the
//! catalog, so that editing a check's TOML does not change these snapshots.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use crate::catalog::{CheckMeta, Layer, Owner, ServiceModel, Severity};
use crate::finding::{BaselineState, Finding, ResolvedFinding, Resource, Status};
use crate::inventory::{AccountInfo, Target};
use crate::report::Report;

pub(crate) const ACCOUNT: &str = "123456789012";

struct MetaSpec {
    id: &'static str,
    title: &'static str,
    severity: Severity,
    resource_type: &'static str,
    owner: Owner,
    layer: Layer,
    service_model: ServiceModel,
    why_owner: &'static str,
    risk: &'static str,
    remediation: &'static str,
    remediation_cli: Option<&'static str>,
    learn: &'static str,
    compliance: &'static [(&'static str, &'static [&'static str])],
}

impl MetaSpec {
    fn build(&self) -> CheckMeta {
        CheckMeta {
            id: self.id.to_string(),
            title: self.title.to_string(),
            service: self.id.split('.').next().unwrap_or_default().to_string(),
            severity: self.severity,
            resource_type: self.resource_type.to_string(),
            owner: self.owner,
            layer: self.layer,
            service_model: self.service_model,
            why_owner: self.why_owner.to_string(),
            risk: self.risk.to_string(),
            remediation: self.remediation.to_string(),
            remediation_cli: self.remediation_cli.map(str::to_string),
            learn: self.learn.to_string(),
            references: vec![format!(
                "https://docs.aws.amazon.com/posture-fixture/{}",
                self.id
            )],
            compliance: self
                .compliance
                .iter()
                .map(|(framework, ids)| {
                    (
                        framework.to_string(),
                        ids.iter().map(|id| id.to_string()).collect(),
                    )
                })
                .collect(),
        }
    }
}

const ROOT_MFA: usize = 0;
const PUBLIC_ACL: usize = 1;
const ADMIN_PORTS: usize = 2;
const PATCHING: usize = 3;
const PASSWORD_POLICY: usize = 4;
const VERSIONING: usize = 5;
const ANALYZER: usize = 6;

static METAS: LazyLock<Vec<CheckMeta>> = LazyLock::new(|| {
    [
        MetaSpec {
            id: "iam.root_mfa_enabled",
            title: "Root user has MFA enabled",
            severity: Severity::Critical,
            resource_type: "AwsAccount",
            owner: Owner::Customer,
            layer: Layer::Identity,
            service_model: ServiceModel::Account,
            why_owner: "Identities and their credentials are configuration inside your account: security IN the cloud.",
            risk: "Whoever learns the root password controls every resource and the bill.",
            remediation: "Sign in as root, open Security credentials and assign an MFA device.",
            remediation_cli: None,
            learn: "The root user is the account owner: protect it with MFA and use IAM identities daily.",
            compliance: &[("aws_fsbp", &["IAM.9"]), ("cis_aws_3_0", &["1.5"])],
        },
        MetaSpec {
            id: "s3.bucket_no_public_acl",
            title: "Bucket ACL grants nothing to everyone",
            severity: Severity::High,
            resource_type: "AwsS3Bucket",
            owner: Owner::Customer,
            layer: Layer::Data,
            service_model: ServiceModel::Saas,
            why_owner: "AWS runs S3; who may read your objects is your access policy.",
            risk: "Anyone on the internet can list or read the bucket's objects.",
            remediation: "Remove the AllUsers and AuthenticatedUsers grants | or set the ACL to private.",
            remediation_cli: Some("aws s3api put-bucket-acl --bucket <bucket> --acl private"),
            learn: "S3 is SaaS-like: AWS secures the service, you secure the data and who can reach it.",
            compliance: &[("aws_fsbp", &["S3.2", "S3.3"])],
        },
        MetaSpec {
            id: "ec2.sg_no_admin_ports_open_ipv4",
            title: "Security groups allow no admin ports from 0.0.0.0/0",
            severity: Severity::High,
            resource_type: "AwsEc2SecurityGroup",
            owner: Owner::Customer,
            layer: Layer::Network,
            service_model: ServiceModel::Iaas,
            why_owner: "Security groups are your firewall rules; with IaaS the network edge is yours.",
            risk: "SSH and RDP open to the internet invite brute force and exploits.",
            remediation: "Restrict ports 22 and 3389 to known CIDRs, or use Session Manager.",
            remediation_cli: None,
            learn: "EC2 is IaaS: the customer owns the guest OS and its firewall rules.",
            compliance: &[("aws_fsbp", &["EC2.53"]), ("cis_aws_3_0", &["5.2"])],
        },
        MetaSpec {
            id: "ssm.instances_patch_compliant",
            title: "Managed instances are patch compliant",
            severity: Severity::Medium,
            resource_type: "AwsRegion",
            owner: Owner::Shared,
            layer: Layer::Compute,
            service_model: ServiceModel::Iaas,
            why_owner: "Patching is shared: AWS patches hosts and hypervisors, you patch guest OSes.",
            risk: "Unpatched guests carry known, exploitable vulnerabilities.",
            remediation: "Apply the missing patches with Patch Manager.",
            remediation_cli: None,
            learn: "Patch management is a shared control in the shared responsibility model.",
            compliance: &[("aws_fsbp", &["SSM.2"])],
        },
        MetaSpec {
            id: "iam.password_policy_strong",
            title: "Password policy requires 14 or more characters",
            severity: Severity::Medium,
            resource_type: "AwsAccount",
            owner: Owner::Customer,
            layer: Layer::Identity,
            service_model: ServiceModel::Account,
            why_owner: "The password policy is account configuration you set.",
            risk: "Short passwords fall to guessing.",
            remediation: "Set a password policy with a minimum length of 14.",
            remediation_cli: None,
            learn: "IAM settings are customer configuration.",
            compliance: &[("cis_aws_3_0", &["1.8"])],
        },
        MetaSpec {
            id: "s3.bucket_versioning_enabled",
            title: "Bucket versioning is enabled",
            severity: Severity::Low,
            resource_type: "AwsS3Bucket",
            owner: Owner::Customer,
            layer: Layer::Data,
            service_model: ServiceModel::Saas,
            why_owner: "Data protection settings are yours to choose.",
            risk: "An overwrite or delete cannot be undone.",
            remediation: "Enable versioning on the bucket.",
            remediation_cli: None,
            learn: "Durability is AWS's; recoverability from your own mistakes is yours.",
            compliance: &[],
        },
        MetaSpec {
            id: "accessanalyzer.enabled",
            title: "IAM Access Analyzer is enabled",
            severity: Severity::Informational,
            resource_type: "AwsRegion",
            owner: Owner::Customer,
            layer: Layer::Account,
            service_model: ServiceModel::Account,
            why_owner: "Turning on analysers is your choice.",
            risk: "Unintended external access goes unnoticed.",
            remediation: "Create an account analyzer in each region.",
            remediation_cli: None,
            learn: "Monitoring your own configuration is part of security IN the cloud.",
            compliance: &[],
        },
    ]
    .iter()
    .map(MetaSpec::build)
    .collect()
});

fn meta(index: usize) -> &'static CheckMeta {
    &METAS[index]
}

fn bucket(name: &str) -> Resource {
    Resource::new(
        "AwsS3Bucket",
        name,
        Some(format!("arn:aws:s3:::{name}")),
        "us-east-1",
    )
}

fn finding(
    index: usize,
    status: Status,
    resource: Resource,
    message: &str,
    muted_reason: Option<&str>,
    baseline: Option<BaselineState>,
) -> Finding {
    let mut finding = match status {
        Status::Pass => Finding::pass(meta(index), resource, message),
        _ => Finding::fail(meta(index), resource, message),
    };
    finding.status = status;
    finding.muted_reason = muted_reason.map(str::to_string);
    finding.baseline = baseline;
    finding
}

/// The fixture's findings in report order, with their mute reasons and baseline states.
pub(crate) fn findings() -> Vec<Finding> {
    use BaselineState::{New, Unchanged};
    let tags: BTreeMap<String, String> = [("env", "dev"), ("team", "web")]
        .into_iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    let mut findings = vec![
        finding(
            ROOT_MFA,
            Status::Fail,
            Resource::account(ACCOUNT, "aws"),
            "The root user of account 123456789012 has no MFA device",
            None,
            Some(Unchanged),
        ),
        finding(
            ADMIN_PORTS,
            Status::Fail,
            Resource::new(
                "AwsEc2SecurityGroup",
                "sg-0ab12cd34",
                Some(format!(
                    "arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/sg-0ab12cd34"
                )),
                "eu-west-1",
            )
            .named("web"),
            "sg-0ab12cd34 (web) allows SSH (22) from 0.0.0.0/0",
            None,
            Some(New),
        ),
        finding(
            PUBLIC_ACL,
            Status::Pass,
            bucket("private-data"),
            "private-data grants nothing to AllUsers or AuthenticatedUsers",
            None,
            Some(Unchanged),
        ),
        finding(
            PUBLIC_ACL,
            Status::Fail,
            bucket("public-site-assets").with_tags(&tags),
            "public-site-assets grants READ to \"AllUsers\" <http://acs.amazonaws.com/groups/global/AllUsers> | via ACL & policy",
            None,
            Some(New),
        ),
        finding(
            PUBLIC_ACL,
            Status::Fail,
            bucket("public-site-logs"),
            "public-site-logs grants READ to AllUsers",
            Some("static website logs, reviewed by secops"),
            Some(Unchanged),
        ),
        finding(
            PASSWORD_POLICY,
            Status::Pass,
            Resource::account(ACCOUNT, "aws"),
            "The password policy requires 14 characters",
            None,
            Some(Unchanged),
        ),
        finding(
            PATCHING,
            Status::Error,
            Resource::region(ACCOUNT, "us-east-1"),
            "ssm:ListResourceComplianceSummaries failed: AccessDenied: not authorized",
            None,
            Some(New),
        ),
        finding(
            VERSIONING,
            Status::Fail,
            bucket("private-data"),
            "private-data has versioning Suspended",
            None,
            Some(New),
        ),
        finding(
            ANALYZER,
            Status::Pass,
            Resource::region(ACCOUNT, "eu-west-1"),
            "eu-west-1 has an active account analyzer",
            None,
            None,
        ),
    ];
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// The same findings before any mutelist or baseline touched them.
pub(crate) fn unmuted_findings() -> Vec<Finding> {
    let mut findings = findings();
    for finding in &mut findings {
        finding.muted_reason = None;
        finding.baseline = None;
    }
    findings
}

/// The shared report.
pub(crate) fn report() -> Report {
    let started_at: DateTime<Utc> = DateTime::parse_from_rfc3339("2025-01-15T10:30:00Z")
        .map(|time| time.with_timezone(&Utc))
        .unwrap_or_default();
    Report {
        account: AccountInfo {
            id: ACCOUNT.to_string(),
            partition: "aws".to_string(),
            caller_arn: format!("arn:aws:iam::{ACCOUNT}:user/auditor"),
        },
        target: Target {
            endpoint_url: None,
            regions: vec!["eu-west-1".to_string(), "us-east-1".to_string()],
        },
        started_at,
        duration_ms: 1234,
        findings: findings(),
        notes: vec![
            "mutelist rule 2 (check iam.*) expired on 2024-12-31; it no longer mutes".to_string(),
        ],
        responsibility: Vec::new(),
        resolved: Some(vec![ResolvedFinding {
            check_id: "s3.bucket_no_public_policy".to_string(),
            title: "Bucket policy grants nothing to everyone".to_string(),
            severity: "critical".to_string(),
            owner: "customer".to_string(),
            resource: bucket("old-public-bucket"),
            message: "old-public-bucket policy allows s3:GetObject to Principal *".to_string(),
            account_id: None,
        }]),
        hidden: Vec::new(),
        stats: Default::default(),
        accounts: Vec::new(),
        several: false,
    }
}

/// A report without a baseline: no states, no resolved list.
pub(crate) fn report_without_baseline() -> Report {
    let mut report = report();
    report.resolved = None;
    for finding in &mut report.findings {
        finding.baseline = None;
    }
    report
}

/// The shared report as a run over three accounts would give it: the findings split between the
/// management account and a named member, and a third member that could not be entered.
pub(crate) fn multi_account_report() -> Report {
    use std::sync::Arc;

    use crate::inventory::organization::OrgAccount;
    use crate::report::AuditedAccount;
    let mut report = report_without_baseline();
    let management = OrgAccount {
        id: ACCOUNT.to_string(),
        name: Some("management".to_string()),
        ou_path: "Root".to_string(),
        tags: BTreeMap::new(),
    };
    let member = OrgAccount {
        id: "222233334444".to_string(),
        name: Some("web-prod".to_string()),
        ou_path: "Root/Workloads".to_string(),
        tags: BTreeMap::from([("team".to_string(), "web".to_string())]),
    };
    let closed = OrgAccount {
        id: "555566667777".to_string(),
        name: None,
        ou_path: String::new(),
        tags: BTreeMap::new(),
    };
    let (a, b) = (Arc::new(management.clone()), Arc::new(member.clone()));
    for (index, finding) in report.findings.iter_mut().enumerate() {
        finding.account = Some(if index % 2 == 0 { a.clone() } else { b.clone() });
    }
    let refused = crate::inventory::Gap::new(
        "sts:AssumeRole",
        "arn:aws:iam::555566667777:role/PostureAudit: AccessDenied: not authorized",
    );
    let meta = report.findings[0].meta;
    let mut error = Finding::error(meta, Resource::account("555566667777", "aws"), &refused);
    error.account = Some(Arc::new(closed.clone()));
    report.findings.push(error);
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.several = true;
    report.accounts = vec![
        AuditedAccount {
            account: management,
            role_arn: None,
            error: None,
        },
        AuditedAccount {
            account: member,
            role_arn: Some("arn:aws:iam::222233334444:role/PostureAudit".to_string()),
            error: None,
        },
        AuditedAccount {
            account: closed,
            role_arn: Some("arn:aws:iam::555566667777:role/PostureAudit".to_string()),
            error: Some(refused.to_string()),
        },
    ];
    report
}

/// A validator for a vendored JSON Schema, with `format` checks on.
pub(crate) fn validator(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the vendored schema compiles")
}

/// Every way `instance` violates the schema, as `path: message`.
pub(crate) fn violations(
    validator: &jsonschema::Validator,
    instance: &serde_json::Value,
) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

/// `report` rendered in `format` with the default options.
pub fn rendered(format: crate::output::Format, report: &Report) -> String {
    crate::output::render(format, report, crate::output::RenderOptions::default()).expect("renders")
}
