//! IAM as collected: account summary, credential facts, password policy, identities and policies.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Collected;

/// The credential report's user name for the root user.
pub const ROOT_USER: &str = "<root_account>";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamInventory {
    /// `GetAccountSummary`'s map, e.g. `AccountMFAEnabled`, `AccountAccessKeysPresent`.
    #[serde(default)]
    pub account_summary: Collected<BTreeMap<String, i64>>,
    /// One row per user (and the root user where the source has it).
    #[serde(default)]
    pub credentials: Collected<Vec<Credentials>>,
    /// `None` when the account has no custom password policy.
    #[serde(default)]
    pub password_policy: Collected<Option<PasswordPolicy>>,
    #[serde(default)]
    pub authorization: Collected<Authorization>,
    #[serde(default)]
    pub virtual_mfa_devices: Collected<Vec<VirtualMfaDevice>>,
    #[serde(default)]
    pub server_certificates: Collected<Vec<ServerCertificate>>,
}

/// Where a credentials row came from: the report, or per-user calls that filled a gap in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialSource {
    CredentialReport,
    PerUserCalls,
}

/// Credential facts for one user, normalised from the credential report or per-user calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub user: String,
    pub arn: String,
    pub user_creation_time: Option<DateTime<Utc>>,
    /// `None` where the source cannot say (the root row reports `not_supported`).
    pub password_enabled: Option<bool>,
    pub password_last_used: Option<DateTime<Utc>>,
    pub password_last_changed: Option<DateTime<Utc>>,
    pub mfa_active: bool,
    pub access_keys: Vec<AccessKey>,
    pub source: CredentialSource,
    /// The user's tags, from the user listing (the report carries none): findings on the row
    /// carry them for the mutelist.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// Gives each credentials row its user's tags from the user listing. The collector does it; a
/// snapshot written before rows carried tags gets it on loading.
pub fn tag_credentials(rows: &mut [Credentials], users: &[User]) {
    let tags: BTreeMap<&str, &BTreeMap<String, String>> = users
        .iter()
        .map(|user| (user.name.as_str(), &user.tags))
        .collect();
    for row in rows.iter_mut().filter(|row| row.tags.is_empty()) {
        if let Some(tags) = tags.get(row.user.as_str()) {
            row.tags = (*tags).clone();
        }
    }
}

impl Credentials {
    pub fn is_root(&self) -> bool {
        self.user == ROOT_USER
    }

    pub fn active_keys(&self) -> impl Iterator<Item = &AccessKey> {
        self.access_keys.iter().filter(|key| key.active)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKey {
    /// The key id where the source names it (per-user calls do; the report does not).
    pub id: Option<String>,
    pub active: bool,
    pub last_rotated: Option<DateTime<Utc>>,
    pub last_used: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    pub minimum_password_length: Option<i32>,
    pub password_reuse_prevention: Option<i32>,
    pub max_password_age: Option<i32>,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase_characters: bool,
    pub require_lowercase_characters: bool,
    pub expire_passwords: bool,
}

/// Users, groups, roles and customer-managed policies with their documents.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authorization {
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub roles: Vec<Role>,
    /// Customer-managed policies, each with its default version's document.
    pub policies: Vec<ManagedPolicy>,
    /// The AWS managed policies attached to a user, group or role or set as a boundary, by ARN,
    /// with their default version's document (`GetPolicy`, then `GetPolicyVersion`).
    #[serde(default)]
    pub aws_managed_policies: BTreeMap<String, Collected<serde_json::Value>>,
}

/// A policy document as IAM stores it, already URL-decoded into JSON (its raw text, as a JSON
/// string, when it did not parse).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlinePolicy {
    pub name: String,
    pub document: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachedPolicy {
    pub name: String,
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub name: String,
    pub arn: String,
    pub create_date: Option<DateTime<Utc>>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<AttachedPolicy>,
    pub groups: Vec<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The ARN of the managed policy set as the user's permissions boundary, if any.
    #[serde(default)]
    pub permissions_boundary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    pub arn: String,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<AttachedPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub name: String,
    pub arn: String,
    pub path: String,
    /// The trust policy; its raw text (a JSON string) when it did not parse.
    pub assume_role_policy: Option<serde_json::Value>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<AttachedPolicy>,
    /// Instance profiles the role is part of (how EC2 instances assume it).
    #[serde(default)]
    pub instance_profiles: Vec<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The ARN of the managed policy set as the role's permissions boundary, if any.
    #[serde(default)]
    pub permissions_boundary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub attachment_count: i32,
    /// The default version's document; its raw text (a JSON string) when it did not parse, so
    /// that checks report the parse error.
    pub default_version: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VirtualMfaDevice {
    pub serial_number: String,
    /// The ARN of the user it is assigned to (`arn:aws:iam::123456789012:root` for root), if any.
    pub user_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerCertificate {
    pub name: String,
    pub arn: String,
    pub expiration: Option<DateTime<Utc>>,
}
