//! The shared-responsibility map of an audited account: for each service in use, what AWS secures
//! (inherited, never a failure), what both sides share, what the customer secures, and how the
//! customer's side fared in this audit.

use serde::Serialize;

use crate::check::ServiceModel;
use crate::finding::{Finding, StatusCounts};
use crate::inventory::{Collected, Gap, Inventory, RegionInventory};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceResponsibility {
    pub service: &'static str,
    pub name: &'static str,
    pub model: ServiceModel,
    pub aws: &'static [&'static str],
    pub shared: &'static [&'static str],
    pub customer: &'static [&'static str],
    /// This audit's findings for the checks of the service (customer and shared controls).
    pub customer_status: StatusCounts,
    /// Set when the calls that would show the service in use failed: listed, never silently dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_unknown: Option<String>,
}

/// Where the line sits for one service, as the Cloud Practitioner material teaches it.
struct Line {
    service: &'static str,
    /// The catalogue services whose checks audit this line's customer side.
    audited_by: &'static [&'static str],
    name: &'static str,
    model: ServiceModel,
    aws: &'static [&'static str],
    shared: &'static [&'static str],
    customer: &'static [&'static str],
    in_use: fn(&Inventory) -> Usage,
}

const AWS_FOUNDATION: &str = "data centres, hardware, global network and the virtualisation layer";

const LINES: &[Line] = &[
    Line {
        service: "iam",
        audited_by: &["iam"],
        name: "IAM (identities and access)",
        model: ServiceModel::Account,
        aws: &[
            AWS_FOUNDATION,
            "the IAM service itself and its global availability",
            "the MFA and credential-report features",
        ],
        shared: &["awareness and training of the people who hold credentials"],
        customer: &[
            "root user protection (MFA, no access keys)",
            "users, groups, roles and their policies",
            "password policy, key rotation, removing unused credentials",
        ],
        in_use: |_| Usage::InUse,
    },
    Line {
        service: "s3",
        audited_by: &["s3"],
        name: "Amazon S3 (storage, SaaS-like)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the storage service software, durability and availability",
            "encryption of new objects by default (SSE-S3)",
        ],
        shared: &["configuration management of bucket settings"],
        customer: &[
            "what data is stored and how it is classified",
            "bucket policies, ACLs and Block Public Access",
            "encryption key choice (SSE-KMS), versioning, logging",
        ],
        in_use: |inventory| usage([presence(&inventory.s3.buckets)]),
    },
    Line {
        service: "ec2",
        audited_by: &["ec2"],
        name: "Amazon EC2 and VPC (compute and network, IaaS)",
        model: ServiceModel::Iaas,
        aws: &[
            AWS_FOUNDATION,
            "the hypervisor and host operating system",
            "physical isolation between customers",
        ],
        shared: &[
            "patch management: AWS patches the hosts, you patch the guest OS",
            "configuration management",
        ],
        customer: &[
            "the guest operating system, its patches and software",
            "security groups and network ACLs",
            "instance roles instead of stored keys, IMDSv2",
            "encryption of EBS volumes and snapshots",
        ],
        in_use: |inventory| {
            usage(inventory.regions.values().flat_map(|r| {
                [
                    presence(&r.ec2.instances),
                    presence(&r.ec2.volumes),
                    presence(&r.ec2.vpcs),
                ]
            }))
        },
    },
    Line {
        service: "rds",
        audited_by: &["rds"],
        name: "Amazon RDS (managed databases, PaaS)",
        model: ServiceModel::Paas,
        aws: &[
            AWS_FOUNDATION,
            "the host and database operating system",
            "database engine patches (shipped by AWS)",
        ],
        shared: &[
            "letting engine patches in (automatic minor version upgrade, maintenance windows)",
        ],
        customer: &[
            "who can connect (network exposure, security groups)",
            "database users and their privileges",
            "encryption at rest and backup retention",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.db_instances),
    },
    Line {
        service: "lambda",
        audited_by: &["lambda"],
        name: "AWS Lambda (serverless functions)",
        model: ServiceModel::Paas,
        aws: &[
            AWS_FOUNDATION,
            "the execution environment, its OS and runtime patches while the runtime is supported",
        ],
        shared: &["moving off deprecated runtimes before AWS stops patching them"],
        customer: &[
            "function code and its dependencies",
            "the function's IAM role and resource policy",
            "secrets and environment configuration",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.functions),
    },
    Line {
        service: "dynamodb",
        audited_by: &["dynamodb"],
        name: "Amazon DynamoDB (managed NoSQL, SaaS-like)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the database service, its scaling, patching and encryption at rest",
        ],
        shared: &["configuration management"],
        customer: &[
            "the data and who may read it (IAM policies)",
            "backups and point-in-time recovery settings",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.tables),
    },
    Line {
        service: "secretsmanager",
        audited_by: &["secretsmanager"],
        name: "AWS Secrets Manager",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "storing secrets encrypted and the rotation machinery",
        ],
        shared: &[],
        customer: &[
            "which secrets are stored and who may read them",
            "turning rotation on",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.secrets),
    },
    Line {
        service: "efs",
        audited_by: &["efs"],
        name: "Amazon EFS (managed file storage)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the file system service and its availability",
        ],
        shared: &[],
        customer: &[
            "encryption at rest (chosen at creation)",
            "network access through mount targets and security groups",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.file_systems),
    },
    Line {
        service: "elbv2",
        audited_by: &["elbv2"],
        name: "Elastic Load Balancing (managed load balancers)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the load balancer nodes: their capacity, scaling, patching and the TLS implementation",
        ],
        shared: &[],
        customer: &[
            "listeners: HTTPS with a current TLS policy, HTTP redirected to HTTPS",
            "access logs, deletion protection, header handling",
            "placement across Availability Zones and the security groups in front",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.load_balancers),
    },
    Line {
        service: "kms",
        audited_by: &["kms"],
        name: "AWS KMS (encryption keys)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the hardware security modules that protect key material",
        ],
        shared: &[],
        customer: &[
            "key policies and grants",
            "rotation of customer-managed keys",
            "deciding what to encrypt with which key",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.kms_keys),
    },
    Line {
        service: "logging",
        audited_by: &["cloudtrail", "config", "guardduty", "securityhub"],
        name: "Logging and detection (CloudTrail, Config, GuardDuty, Security Hub)",
        model: ServiceModel::Account,
        aws: &[
            AWS_FOUNDATION,
            "running the logging and detection services and their integrity features",
        ],
        shared: &[],
        customer: &[
            "turning them on in every region",
            "protecting and reviewing the logs",
            "acting on what they detect",
        ],
        // Every account needs these, whether or not anything was found switched on.
        in_use: |_| Usage::InUse,
    },
];

/// Whether the collected data shows a service in use, shows it unused, or could not tell.
enum Usage {
    InUse,
    NotInUse,
    Unknown(Gap),
}

/// One collection's evidence: `Some(Ok(non-empty))`, `Some(Err(gap))` when its call failed, `None`
/// when it was not collected in this run.
fn presence<T>(collected: &Collected<Vec<T>>) -> Option<Result<bool, Gap>> {
    match collected {
        Collected::Ok(items) => Some(Ok(!items.is_empty())),
        Collected::Failed(gap) => Some(Err(gap.clone())),
        Collected::NotCollected => None,
    }
}

/// In use when any evidence shows an item; unknown when none does and some call failed.
fn usage(evidence: impl IntoIterator<Item = Option<Result<bool, Gap>>>) -> Usage {
    let mut gap = None;
    for item in evidence.into_iter().flatten() {
        match item {
            Ok(true) => return Usage::InUse,
            Ok(false) => {}
            Err(failed) => {
                gap.get_or_insert(failed);
            }
        }
    }
    gap.map_or(Usage::NotInUse, Usage::Unknown)
}

fn any_listed<T>(
    inventory: &Inventory,
    select: impl Fn(&RegionInventory) -> &Collected<Vec<T>>,
) -> Usage {
    usage(
        inventory
            .regions
            .values()
            .map(|region| presence(select(region))),
    )
}

/// The map for the services this inventory shows in use, with the status of their checks.
pub fn map(inventory: &Inventory, findings: &[Finding]) -> Vec<ServiceResponsibility> {
    LINES
        .iter()
        .filter_map(|line| {
            let usage_unknown = match (line.in_use)(inventory) {
                Usage::InUse => None,
                Usage::NotInUse => return None,
                Usage::Unknown(gap) => Some(gap.to_string()),
            };
            Some(ServiceResponsibility {
                service: line.service,
                name: line.name,
                model: line.model,
                aws: line.aws,
                shared: line.shared,
                customer: line.customer,
                customer_status: StatusCounts::of(
                    findings
                        .iter()
                        .filter(|f| line.audited_by.contains(&f.meta.service.as_str())),
                ),
                usage_unknown,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Settings;
    use crate::checks::fixtures::inventory;
    use crate::inventory::Collected;
    use crate::inventory::s3::Bucket;
    use crate::registry;

    #[test]
    fn lists_the_services_in_use_with_their_audit_status() {
        let mut inventory = inventory();
        let bucket: Bucket = crate::checks::s3::fixtures::bucket("data");
        inventory.s3.buckets = Collected::Ok(vec![bucket]);
        inventory.s3.account_public_access_block = Collected::Ok(None);
        let findings: Vec<Finding> = registry::all()
            .iter()
            .filter(|check| check.meta().service == "s3")
            .flat_map(|check| check.evaluate(&inventory, &Settings::default()))
            .collect();
        let map = map(&inventory, &findings);
        let services: Vec<&str> = map.iter().map(|line| line.service).collect();
        assert_eq!(
            services,
            ["iam", "s3", "logging"],
            "EC2, RDS and the rest are not in use"
        );
        let s3 = &map[1];
        assert_eq!(s3.model, ServiceModel::Saas);
        assert!(
            s3.customer_status.fail > 0,
            "a bucket with nothing configured fails S3 checks"
        );
        assert_eq!(
            map[0].customer_status,
            StatusCounts::default(),
            "no IAM check ran"
        );
    }
}
