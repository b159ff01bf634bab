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
