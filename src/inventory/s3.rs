//! S3 as collected: the account's Block Public Access and each bucket's access and data settings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Collected;

/// One setting S3 answers with a call of its own: what a check reads, and so what collection
/// calls. A facet no selected check reads is not called for, and reads as not collected (ERROR,
/// never PASS, for a check that reads it anyway).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum S3Facet {
    /// `s3control:GetPublicAccessBlock`.
    AccountPublicAccessBlock,
    /// `s3:GetBucketPublicAccessBlock`.
    PublicAccessBlock,
    /// `s3:GetBucketAcl`.
    Acl,
    /// `s3:GetBucketPolicy`.
    Policy,
    /// `s3:GetBucketPolicyStatus`.
    PolicyStatus,
    /// `s3:GetBucketOwnershipControls`.
    Ownership,
    /// `s3:GetEncryptionConfiguration`.
    Encryption,
    /// `s3:GetBucketVersioning`.
    Versioning,
    /// `s3:GetBucketLogging`.
    Logging,
    /// `s3:GetBucketTagging`: read for the mutelist's tag rules, not by checks.
    Tags,
}

impl S3Facet {
    pub const ALL: [S3Facet; 10] = [
        S3Facet::AccountPublicAccessBlock,
        S3Facet::PublicAccessBlock,
        S3Facet::Acl,
        S3Facet::Policy,
        S3Facet::PolicyStatus,
        S3Facet::Ownership,
        S3Facet::Encryption,
        S3Facet::Versioning,
        S3Facet::Logging,
        S3Facet::Tags,
    ];

    /// What a check that declares no facets of its own may read: everything checks read.
    pub const CHECKS_READ: [S3Facet; 9] = [
        S3Facet::AccountPublicAccessBlock,
        S3Facet::PublicAccessBlock,
        S3Facet::Acl,
        S3Facet::Policy,
        S3Facet::PolicyStatus,
        S3Facet::Ownership,
        S3Facet::Encryption,
        S3Facet::Versioning,
        S3Facet::Logging,
    ];
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Inventory {
    /// `None` when the account has no Block Public Access configuration (all four settings off).
    #[serde(default)]
    pub account_public_access_block: Collected<Option<PublicAccessBlock>>,
    #[serde(default)]
    pub buckets: Collected<Vec<Bucket>>,
}

/// The four Block Public Access settings; absent settings are off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub fn all_on(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }

    /// The names of the settings that are off, for messages.
    pub fn settings_off(&self) -> Vec<&'static str> {
        [
            ("BlockPublicAcls", self.block_public_acls),
            ("IgnorePublicAcls", self.ignore_public_acls),
            ("BlockPublicPolicy", self.block_public_policy),
            ("RestrictPublicBuckets", self.restrict_public_buckets),
        ]
        .into_iter()
        .filter(|(_, on)| !on)
        .map(|(name, _)| name)
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    pub name: String,
    pub arn: String,
    pub region: String,
    /// Set when the bucket's region could not be read (`GetBucketLocation` failed): `region` is
    /// then the session's region, a guess, and the report's notes say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_unknown: Option<super::Gap>,
    #[serde(default)]
    pub public_access_block: Collected<Option<PublicAccessBlock>>,
    #[serde(default)]
    pub acl: Collected<Vec<Grant>>,
    /// The bucket policy document, `None` when the bucket has none.
    #[serde(default)]
    pub policy: Collected<Option<serde_json::Value>>,
    /// S3's own verdict on the policy (`GetBucketPolicyStatus`), where the endpoint implements it.
    #[serde(default)]
    pub policy_is_public: Collected<Option<bool>>,
    /// Object Ownership, e.g. `BucketOwnerEnforced`; `None` when no ownership controls are set.
    #[serde(default)]
    pub object_ownership: Collected<Option<String>>,
    /// Default encryption rules; empty when the bucket has none.
    #[serde(default)]
    pub encryption: Collected<Vec<EncryptionRule>>,
    #[serde(default)]
    pub versioning: Collected<Versioning>,
    /// The target bucket of server access logs, `None` when logging is off.
    #[serde(default)]
    pub logging_target: Collected<Option<String>>,
    #[serde(default)]
    pub tags: Collected<BTreeMap<String, String>>,
}

/// One ACL grant. `grantee_uri` is set for group grantees such as AllUsers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub grantee_type: String,
    pub grantee_uri: Option<String>,
    pub grantee_id: Option<String>,
    pub permission: String,
}

pub const ALL_USERS_URI: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
pub const AUTHENTICATED_USERS_URI: &str =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

impl Grant {
    /// Grants to everyone, or to every AWS account holder: both are public in S3's definition.
    pub fn is_public(&self) -> bool {
        matches!(
            self.grantee_uri.as_deref(),
            Some(ALL_USERS_URI | AUTHENTICATED_USERS_URI)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptionRule {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub algorithm: String,
    pub kms_key_id: Option<String>,
    pub bucket_key_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Versioning {
    /// `Enabled` or `Suspended`; `None` when never enabled.
    pub status: Option<String>,
    pub mfa_delete: Option<String>,
}

impl S3Inventory {
    /// Drops `facet` everywhere, as a run that did not call for it would have left it.
    pub fn forget_facet(&mut self, facet: S3Facet) {
        if facet == S3Facet::AccountPublicAccessBlock {
            self.account_public_access_block = Collected::NotCollected;
            return;
        }
        let Collected::Ok(buckets) = &mut self.buckets else {
            return;
        };
        for bucket in buckets {
            match facet {
                S3Facet::AccountPublicAccessBlock => {}
                S3Facet::PublicAccessBlock => bucket.public_access_block = Collected::NotCollected,
                S3Facet::Acl => bucket.acl = Collected::NotCollected,
                S3Facet::Policy => bucket.policy = Collected::NotCollected,
                S3Facet::PolicyStatus => bucket.policy_is_public = Collected::NotCollected,
                S3Facet::Ownership => bucket.object_ownership = Collected::NotCollected,
                S3Facet::Encryption => bucket.encryption = Collected::NotCollected,
                S3Facet::Versioning => bucket.versioning = Collected::NotCollected,
                S3Facet::Logging => bucket.logging_target = Collected::NotCollected,
                S3Facet::Tags => bucket.tags = Collected::NotCollected,
            }
        }
    }
}

impl Bucket {
    pub fn tags(&self) -> BTreeMap<String, String> {
        self.tags.ok().cloned().unwrap_or_default()
    }
}
