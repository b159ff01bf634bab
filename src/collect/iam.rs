//! IAM: account summary, credential report (with per-user fill-in), password policy, identities
//! and their policies, MFA devices, server certificates.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use aws_sdk_iam::Client;
use aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput;
use aws_sdk_iam::types::{
    AttachedPolicy as SdkAttachedPolicy, EntityType, PolicyDetail, ReportStateType, SummaryKeyType,
    Tag,
};
use chrono::{DateTime, Utc};
use futures::FutureExt;

use super::calls::{Calls, client};
use super::{bounded, only_if, parse_policy_json, to_chrono};
use crate::inventory::iam::{
    AccessKey, AttachedPolicy, Authorization, CredentialSource, Credentials, Group, IamInventory,
    InlinePolicy, ManagedPolicy, PasswordPolicy, Role, ServerCertificate, User, VirtualMfaDevice,
    tag_credentials,
};
use crate::inventory::{Collected, Gap, Source};

/// How long to wait for IAM to finish generating the credential report.
const REPORT_POLLS: u32 = 20;
const REPORT_POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Collects the IAM parts in `parts`, returning notes for the report (e.g. users the credential
/// report missed). A part not asked for stays not collected, and costs no call.
pub async fn collect(calls: &Calls, parts: &BTreeSet<Source>) -> (IamInventory, Vec<String>) {
    let client = &client!(aws_sdk_iam, calls);
    let wants = |part: Source| parts.contains(&part);
    let credentials = wants(Source::IamCredentials);
    // The credential report's fill-in needs the user list, and only that.
    let listing = if wants(Source::IamAuthorization) {
        Some(Listing::Everything {
            aws_managed_documents: wants(Source::IamAwsManagedPolicies),
        })
    } else {
        credentials.then_some(Listing::UsersOnly)
    };
    let (
        account_summary,
        report,
        password_policy,
        authorization,
        virtual_mfa_devices,
        server_certificates,
    ) = tokio::join!(
        only_if(
            wants(Source::IamAccountSummary),
            account_summary(calls, client).map(Collected::from),
        ),
        async {
            if credentials {
                Some(credential_report(calls, client).await)
            } else {
                None
            }
        },
        only_if(
            wants(Source::IamPasswordPolicy),
            password_policy(calls, client).map(Collected::from),
        ),
        async {
            match listing {
                Some(listing) => Collected::from(authorization(calls, client, listing).await),
                None => Collected::NotCollected,
            }
        },
        only_if(
            wants(Source::IamVirtualMfaDevices),
            virtual_mfa_devices(calls, client).map(Collected::from),
        ),
        only_if(
            wants(Source::IamServerCertificates),
            server_certificates(calls, client).map(Collected::from),
        ),
    );
    let (credentials, notes) = match report {
        Some(report) => complete_credentials(calls, client, report, &authorization).await,
        None => (Collected::NotCollected, Vec::new()),
    };
    let inventory = IamInventory {
        account_summary,
        credentials,
        password_policy,
        authorization: if wants(Source::IamAuthorization) {
            authorization
        } else {
            Collected::NotCollected
        },
        virtual_mfa_devices,
        server_certificates,
    };
    (inventory, notes)
}

/// How much of `GetAccountAuthorizationDetails` a run reads.
#[derive(Clone, Copy)]
enum Listing {
    /// Users only: what the credential report's fill-in needs.
    UsersOnly,
    /// Users, groups, roles and customer managed policies, with the documents of the AWS managed
    /// policies in use when a check reads them.
    Everything { aws_managed_documents: bool },
}

async fn account_summary(calls: &Calls, client: &Client) -> Result<BTreeMap<String, i64>, Gap> {
    let output = calls
        .call("iam:GetAccountSummary", client.get_account_summary().send())
        .await?;
    Ok(output
        .summary_map()
        .map(|map| {
            map.iter()
                .map(|(key, value)| (summary_key(key), i64::from(*value)))
                .collect()
        })
        .unwrap_or_default())
}

fn summary_key(key: &SummaryKeyType) -> String {
    key.as_str().to_string()
}

async fn password_policy(calls: &Calls, client: &Client) -> Result<Option<PasswordPolicy>, Gap> {
    let output = calls
        .call_optional(
            "iam:GetAccountPasswordPolicy",
            &["NoSuchEntity"],
            client.get_account_password_policy().send(),
        )
        .await?;
    Ok(output
        .and_then(|output| output.password_policy)
        .map(|policy| PasswordPolicy {
            minimum_password_length: policy.minimum_password_length,
            password_reuse_prevention: policy.password_reuse_prevention,
            max_password_age: policy.max_password_age,
            require_symbols: policy.require_symbols,
            require_numbers: policy.require_numbers,
            require_uppercase_characters: policy.require_uppercase_characters,
            require_lowercase_characters: policy.require_lowercase_characters,
            expire_passwords: policy.expire_passwords,
        }))
}

/// Generates the credential report (the one write-like call SecurityAudit allows) and reads it.
/// A report still being generated after the polls, or an empty one, is a gap: an empty list of
/// credentials would pass every check that reads it.
async fn credential_report(calls: &Calls, client: &Client) -> Result<Vec<Credentials>, Gap> {
    const GENERATE: &str = "iam:GenerateCredentialReport";
    for poll in 1..=REPORT_POLLS {
        let output = calls
            .call(GENERATE, client.generate_credential_report().send())
            .await?;
        if output.state() == Some(&ReportStateType::Complete) {
            break;
        }
        if poll == REPORT_POLLS {
            return Err(Gap::new(GENERATE, report_not_ready()));
        }
        if !calls.pause(REPORT_POLL_INTERVAL).await {
            return Err(calls.out_of_time(GENERATE));
        }
    }
    let output = calls
        .call(
            "iam:GetCredentialReport",
            client.get_credential_report().send(),
        )
        .await?;
    let content = output
        .content()
        .map(|blob| blob.as_ref())
        .unwrap_or_default();
    parse_credential_report(content).map_err(|reason| Gap::new("iam:GetCredentialReport", reason))
}

fn report_not_ready() -> String {
    let waited = REPORT_POLL_INTERVAL * (REPORT_POLLS - 1);
    format!(
        "the credential report was still being generated after {REPORT_POLLS} polls over {:.1} s",
        waited.as_secs_f64()
    )
}

/// Parses the credential report CSV. Its "no value" markers (`N/A`, `no_information`,
/// `not_supported`) become `None`.
pub(crate) fn parse_credential_report(content: &[u8]) -> Result<Vec<Credentials>, String> {
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err("the credential report is empty".to_string());
    }
    let mut reader = csv::Reader::from_reader(content);
    let mut rows = Vec::new();
    for record in reader.deserialize::<BTreeMap<String, String>>() {
        let row = record.map_err(|error| format!("unreadable credential report: {error}"))?;
        let field = |name: &str| row.get(name).map(String::as_str).unwrap_or("");
        let date = |name: &str| {
            DateTime::parse_from_rfc3339(field(name))
                .ok()
                .map(|d| d.with_timezone(&Utc))
        };
        let flag = |name: &str| match field(name) {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        };
        let access_keys = (1..=2)
            .map(|n| AccessKey {
                id: None,
                active: flag(&format!("access_key_{n}_active")) == Some(true),
                last_rotated: date(&format!("access_key_{n}_last_rotated")),
                last_used: date(&format!("access_key_{n}_last_used_date")),
            })
            .collect();
        rows.push(Credentials {
            user: field("user").to_string(),
            arn: field("arn").to_string(),
            user_creation_time: date("user_creation_time"),
            password_enabled: flag("password_enabled"),
            password_last_used: date("password_last_used"),
            password_last_changed: date("password_last_changed"),
            mfa_active: flag("mfa_active") == Some(true),
            access_keys,
            source: CredentialSource::CredentialReport,
            tags: BTreeMap::new(),
        });
    }
    Ok(rows)
}

/// The credential report can be hours old on AWS (and LocalStack's lists only one user): users
/// that `GetAccountAuthorizationDetails` knows but the report lacks are filled from per-user calls.
/// Every row gets its user's tags from that listing.
async fn complete_credentials(
    calls: &Calls,
    client: &Client,
    report: Result<Vec<Credentials>, Gap>,
    authorization: &Collected<Authorization>,
) -> (Collected<Vec<Credentials>>, Vec<String>) {
    let authorization = match authorization {
        Collected::Ok(authorization) => authorization,
        Collected::Failed(gap) => {
            let note = format!(
                "{} failed, so IAM users missing from the credential report could not be filled \
                 in, and users' tags are unknown: mute rules that match on tags could not apply \
                 to their findings. The error: {}",
                gap.call, gap.message
            );
            return (Collected::from(report), vec![note]);
        }
        Collected::NotCollected => return (Collected::from(report), Vec::new()),
    };
    let (mut rows, report_problem) = match report {
        Ok(rows) => (rows, None),
        // With no user to fill in, the failed report is all there is to say.
        Err(gap) if authorization.users.is_empty() => return (Collected::Failed(gap), Vec::new()),
        Err(gap) => (Vec::new(), Some(gap.to_string())),
    };
    tag_credentials(&mut rows, &authorization.users);
    let reported: BTreeSet<&str> = rows.iter().map(|row| row.user.as_str()).collect();
    let missing: Vec<&User> = authorization
        .users
        .iter()
        .filter(|user| !reported.contains(user.name.as_str()))
        .collect();
    if missing.is_empty() {
        return (Collected::Ok(rows), Vec::new());
    }
    let note = match report_problem {
        Some(problem) => format!(
            "The credential report could not be read ({problem}); credentials of all {} users came from per-user calls.",
            missing.len()
        ),
        None => format!(
            "The credential report lacked {} of {} users (it may be stale); they were filled from per-user calls: {}.",
            missing.len(),
            authorization.users.len(),
            missing
                .iter()
                .map(|user| user.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let filled = bounded(missing, |user| user_credentials(calls, client, user)).await;
    for result in filled {
        match result {
            Ok(row) => rows.push(row),
            Err(gap) => return (Collected::Failed(gap), vec![note]),
        }
    }
    rows.sort_by(|a, b| a.user.cmp(&b.user));
    (Collected::Ok(rows), vec![note])
}

async fn user_credentials(calls: &Calls, client: &Client, user: &User) -> Result<Credentials, Gap> {
    let name = user.name.as_str();
    let (details, login, mfa, keys) = tokio::join!(
        calls.call("iam:GetUser", client.get_user().user_name(name).send()),
        calls.call_optional(
            "iam:GetLoginProfile",
            &["NoSuchEntity"],
            client.get_login_profile().user_name(name).send()
        ),
        calls.call(
            "iam:ListMFADevices",
            client.list_mfa_devices().user_name(name).send()
        ),
        calls.call(
            "iam:ListAccessKeys",
            client.list_access_keys().user_name(name).send()
        ),
    );
    let (details, login, mfa, keys) = (details?, login?, mfa?, keys?);
    let mut access_keys = Vec::new();
    for key in keys.access_key_metadata() {
        let id = key.access_key_id().unwrap_or_default().to_string();
        let last_used = calls
            .call(
                "iam:GetAccessKeyLastUsed",
                client.get_access_key_last_used().access_key_id(&id).send(),
            )
            .await?;
        access_keys.push(AccessKey {
            active: key
                .status()
                .is_some_and(|status| status.as_str() == "Active"),
            last_rotated: key.create_date().and_then(to_chrono),
            last_used: last_used
                .access_key_last_used()
                .and_then(|used| used.last_used_date())
                .and_then(to_chrono),
            id: Some(id),
        });
    }
    Ok(Credentials {
        user: name.to_string(),
        arn: user.arn.clone(),
        user_creation_time: user.create_date,
        password_enabled: Some(login.is_some()),
        password_last_used: details
            .user()
            .and_then(|u| u.password_last_used())
            .and_then(to_chrono),
        password_last_changed: login
            .as_ref()
            .and_then(|l| l.login_profile())
            .map(|p| p.create_date())
            .and_then(to_chrono),
        mfa_active: !mfa.mfa_devices().is_empty(),
        access_keys,
        source: CredentialSource::PerUserCalls,
        tags: user.tags.clone(),
    })
}

async fn authorization(
    calls: &Calls,
    client: &Client,
    listing: Listing,
) -> Result<Authorization, Gap> {
    let request = client.get_account_authorization_details();
    let request = match listing {
        Listing::UsersOnly => request.filter(EntityType::User),
        Listing::Everything { .. } => request
            .filter(EntityType::User)
            .filter(EntityType::Group)
            .filter(EntityType::Role)
            .filter(EntityType::LocalManagedPolicy),
    };
    let listing_pages = request.into_paginator().send().collect();
    let pages: Vec<GetAccountAuthorizationDetailsOutput> = calls
        .call("iam:GetAccountAuthorizationDetails", listing_pages)
        .await?;
    let mut authorization = Authorization::default();
    for page in pages {
        for user in page.user_detail_list() {
            authorization.users.push(User {
                name: user.user_name().unwrap_or_default().to_string(),
                arn: user.arn().unwrap_or_default().to_string(),
                create_date: user.create_date().and_then(to_chrono),
                inline_policies: inline_policies(user.user_policy_list()),
                attached_policies: attached(user.attached_managed_policies()),
                groups: user.group_list().to_vec(),
                tags: tags(user.tags()),
                permissions_boundary: user
                    .permissions_boundary()
                    .and_then(|boundary| boundary.permissions_boundary_arn())
                    .map(str::to_string),
            });
        }
        for group in page.group_detail_list() {
            authorization.groups.push(Group {
                name: group.group_name().unwrap_or_default().to_string(),
                arn: group.arn().unwrap_or_default().to_string(),
                inline_policies: inline_policies(group.group_policy_list()),
                attached_policies: attached(group.attached_managed_policies()),
            });
        }
        for role in page.role_detail_list() {
            authorization.roles.push(Role {
                name: role.role_name().unwrap_or_default().to_string(),
                arn: role.arn().unwrap_or_default().to_string(),
                path: role.path().unwrap_or("/").to_string(),
                assume_role_policy: role.assume_role_policy_document().map(policy_document),
                inline_policies: inline_policies(role.role_policy_list()),
                attached_policies: attached(role.attached_managed_policies()),
                instance_profiles: role
                    .instance_profile_list()
                    .iter()
                    .map(|profile| profile.arn().to_string())
                    .collect(),
                tags: tags(role.tags()),
                permissions_boundary: role
                    .permissions_boundary()
                    .and_then(|boundary| boundary.permissions_boundary_arn())
                    .map(str::to_string),
            });
        }
        for policy in page.policies() {
            let default_version = policy
                .policy_version_list()
                .iter()
                .find(|version| version.is_default_version())
                .and_then(|version| version.document())
                .map(policy_document);
            let arn = policy.arn().unwrap_or_default();
            authorization.policies.push(ManagedPolicy {
                // Some endpoints (moto) omit PolicyName; the ARN's last segment is the same name.
                name: policy
                    .policy_name()
                    .or_else(|| arn.rsplit('/').next())
                    .unwrap_or_default()
                    .to_string(),
                arn: arn.to_string(),
                attachment_count: policy.attachment_count().unwrap_or(0),
                default_version,
            });
        }
    }
    authorization.users.sort_by(|a, b| a.name.cmp(&b.name));
    authorization.groups.sort_by(|a, b| a.name.cmp(&b.name));
    authorization.roles.sort_by(|a, b| a.name.cmp(&b.name));
    authorization.policies.sort_by(|a, b| a.arn.cmp(&b.arn));
    if let Listing::Everything {
        aws_managed_documents: true,
    } = listing
    {
        authorization.aws_managed_policies =
            aws_managed_policies(calls, client, &authorization).await;
    }
    Ok(authorization)
}

/// The documents of the AWS managed policies in use: the listing above carries only customer
/// managed ones, and a privilege-escalation verdict needs every attached policy. AWS updates these
/// documents, so they are read from the account, never from a table shipped with posture.
async fn aws_managed_policies(
    calls: &Calls,
    client: &Client,
    authorization: &Authorization,
) -> BTreeMap<String, Collected<serde_json::Value>> {
    let attached = authorization
        .users
        .iter()
        .flat_map(|user| &user.attached_policies)
        .chain(
            authorization
                .groups
                .iter()
                .flat_map(|group| &group.attached_policies),
        )
        .chain(
            authorization
                .roles
                .iter()
                .flat_map(|role| &role.attached_policies),
        )
        .map(|policy| policy.arn.as_str());
    let boundaries = authorization
        .users
        .iter()
        .filter_map(|user| user.permissions_boundary.as_deref())
        .chain(
            authorization
                .roles
                .iter()
                .filter_map(|role| role.permissions_boundary.as_deref()),
        );
    let arns: BTreeSet<&str> = attached
        .chain(boundaries)
        .filter(|arn| is_aws_managed_arn(arn))
        .collect();
    bounded(arns, |arn| async move {
        (
            arn.to_string(),
            Collected::from(default_document(calls, client, arn).await),
        )
    })
    .await
    .into_iter()
    .collect()
}

/// `arn:<partition>:iam::aws:policy/...`: the account field of an AWS managed policy is `aws`.
fn is_aws_managed_arn(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws")
        && arn
            .split(':')
            .nth(5)
            .is_some_and(|rest| rest.starts_with("policy/"))
}

async fn default_document(
    calls: &Calls,
    client: &Client,
    arn: &str,
) -> Result<serde_json::Value, Gap> {
    let policy = calls
        .call("iam:GetPolicy", client.get_policy().policy_arn(arn).send())
        .await?;
    let version = policy
        .policy()
        .and_then(|policy| policy.default_version_id())
        .ok_or_else(|| {
            Gap::new(
                "iam:GetPolicy",
                format!("the answer for {arn} names no default version"),
            )
        })?;
    let answer = calls
        .call(
            "iam:GetPolicyVersion",
            client
                .get_policy_version()
                .policy_arn(arn)
                .version_id(version)
                .send(),
        )
        .await?;
    answer
        .policy_version()
        .and_then(|version| version.document())
        .map(policy_document)
        .ok_or_else(|| {
            Gap::new(
                "iam:GetPolicyVersion",
                format!("the answer for {arn} holds no document"),
            )
        })
}

/// A policy document as IAM returned it, parsed; one that is not JSON is kept as its raw text (a
/// JSON string), so that the checks report the parse error instead of a call that was never made.
fn policy_document(text: &str) -> serde_json::Value {
    parse_policy_json(text).unwrap_or_else(|_| serde_json::Value::String(text.to_string()))
}

fn inline_policies(details: &[PolicyDetail]) -> Vec<InlinePolicy> {
    details
        .iter()
        .map(|detail| InlinePolicy {
            name: detail.policy_name().unwrap_or_default().to_string(),
            document: policy_document(detail.policy_document().unwrap_or_default()),
        })
        .collect()
}

fn attached(policies: &[SdkAttachedPolicy]) -> Vec<AttachedPolicy> {
    policies
        .iter()
        .map(|policy| AttachedPolicy {
            name: policy.policy_name().unwrap_or_default().to_string(),
            arn: policy.policy_arn().unwrap_or_default().to_string(),
        })
        .collect()
}

fn tags(tags: &[Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .map(|tag| (tag.key().to_string(), tag.value().to_string()))
        .collect()
}

async fn virtual_mfa_devices(calls: &Calls, client: &Client) -> Result<Vec<VirtualMfaDevice>, Gap> {
    calls
        .listing(
            "iam:ListVirtualMFADevices",
            client
                .list_virtual_mfa_devices()
                .into_paginator()
                .send()
                .collect(),
            |page| page.virtual_mfa_devices(),
            |device| VirtualMfaDevice {
                serial_number: device.serial_number().to_string(),
                user_arn: device.user().map(|user| user.arn().to_string()),
            },
        )
        .await
}

async fn server_certificates(
    calls: &Calls,
    client: &Client,
) -> Result<Vec<ServerCertificate>, Gap> {
    calls
        .listing(
            "iam:ListServerCertificates",
            client
                .list_server_certificates()
                .into_paginator()
                .send()
                .collect(),
            |page| page.server_certificate_metadata_list(),
            |cert| ServerCertificate {
                name: cert.server_certificate_name().to_string(),
                arn: cert.arn().to_string(),
                expiration: cert.expiration().and_then(to_chrono),
            },
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-10-30T08:00:00+00:00,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::111122223333:user/alice,2025-01-01T00:00:00+00:00,true,no_information,2025-01-02T00:00:00+00:00,N/A,true,true,2025-01-03T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

    #[test]
    fn parses_the_report_and_its_no_value_markers() {
        let rows = parse_credential_report(REPORT.as_bytes()).expect("parses");
        assert_eq!(rows.len(), 2);
        let root = &rows[0];
        assert!(root.is_root());
        assert_eq!(root.password_enabled, None);
        assert!(root.password_last_used.is_some());
        assert!(!root.mfa_active);
        let alice = &rows[1];
        assert_eq!(alice.password_enabled, Some(true));
        assert_eq!(alice.password_last_used, None);
        assert!(alice.mfa_active);
        assert_eq!(alice.active_keys().count(), 1);
        assert!(alice.access_keys[0].last_rotated.is_some());
    }

    #[test]
    fn a_document_that_does_not_parse_is_kept_as_its_text() {
        let encoded = "%7B%22Statement%22%3A%5B%5D%7D";
        assert_eq!(
            policy_document(encoded),
            serde_json::json!({"Statement": []})
        );
        assert_eq!(
            policy_document("{not json"),
            serde_json::Value::String("{not json".into())
        );
    }

    #[test]
    fn a_report_that_is_not_csv_is_an_error() {
        assert!(parse_credential_report(b"user,arn\n\"unterminated").is_err());
    }

    #[test]
    fn an_empty_report_is_an_error_not_an_empty_list() {
        for empty in [&b""[..], b"\n", b"  \r\n"] {
            let error = parse_credential_report(empty).expect_err("empty content");
            assert!(error.contains("empty"), "{error}");
        }
    }

    #[test]
    fn a_report_that_never_completes_says_how_long_it_was_awaited() {
        let message = report_not_ready();
        assert!(
            message.contains("still being generated after 20 polls"),
            "{message}"
        );
    }
}
