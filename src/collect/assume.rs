//! Entering another account of the organization: a session whose credentials come from
//! `sts:AssumeRole` on the audit role, refreshed by `aws-config`'s assume-role provider during long
//! runs. The only write-like call posture makes, and it changes nothing in the account.

use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::SharedCredentialsProvider;

use super::{ConnectError, Session, describe, identify};
use crate::inventory::{Gap, Target};

/// How to enter one account.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub account_id: &'a str,
    pub role_arn: &'a str,
    pub external_id: Option<&'a str>,
    pub session_name: &'a str,
    /// The regions to audit there; empty: the calling session's.
    pub regions: &'a [String],
}

/// A session in `entry`'s account. Entry is proven first with one AssumeRole of our own, whose
/// error reads as the service said it (the provider wraps it in credential-loading prose), then
/// with `sts:GetCallerIdentity` through the provider, which assumes the role again and refreshes
/// it for the rest of the run. Any failure is a gap naming `sts:AssumeRole` and the role, so that
/// the account's checks report it.
pub async fn enter(base: &Session, entry: &Entry<'_>) -> Result<Session, Gap> {
    let refused =
        |reason: String| Gap::new("sts:AssumeRole", format!("{}: {reason}", entry.role_arn));
    aws_sdk_sts::Client::new(&base.config)
        .assume_role()
        .role_arn(entry.role_arn)
        .role_session_name(entry.session_name)
        .set_external_id(entry.external_id.map(str::to_string))
        .send()
        .await
        .map_err(|error| refused(describe(&error)))?;
    // STS is called where the base session points: its home region (the regional endpoint) and
    // any --endpoint-url.
    let mut provider = AssumeRoleProvider::builder(entry.role_arn)
        .configure(&base.config)
        .session_name(entry.session_name);
    if let Some(external_id) = entry.external_id {
        provider = provider.external_id(external_id);
    }
    let provider = provider.build().await;
    let config = base
        .config
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build();
    let refused =
        |reason: String| Gap::new("sts:AssumeRole", format!("{}: {reason}", entry.role_arn));
    let account = identify(&config).await.map_err(|error| {
        refused(match error {
            ConnectError::NoCredentials(reason) => reason,
            other => other.to_string(),
        })
    })?;
    if account.id != entry.account_id {
        return Err(refused(format!(
            "the role's credentials are of account {}, not {}",
            account.id, entry.account_id
        )));
    }
    let regions = if entry.regions.is_empty() {
        base.target.regions.clone()
    } else {
        entry.regions.to_vec()
    };
    Ok(Session {
        config,
        policy: base.policy.clone(),
        account,
        target: Target {
            endpoint_url: base.target.endpoint_url.clone(),
            regions,
        },
        notes: Vec::new(),
    })
}

/// The calling session itself, for the account whose credentials start the run, with a manifest
/// line's own regions where it names some.
pub fn direct(base: &Session, regions: &[String]) -> Session {
    let mut session = base.clone();
    if !regions.is_empty() {
        session.target.regions = regions.to_vec();
    }
    session
}
