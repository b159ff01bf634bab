//! IAM and account checks, and what they share: the resources IAM findings are about, one view over
//! users, groups and roles, credential ages measured from collection time, and policy parsing.

crate::service_checks! {
    access_analyzer_enabled::AccessAnalyzerEnabled,
    access_keys_rotated::AccessKeysRotated,
    console_user_no_unused_access_key::ConsoleUserNoUnusedAccessKey,
    external_access_trusted_only::ExternalAccessTrustedOnly,
    no_cloudshell_full_access::NoCloudshellFullAccess,
    no_expired_server_certificates::NoExpiredServerCertificates,
    no_full_admin_policies::NoFullAdminPolicies,
    no_inline_policies::NoInlinePolicies,
    no_privilege_escalation::NoPrivilegeEscalation,
    password_policy_min_length::PasswordPolicyMinLength,
    password_policy_reuse_prevention::PasswordPolicyReusePrevention,
    role_external_trust_requires_external_id::RoleExternalTrustRequiresExternalId,
    role_federated_trust_pinned::RoleFederatedTrustPinned,
    role_trust_not_public::RoleTrustNotPublic,
    root_hardware_mfa_enabled::RootHardwareMfaEnabled,
    root_mfa_enabled::RootMfaEnabled,
    root_no_access_keys::RootNoAccessKeys,
    root_not_used_recently::RootNotUsedRecently,
    support_role_exists::SupportRoleExists,
    unused_credentials_disabled::UnusedCredentialsDisabled,
    user_console_mfa_enabled::UserConsoleMfaEnabled,
    user_permissions_via_groups_only::UserPermissionsViaGroupsOnly,
    user_single_active_access_key::UserSingleActiveAccessKey,
}

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::catalog::CheckMeta;
use crate::checks::{account_resource, with_collected};
use crate::finding::{Finding, GLOBAL_REGION, Resource, Verdict};
use crate::inventory::iam::{
    AccessKey, AttachedPolicy, Authorization, CredentialSource, Credentials, InlinePolicy,
    PasswordPolicy, Role,
};
use crate::inventory::{Gap, Inventory};
use crate::policy::{Grant, PolicyDocument, PolicyError, Reach, analyse};

pub const USER_TYPE: &str = "AwsIamUser";
pub const GROUP_TYPE: &str = "AwsIamGroup";
pub const ROLE_TYPE: &str = "AwsIamRole";
/// Managed and inline policies alike: the finding is about the document.
pub const POLICY_TYPE: &str = "AwsIamPolicy";

/// Roles under this path are service-linked: AWS defines and updates their permissions, and the
/// customer can neither edit nor attach policies to them.
const SERVICE_LINKED_PATH: &str = "/aws-service-role/";

pub fn is_service_linked(role: &Role) -> bool {
    role.path.starts_with(SERVICE_LINKED_PATH)
}

/// The IAM user a credentials row describes, with its tags.
pub fn credentials_resource(row: &Credentials) -> Resource {
    Resource::new(USER_TYPE, &row.user, Some(row.arn.clone()), GLOBAL_REGION).with_tags(&row.tags)
}

/// The rows for IAM users, without the root user's row.
pub fn user_rows(rows: &[Credentials]) -> impl Iterator<Item = &Credentials> {
    rows.iter().filter(|row| !row.is_root())
}

/// One finding per IAM user (the root row left out), or one ERROR finding on the account when the
/// credentials were not collected.
pub fn per_user(
    meta: &'static CheckMeta,
    inventory: &Inventory,
    judge: impl Fn(&Credentials) -> Verdict,
) -> Vec<Finding> {
    with_collected(
        meta,
        &inventory.iam.credentials,
        || account_resource(inventory),
        |rows| {
            user_rows(rows)
                .map(|row| judge(row).into_finding(meta, credentials_resource(row)))
                .collect()
        },
    )
}

/// Findings over the authorization details, or one ERROR finding on the account when they were
/// not collected.
pub fn from_authorization(
    meta: &'static CheckMeta,
    inventory: &Inventory,
    evaluate: impl FnOnce(&Authorization) -> Vec<Finding>,
) -> Vec<Finding> {
    with_collected(
        meta,
        &inventory.iam.authorization,
        || account_resource(inventory),
        evaluate,
    )
}

/// One finding per customer-managed principal (see [`customer_principals`]), or one ERROR finding
/// on the account when the authorization details were not collected.
pub fn per_principal(
    meta: &'static CheckMeta,
    inventory: &Inventory,
    judge: impl Fn(Principal<'_>) -> Verdict,
) -> Vec<Finding> {
    from_authorization(meta, inventory, |auth| {
        customer_principals(auth)
            .map(|principal| judge(principal).into_finding(meta, principal.resource()))
            .collect()
    })
}

/// How a password-policy check words its three cases.
pub struct PasswordPolicyWording {
    /// The account has no custom password policy at all.
    pub no_policy: String,
    /// The policy exists but leaves the setting unset.
    pub unset: String,
    /// The policy sets it to this value.
    pub set: fn(i32) -> String,
}

/// One account finding for a numeric password-policy setting that must be at least `required`:
/// no policy or an unset setting fails, a value passes when it reaches `required`.
pub fn password_policy_at_least(
    meta: &'static CheckMeta,
    inventory: &Inventory,
    setting: fn(&PasswordPolicy) -> Option<i32>,
    required: i32,
    wording: PasswordPolicyWording,
) -> Vec<Finding> {
    let account = || account_resource(inventory);
    with_collected(meta, &inventory.iam.password_policy, account, |policy| {
        let finding = match policy.as_ref().map(setting) {
            None => Finding::fail(meta, account(), wording.no_policy),
            Some(None) => Finding::fail(meta, account(), wording.unset),
            Some(Some(n)) => {
                Verdict::holds(n >= required, (wording.set)(n)).into_finding(meta, account())
            }
        };
        vec![finding]
    })
}

/// Why a fact about one user's credentials is missing: the source's call and what is unknown.
/// `per_user_call` names the call that would have supplied it when the report was not used.
pub fn credential_gap(row: &Credentials, per_user_call: &str, what: String) -> Gap {
    let call = match row.source {
        CredentialSource::CredentialReport => "iam:GetCredentialReport",
        CredentialSource::PerUserCalls => per_user_call,
    };
    Gap::new(call, what)
}

/// How a key is named in messages: its id where the source gives one, else its slot in the
/// credential report (`access key 1` or `access key 2`).
pub fn key_label(slot: usize, key: &AccessKey) -> String {
    match &key.id {
        Some(id) => format!("access key {id}"),
        None => format!("access key {}", slot + 1),
    }
}

/// The active keys with their slot in the row, for [`key_label`].
pub fn active_keys(row: &Credentials) -> impl Iterator<Item = (usize, &AccessKey)> {
    row.access_keys
        .iter()
        .enumerate()
        .filter(|(_, key)| key.active)
}

/// Whole days from `then` to collection. A timestamp after collection (clock skew) counts as today.
pub fn age_days(inventory: &Inventory, then: DateTime<Utc>) -> i64 {
    inventory.days_since(then).max(0)
}

/// `N days ago (YYYY-MM-DD)`, measured from collection time.
pub fn when(inventory: &Inventory, then: DateTime<Utc>) -> String {
    let days = age_days(inventory, then);
    let unit = if days == 1 { "day" } else { "days" };
    format!("{days} {unit} ago ({})", then.format("%Y-%m-%d"))
}

/// `1 identity`, `2 identities`: a count with its noun in the right number.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// One value of `GetAccountSummary`, or a gap when the call failed or the key is absent.
pub fn summary_value(inventory: &Inventory, key: &str) -> Result<i64, Gap> {
    let summary = inventory.iam.account_summary.get()?;
    summary.get(key).copied().ok_or_else(|| {
        Gap::new(
            "iam:GetAccountSummary",
            format!("the account summary has no {key} entry"),
        )
    })
}

/// Whether a policy ARN is the AWS managed policy `name` (`arn:<partition>:iam::aws:policy/<name>`),
/// not a customer-managed policy that happens to share its name.
pub fn is_aws_managed(policy: &AttachedPolicy, name: &str) -> bool {
    policy
        .arn
        .strip_suffix(name)
        .is_some_and(|prefix| prefix.ends_with(":iam::aws:policy/"))
}

/// The gap for a policy document that does not parse.
pub fn malformed_policy(id: &str, error: &PolicyError) -> Gap {
    Gap::new(
        "iam:policy-document",
        format!("malformed policy document {id}: {error}"),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    User,
    Group,
    Role,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::Group => "group",
            PrincipalKind::Role => "role",
        }
    }

    pub fn resource_type(self) -> &'static str {
        match self {
            PrincipalKind::User => USER_TYPE,
            PrincipalKind::Group => GROUP_TYPE,
            PrincipalKind::Role => ROLE_TYPE,
        }
    }
}

/// A user, group or role seen the same way: the identities that policies are attached to.
#[derive(Debug, Clone, Copy)]
pub struct Principal<'a> {
    pub kind: PrincipalKind,
    pub name: &'a str,
    pub arn: &'a str,
    pub inline_policies: &'a [InlinePolicy],
    pub attached_policies: &'a [AttachedPolicy],
    tags: Option<&'a BTreeMap<String, String>>,
}

impl<'a> Principal<'a> {
    /// `user alice`, `role deploy`.
    pub fn label(&self) -> String {
        format!("{} {}", self.kind.as_str(), self.name)
    }

    pub fn resource(&self) -> Resource {
        let resource = Resource::new(
            self.kind.resource_type(),
            self.name,
            Some(self.arn.to_string()),
            GLOBAL_REGION,
        );
        match self.tags {
            Some(tags) => resource.with_tags(tags),
            None => resource,
        }
    }

    /// An inline policy lives inside its principal: `user/alice/policy-name`, with the principal's ARN.
    pub fn inline_policy_id(&self, policy: &InlinePolicy) -> String {
        format!("{}/{}/{}", self.kind.as_str(), self.name, policy.name)
    }

    pub fn inline_policy_resource(&self, policy: &InlinePolicy) -> Resource {
        let resource = Resource::new(
            POLICY_TYPE,
            self.inline_policy_id(policy),
            Some(self.arn.to_string()),
            GLOBAL_REGION,
        );
        match self.tags {
            Some(tags) => resource.with_tags(tags),
            None => resource,
        }
    }
}

/// Every user, group and role the customer manages, in that order. Service-linked roles are left
/// out: AWS owns their permissions, so the customer has nothing to fix on them.
pub fn customer_principals(auth: &Authorization) -> impl Iterator<Item = Principal<'_>> {
    let users = auth.users.iter().map(|user| Principal {
        kind: PrincipalKind::User,
        name: &user.name,
        arn: &user.arn,
        inline_policies: &user.inline_policies,
        attached_policies: &user.attached_policies,
        tags: Some(&user.tags),
    });
    let groups = auth.groups.iter().map(|group| Principal {
        kind: PrincipalKind::Group,
        name: &group.name,
        arn: &group.arn,
        inline_policies: &group.inline_policies,
        attached_policies: &group.attached_policies,
        tags: None,
    });
    let roles = auth
        .roles
        .iter()
        .filter(|role| !is_service_linked(role))
        .map(|role| Principal {
            kind: PrincipalKind::Role,
            name: &role.name,
            arn: &role.arn,
            inline_policies: &role.inline_policies,
            attached_policies: &role.attached_policies,
            tags: Some(&role.tags),
        });
    users.chain(groups).chain(roles)
}

/// The STS actions that assume a role; a trust statement granting only others (sts:TagSession)
/// lets no one in by itself.
const ASSUME_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

pub fn role_resource(role: &Role) -> Resource {
    Resource::new(ROLE_TYPE, &role.name, Some(role.arn.clone()), GLOBAL_REGION)
        .with_tags(&role.tags)
}

/// One finding per role the customer manages (service-linked roles are AWS's): `judge` gets the
/// role and the grants of its trust policy that allow assuming it, and returns (passed, message).
/// A role whose trust policy is missing or does not parse is an ERROR.
pub fn per_role_trust(
    meta: &'static CheckMeta,
    inventory: &Inventory,
    judge: impl Fn(&Role, &[Grant<'_>]) -> (bool, String),
) -> Vec<Finding> {
    from_authorization(meta, inventory, |auth| {
        auth.roles
            .iter()
            .filter(|role| !is_service_linked(role))
            .map(|role| {
                let resource = role_resource(role);
                let Some(value) = &role.assume_role_policy else {
                    let gap = Gap::new(
                        "iam:GetAccountAuthorizationDetails",
                        format!("the answer holds no trust policy for role {}", role.name),
                    );
                    return Finding::error(meta, resource, &gap);
                };
                let document = match PolicyDocument::parse(value) {
                    Ok(document) => document,
                    Err(error) => {
                        let id = format!("trust policy of role {}", role.name);
                        return Finding::error(meta, resource, &malformed_policy(&id, &error));
                    }
                };
                let grants: Vec<Grant<'_>> = analyse(&document, &inventory.account.id)
                    .into_iter()
                    .filter(|grant| ASSUME_ACTIONS.iter().any(|a| grant.covers_action(a)))
                    .collect();
                let (passed, message) = judge(role, &grants);
                Verdict::holds(passed, message).into_finding(meta, resource)
            })
            .collect()
    })
}

/// `this account only; the AWS service ec2.amazonaws.com`: who may assume a role. A service
/// assumes a role only for resources someone in this account handed the role to (iam:PassRole),
/// so an unpinned service principal is named without the confused-deputy warning.
pub fn who_may_assume(grants: &[Grant<'_>]) -> String {
    let mut reaches: Vec<String> = grants
        .iter()
        .map(|grant| match &grant.reach {
            Reach::Service {
                service,
                acting_for,
            } if **acting_for == Reach::Public => format!("the AWS service {service}"),
            other => other.to_string(),
        })
        .collect();
    reaches.sort();
    reaches.dedup();
    if reaches.is_empty() {
        "no one".to_string()
    } else {
        reaches.join("; ")
    }
}

#[cfg(test)]
pub mod fixtures {
    //! Hand-built IAM data for the check tests; dates are relative to the fixture's collection time.

    use chrono::{DateTime, Duration, Utc};
    use serde_json::{Value, json};

    use crate::checks::fixtures::{ACCOUNT, inventory};
    use crate::inventory::iam::{
        AccessKey, AttachedPolicy, Authorization, CredentialSource, Credentials, Group,
        InlinePolicy, ROOT_USER, Role, User,
    };
    use crate::inventory::{Collected, Inventory};

    /// `days` days before the fixture inventory's `collected_at`.
    pub fn days_ago(days: i64) -> DateTime<Utc> {
        inventory().collected_at - Duration::days(days)
    }

    /// A user with no console password, no MFA and no keys, created a year before collection.
    pub fn row(user: &str) -> Credentials {
        Credentials {
            user: user.into(),
            arn: format!("arn:aws:iam::{ACCOUNT}:user/{user}"),
            user_creation_time: Some(days_ago(365)),
            password_enabled: Some(false),
            password_last_used: None,
            password_last_changed: None,
            mfa_active: false,
            access_keys: Vec::new(),
            source: CredentialSource::CredentialReport,
            tags: Default::default(),
        }
    }

    /// The credential report's root row: the password is `not_supported`, so unknown.
    pub fn root_row() -> Credentials {
        Credentials {
            arn: format!("arn:aws:iam::{ACCOUNT}:root"),
            password_enabled: None,
            ..row(ROOT_USER)
        }
    }

    pub fn key(active: bool, rotated_days_ago: i64, used_days_ago: Option<i64>) -> AccessKey {
        AccessKey {
            id: None,
            active,
            last_rotated: Some(days_ago(rotated_days_ago)),
            last_used: used_days_ago.map(days_ago),
        }
    }

    pub fn with_credentials(rows: Vec<Credentials>) -> Inventory {
        let mut inventory = inventory();
        inventory.iam.credentials = Collected::Ok(rows);
        inventory
    }

    pub fn with_authorization(auth: Authorization) -> Inventory {
        let mut inventory = inventory();
        inventory.iam.authorization = Collected::Ok(auth);
        inventory
    }

    pub fn inline(name: &str, document: serde_json::Value) -> InlinePolicy {
        InlinePolicy {
            name: name.into(),
            document,
        }
    }

    pub fn attached(arn: &str) -> AttachedPolicy {
        AttachedPolicy {
            name: arn.rsplit('/').next().unwrap_or(arn).into(),
            arn: arn.into(),
        }
    }

    pub fn allow_all() -> serde_json::Value {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    }

    pub fn read_only_s3() -> serde_json::Value {
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}
        ]})
    }

    pub fn user(name: &str) -> User {
        User {
            name: name.into(),
            arn: format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
            create_date: None,
            inline_policies: Vec::new(),
            attached_policies: Vec::new(),
            groups: Vec::new(),
            tags: Default::default(),
            permissions_boundary: None,
        }
    }

    pub fn group(name: &str) -> Group {
        Group {
            name: name.into(),
            arn: format!("arn:aws:iam::{ACCOUNT}:group/{name}"),
            inline_policies: Vec::new(),
            attached_policies: Vec::new(),
        }
    }

    pub fn role(name: &str) -> Role {
        Role {
            name: name.into(),
            arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            path: "/".into(),
            assume_role_policy: None,
            inline_policies: Vec::new(),
            attached_policies: Vec::new(),
            instance_profiles: Vec::new(),
            tags: Default::default(),
            permissions_boundary: None,
        }
    }

    /// A service-linked role, which the customer-facing checks leave out.
    pub fn service_linked_role(name: &str) -> Role {
        Role {
            path: "/aws-service-role/support.amazonaws.com/".into(),
            arn: format!(
                "arn:aws:iam::{ACCOUNT}:role/aws-service-role/support.amazonaws.com/{name}"
            ),
            ..role(name)
        }
    }

    /// A role whose trust policy holds the given statements.
    pub fn trusting(name: &str, statements: Value) -> Role {
        Role {
            assume_role_policy: Some(json!({"Version": "2012-10-17", "Statement": statements})),
            ..role(name)
        }
    }

    pub fn roles(roles: Vec<Role>) -> Inventory {
        with_authorization(Authorization {
            roles,
            ..Authorization::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn aws_managed_means_the_aws_account_not_the_name() {
        let aws = attached("arn:aws:iam::aws:policy/AWSSupportAccess");
        let china = attached("arn:aws-cn:iam::aws:policy/AWSSupportAccess");
        let copy = attached("arn:aws:iam::111122223333:policy/AWSSupportAccess");
        let other = attached("arn:aws:iam::aws:policy/NotAWSSupportAccess");
        assert!(is_aws_managed(&aws, "AWSSupportAccess"));
        assert!(is_aws_managed(&china, "AWSSupportAccess"));
        assert!(!is_aws_managed(&copy, "AWSSupportAccess"));
        assert!(!is_aws_managed(&other, "AWSSupportAccess"));
    }

    #[test]
    fn principals_skip_service_linked_roles() {
        let auth = Authorization {
            users: vec![user("alice")],
            groups: vec![group("devs")],
            roles: vec![
                role("deploy"),
                service_linked_role("AWSServiceRoleForSupport"),
            ],
            policies: Vec::new(),
            aws_managed_policies: Default::default(),
        };
        let labels: Vec<String> = customer_principals(&auth).map(|p| p.label()).collect();
        assert_eq!(labels, vec!["user alice", "group devs", "role deploy"]);
    }

    #[test]
    fn ages_never_go_negative() {
        let inventory = crate::checks::fixtures::inventory();
        assert_eq!(age_days(&inventory, days_ago(-3)), 0);
        assert_eq!(when(&inventory, days_ago(1)), "1 day ago (2026-10-31)");
    }
}
