//! The shared-responsibility map of an audited account: for each service in use, what AWS secures
//! (inherited, never a failure), what both sides share, what the customer secures, and how the
//! customer's side fared in this audit.

use serde::Serialize;

use crate::catalog::ServiceModel;
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
        audited_by: &["iam", "account"],
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
            "the account's security contact, so that AWS's warnings reach someone",
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
        service: "apigateway",
        audited_by: &["apigateway"],
        name: "Amazon API Gateway (managed API front door)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the API endpoints, their scaling, TLS termination and DDoS protection of Shield Standard",
        ],
        shared: &[],
        customer: &[
            "authorisation on methods, a WAF web ACL, a client certificate to the backend",
            "execution logs and tracing, encryption of cached responses",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.rest_apis),
    },
    Line {
        service: "eks",
        audited_by: &["eks"],
        name: "Amazon EKS (managed Kubernetes)",
        model: ServiceModel::Paas,
        aws: &[
            AWS_FOUNDATION,
            "the Kubernetes control plane: API servers, etcd, their availability and patches",
        ],
        shared: &[
            "Kubernetes version upgrades: AWS ships and patches versions, the customer upgrades",
        ],
        customer: &[
            "who can reach the cluster API (public or private endpoint)",
            "secrets encryption with a customer KMS key, control-plane logging",
            "worker nodes, their OS and patches, and every workload and its permissions",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.eks_clusters),
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
        service: "cloudfront",
        audited_by: &["cloudfront"],
        name: "Amazon CloudFront (managed edge network)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the edge locations, their capacity and patching, TLS termination",
            "Shield Standard's network-layer DDoS protection for every distribution",
        ],
        shared: &[
            "TLS: AWS runs the protocol stack and security policies, the customer picks the certificate and minimum version",
        ],
        customer: &[
            "HTTPS required of viewers, the certificate and SNI, the default root object",
            "access logs and an AWS WAF web ACL at the edge",
            "origin access control, so that S3 origins cannot be read around the distribution",
            "HTTPS and current protocols from the edge to custom origins",
        ],
        in_use: |inventory| usage([presence(&inventory.cloudfront)]),
    },
    Line {
        service: "waf",
        audited_by: &["waf"],
        name: "AWS WAF (managed web application firewall)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the filtering fleet at the load balancer, API and edge, its scaling and patching",
            "the AWS managed rule groups and their updates",
        ],
        shared: &[
            "rule tuning: AWS updates its managed rules, the customer chooses them and handles false positives",
        ],
        customer: &[
            "creating web ACLs and associating them with what faces the internet",
            "the rules each web ACL holds, and logging what it inspects",
        ],
        in_use: |inventory| {
            usage(
                inventory
                    .regions
                    .values()
                    .map(|region| presence(&region.services.web_acls))
                    .chain([presence(&inventory.cloudfront_web_acls)]),
            )
        },
    },
    Line {
        service: "shield",
        audited_by: &["shield"],
        name: "AWS Shield (DDoS protection)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "Shield Standard: always-on detection and mitigation of common network and transport-layer floods, for every account at no charge",
        ],
        shared: &[
            "Shield Advanced: AWS runs the detection, the Shield Response Team and cost protection; the customer subscribes and picks the resources",
        ],
        customer: &[
            "deciding whether internet-facing resources need Shield Advanced, and protecting them",
            "resilient architecture in front: CloudFront, load balancers, AWS WAF rate-based rules",
        ],
        // Shield Standard's line concerns whatever faces the internet.
        in_use: |inventory| {
            let protecting = match &inventory.shield {
                Collected::Ok(shield) => Some(Ok(!shield.protected_resources.is_empty())),
                Collected::Failed(gap) => Some(Err(gap.clone())),
                Collected::NotCollected => None,
            };
            usage(
                [protecting, presence(&inventory.cloudfront)]
                    .into_iter()
                    .chain(
                        inventory
                            .regions
                            .values()
                            .map(|region| presence(&region.services.load_balancers)),
                    ),
            )
        },
    },
    Line {
        service: "sqs",
        audited_by: &["sqs"],
        name: "Amazon SQS (managed message queues)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the queue service: its durability across zones, scaling and patching",
        ],
        shared: &[],
        customer: &[
            "who may send and receive, in each queue's access policy",
            "encryption of messages at rest (SSE-SQS or a KMS key)",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.queues),
    },
    Line {
        service: "ecr",
        audited_by: &["ecr"],
        name: "Amazon ECR (managed container registry)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the registry service, storage of image layers and its availability",
        ],
        shared: &[
            "image vulnerabilities: AWS offers scanning, the customer builds and patches the images",
        ],
        customer: &[
            "who may pull and push, in each repository's policy",
            "what goes into the images",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.repositories),
    },
    Line {
        service: "events",
        audited_by: &["events"],
        name: "Amazon EventBridge (managed event buses)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the event bus service: delivery, scaling and patching",
        ],
        shared: &[],
        customer: &[
            "which accounts and principals may put events, in each bus's policy",
            "the rules and targets that act on events",
        ],
        // Every region has a default bus; only custom ones show the service chosen.
        in_use: |inventory| any_listed(inventory, |r| &r.services.event_buses),
    },
    Line {
        service: "sns",
        audited_by: &["sns"],
        name: "Amazon SNS (managed notification topics)",
        model: ServiceModel::Saas,
        aws: &[
            AWS_FOUNDATION,
            "the topic service: storing messages until delivery, fan-out, scaling and patching",
        ],
        shared: &[],
        customer: &[
            "who may publish and subscribe, in each topic's access policy",
            "encryption of stored messages with a KMS key",
            "which endpoints subscribe, and what the messages carry",
        ],
        in_use: |inventory| any_listed(inventory, |r| &r.services.sns_topics),
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
        service: "inspector",
        audited_by: &["inspector"],
        name: "Amazon Inspector (vulnerability scanning)",
        model: ServiceModel::Account,
        aws: &[
            AWS_FOUNDATION,
            "the scanning engine and its vulnerability intelligence",
        ],
        shared: &["patch management: AWS patches its infrastructure, you patch your software"],
        customer: &[
            "turning scanning on for EC2, ECR and Lambda in every region",
            "fixing the vulnerable packages and code it reports",
        ],
        // In use where it has something to scan: instances, container repositories or functions.
        in_use: |inventory| {
            usage(inventory.regions.values().flat_map(|region| {
                [
                    presence(&region.ec2.instances),
                    presence(&region.services.repositories),
                    presence(&region.services.functions),
                ]
            }))
        },
    },
    Line {
        service: "macie",
        audited_by: &["macie"],
        name: "Amazon Macie (sensitive data discovery)",
        model: ServiceModel::Account,
        aws: &[
            AWS_FOUNDATION,
            "the discovery service and its managed data identifiers",
        ],
        shared: &[],
        customer: &[
            "classifying your data: AWS cannot know what your objects hold",
            "turning Macie and automated discovery on where S3 data lives",
            "protecting the buckets it flags",
        ],
        in_use: |inventory| usage([presence(&inventory.s3.buckets)]),
    },
    Line {
        service: "logging",
        audited_by: &[
            "cloudtrail",
            "cloudwatch",
            "config",
            "guardduty",
            "logs",
            "securityhub",
        ],
        name: "Logging and detection (CloudTrail, CloudWatch, Config, GuardDuty, Security Hub)",
        model: ServiceModel::Account,
        aws: &[
            AWS_FOUNDATION,
            "running the logging and detection services and their integrity features",
        ],
        shared: &[],
        customer: &[
            "turning them on in every region",
            "protecting and reviewing the logs, and how long they are kept",
            "alarms on risky events that reach a person",
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
            ["iam", "s3", "macie", "logging"],
            "EC2, RDS and the rest are not in use; Macie protects the bucket"
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

    #[test]
    fn every_catalogue_service_has_one_line_that_counts_its_findings() {
        for check in registry::all() {
            let service = check.meta().service.as_str();
            let counting = LINES
                .iter()
                .filter(|line| line.audited_by.contains(&service))
                .count();
            assert_eq!(
                counting,
                1,
                "{}: service {service} must be counted by exactly one responsibility line",
                check.meta().id
            );
        }
    }

    /// The scanning services show where they have something to scan, and Shield where something
    /// faces the internet; a service with nothing to protect stays off the map.
    #[test]
    fn security_services_show_where_they_protect_something() {
        let services = |inventory: &Inventory| -> Vec<&'static str> {
            map(inventory, &[])
                .iter()
                .map(|line| line.service)
                .collect()
        };
        let mut repository_only = crate::checks::fixtures::regional(|region| {
            region.services.repositories =
                Collected::Ok(vec![crate::checks::ecr::fixtures::repository("app")]);
        });
        assert!(services(&repository_only).contains(&"inspector"));
        assert!(!services(&repository_only).contains(&"shield"));
        repository_only.cloudfront =
            Collected::Ok(vec![crate::checks::cloudfront::fixtures::distribution(
                "CDN",
                crate::checks::cloudfront::fixtures::hardened(),
            )]);
        assert!(services(&repository_only).contains(&"shield"));
        assert!(!services(&inventory()).contains(&"inspector"));
    }
}
