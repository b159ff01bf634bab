//! An account of an AWS organization, as discovery reports it: the context every finding of that
//! account carries. Never its email address.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgAccount {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Root/Workloads/Prod`: the OU names from the root down.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ou_path: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// The organization's external access analyzers (zone of trust: the organization), read once per
/// run in the accounts AWS lets hold them, the management account and the delegated
/// administrators for IAM Access Analyzer, and copied into each account of the organization. An
/// active one covers every account of the organization in its region, yet no member's own
/// `ListAnalyzers` lists it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationAnalyzers {
    /// The regions every holder's analyzers were listed in.
    pub regions: Vec<String>,
    /// The organization analyzers found, whatever their status.
    #[serde(default)]
    pub analyzers: Vec<HeldAnalyzer>,
    /// What could not be read: the regions each names (all of them, without one) stay unknown.
    #[serde(default)]
    pub gaps: Vec<OrganizationGap>,
}

/// An analyzer of type ORGANIZATION, with the account that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeldAnalyzer {
    pub account: String,
    pub holder: Holder,
    pub region: String,
    pub analyzer: super::services::AccessAnalyzer,
}

/// Why an account may hold organization-wide settings of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Holder {
    ManagementAccount,
    DelegatedAdministrator,
}

impl Holder {
    /// How a finding names the holder of account `id`.
    pub fn describe(self, id: &str) -> String {
        match self {
            Holder::ManagementAccount => format!("management account {id}"),
            Holder::DelegatedAdministrator => format!("delegated administrator account {id}"),
        }
    }
}

/// Something of the organization that could not be read; its message names the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationGap {
    /// The region it leaves unknown; `None`: every region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub gap: super::Gap,
}

impl OrganizationAnalyzers {
    /// The gap that leaves `region` unknown, if any: a failed read, or a region not read at all.
    pub fn unknown_in(&self, region: &str) -> Option<super::Gap> {
        self.gaps
            .iter()
            .find(|gap| gap.region.as_deref().is_none_or(|r| r == region))
            .map(|gap| gap.gap.clone())
            .or_else(|| {
                (!self.regions.iter().any(|r| r == region)).then(|| {
                    super::Gap::new(
                        "",
                        format!("the organization's analyzers were not read in {region}"),
                    )
                })
            })
    }
}
