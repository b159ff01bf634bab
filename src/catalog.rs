//! The catalog's vocabulary: how bad a failure is, who owns it, where it sits in the stack, and
//! each check's metadata as its TOML states it. A leaf: it knows nothing of inventories or
//! findings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How bad a failure is; ordered so that `Critical` is the greatest.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Informational,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Informational => "informational",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// Which side of the shared responsibility line owns the control.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    Customer,
    Shared,
    Aws,
}

impl Owner {
    pub const ALL: [Owner; 3] = [Owner::Customer, Owner::Shared, Owner::Aws];

    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Customer => "customer",
            Owner::Shared => "shared",
            Owner::Aws => "aws",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Identity,
    Data,
    Network,
    Compute,
    Logging,
    Account,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Identity => "identity",
            Layer::Data => "data",
            Layer::Network => "network",
            Layer::Compute => "compute",
            Layer::Logging => "logging",
            Layer::Account => "account",
        }
    }
}

/// Where the responsibility line sits for the service the check audits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceModel {
    Iaas,
    Paas,
    Saas,
    Account,
}

impl ServiceModel {
    /// Where the responsibility line sits for this model, in a learner's words.
    pub fn line(self) -> &'static str {
        match self {
            ServiceModel::Iaas => {
                "infrastructure as a service (EC2): AWS runs the hardware and hypervisor; you own the \
                 guest OS, its patches, the firewall rules and the data"
            }
            ServiceModel::Paas => {
                "platform as a service (RDS, Lambda): AWS also runs and patches the OS and the \
                 engine or runtime; you own access, network exposure, encryption choices and code"
            }
            ServiceModel::Saas => {
                "a managed, SaaS-like service (S3, DynamoDB, KMS): AWS runs all of the service; you \
                 own your data, who may reach it, and the settings that protect it"
            }
            ServiceModel::Account => {
                "account-wide settings: AWS provides the features; turning them on and using them \
                 well is always yours"
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceModel::Iaas => "iaas",
            ServiceModel::Paas => "paas",
            ServiceModel::Saas => "saas",
            ServiceModel::Account => "account",
        }
    }
}

/// One check's catalog entry, parsed from its TOML: the single source of truth for its metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckMeta {
    pub id: String,
    pub title: String,
    pub service: String,
    pub severity: Severity,
    pub resource_type: String,
    pub owner: Owner,
    pub layer: Layer,
    pub service_model: ServiceModel,
    pub why_owner: String,
    pub risk: String,
    pub remediation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation_cli: Option<String>,
    pub learn: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    #[serde(default)]
    pub compliance: BTreeMap<String, Vec<String>>,
}

impl CheckMeta {
    /// Parses a catalog TOML; the registry tests run this over every shipped file.
    pub fn from_toml(text: &str) -> Result<CheckMeta, toml::de::Error> {
        toml::from_str(text)
    }
}

/// Embeds and parses `checks/<path>.toml` once; `check_meta!("iam/root_mfa_enabled")`.
///
/// A malformed shipped TOML is a build defect that the registry tests catch, hence the `expect`.
#[macro_export]
macro_rules! check_meta {
    ($path:literal) => {{
        // A shipped TOML that does not parse fails every registry test: a build defect, not input.
        #[allow(clippy::expect_used)]
        static META: std::sync::LazyLock<$crate::catalog::CheckMeta> =
            std::sync::LazyLock::new(|| {
                $crate::catalog::CheckMeta::from_toml(include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/checks/",
                    $path,
                    ".toml"
                )))
                .expect(concat!(
                    "checks/",
                    $path,
                    ".toml is a valid catalog entry"
                ))
            });
        &*META
    }};
}
