//! Collection: THE ONLY CODE THAT CALLS AWS. Read-only calls, made once per resource, concurrently
//! with bounds; every SDK type is converted into `inventory` types here and goes no further.
//! A failed call becomes a `Gap` in the inventory, never an aborted run.

mod account;
pub mod assume;
mod calls;
mod cloudfront;
mod ec2;
mod iam;
mod limits;
pub mod organizations;
mod s3;
mod services;
mod shield;
mod stats;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use thiserror::Error;

use calls::Calls;
pub use calls::{CallPolicy, DEFAULT_MAX_ATTEMPTS, DEFAULT_TOTAL_TIMEOUT};
#[cfg(test)]
pub(crate) use iam::parse_credential_report;
pub use limits::RateLimits;

use crate::inventory::s3::S3Facet;
use crate::inventory::{AccountInfo, Target};
use crate::inventory::{Collected, Gap, Inventory, RegionInventory, Source};

/// Regions to fall back to when neither a flag, the environment nor the profile names one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How long the identity call may take before we call the account unreachable.
const IDENTITY_TIMEOUT: Duration = Duration::from_secs(10);

/// Attempts of the identity call (see `identify`).
const IDENTITY_ATTEMPTS: u32 = 3;

/// How many resources of one kind are fetched at once (buckets, snapshots, users to fill in).
const PER_RESOURCE_CONCURRENCY: usize = 8;

/// How many regions are collected at once.
const REGION_CONCURRENCY: usize = 4;

/// One attempt that gets no answer in this time is abandoned and retried.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);

/// One call, its retries included, gives up after this long.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// The first retry waits up to this long (with jitter), doubling up to `MAX_BACKOFF`.
const INITIAL_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Where to point the audit, as the user said it.
#[derive(Debug, Clone, Default)]
pub struct Targeting {
    pub profile: Option<String>,
    pub regions: Vec<String>,
    pub all_regions: bool,
    pub endpoint_url: Option<String>,
    pub policy: CallPolicy,
}

/// Why an audit could not start.
#[derive(Debug, Error)]
pub enum ConnectError {
    #[error("invalid region '{0}': expected a name such as us-east-1")]
    InvalidRegion(String),
    #[error("no usable AWS credentials: {0}")]
    NoCredentials(String),
    #[error("cannot reach {endpoint}: {reason}")]
    Unreachable { endpoint: String, reason: String },
    #[error("sts:GetCallerIdentity timed out after {0} s: check the endpoint and network")]
    Timeout(u64),
    #[error("sts:GetCallerIdentity failed: {0}")]
    Identity(String),
    #[error("ec2:DescribeRegions failed while resolving --all-regions: {0}")]
    Regions(String),
}

/// A connection to one account: the SDK configuration, who we are, and which regions to audit.
#[derive(Debug, Clone)]
pub struct Session {
    config: SdkConfig,
    policy: CallPolicy,
    pub account: AccountInfo,
    pub target: Target,
    pub notes: Vec<String>,
}

pub(crate) fn looks_like_region(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|last| last.chars().all(|c| c.is_ascii_digit()))
}

/// Loads configuration through the default chain, proves the credentials with
/// `sts:GetCallerIdentity` inside a bound, and resolves the regions to audit.
pub async fn connect(targeting: &Targeting) -> Result<Session, ConnectError> {
    if let Some(bad) = targeting
        .regions
        .iter()
        .find(|region| !looks_like_region(region))
    {
        return Err(ConnectError::InvalidRegion(bad.clone()));
    }
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        // Adaptive mode paces a client that is being throttled instead of only retrying it.
        .retry_config(
            RetryConfig::adaptive()
                .with_max_attempts(targeting.policy.max_attempts)
                .with_initial_backoff(INITIAL_BACKOFF)
                .with_max_backoff(MAX_BACKOFF),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3))
                .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                .operation_timeout(OPERATION_TIMEOUT)
                .build(),
        );
    if let Some(profile) = &targeting.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = targeting.regions.first() {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &targeting.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let mut config = loader.load().await;
    let mut notes = Vec::new();
    if config.region().is_none() {
        notes.push(format!(
            "No region was configured; auditing {DEFAULT_REGION}."
        ));
        config = config
            .into_builder()
            .region(Region::new(DEFAULT_REGION))
            .build();
    }
    let endpoint_url = config.endpoint_url().map(str::to_string);
    let account = identify(&config).await?;
    let home_region = config
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| DEFAULT_REGION.to_string());
    let regions = if targeting.all_regions {
        enabled_regions(&config, &account.partition).await?
    } else if targeting.regions.is_empty() {
        vec![home_region]
    } else {
        targeting
            .regions
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    Ok(Session {
        config,
        policy: targeting.policy.clone(),
        account,
        target: Target {
            endpoint_url,
            regions,
        },
        notes,
    })
}

async fn identify(config: &SdkConfig) -> Result<AccountInfo, ConnectError> {
    // The first call tells an unreachable endpoint or bad credentials apart from a throttled
    // account: it is not retried for long, so that a wrong endpoint fails in seconds.
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(config)
            .retry_config(RetryConfig::standard().with_max_attempts(IDENTITY_ATTEMPTS))
            .build(),
    );
    let call = sts.get_caller_identity().send();
    let output = match tokio::time::timeout(IDENTITY_TIMEOUT, call).await {
        Err(_) => return Err(ConnectError::Timeout(IDENTITY_TIMEOUT.as_secs())),
        Ok(result) => result.map_err(|error| connect_error(config, &error))?,
    };
    account_info(output.account(), output.arn())
}

/// Who we are, from GetCallerIdentity's answer. An answer without the account id or the caller's
/// ARN is a failed identity call: every ARN and account-level finding would name nobody.
fn account_info(account: Option<&str>, arn: Option<&str>) -> Result<AccountInfo, ConnectError> {
    let missing = |what: &str| ConnectError::Identity(format!("the answer has no {what}"));
    let id = account
        .filter(|id| !id.is_empty())
        .ok_or_else(|| missing("account id"))?;
    let caller_arn = arn
        .filter(|arn| !arn.is_empty())
        .ok_or_else(|| missing("caller ARN"))?;
    let partition = caller_arn
        .split(':')
        .nth(1)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ConnectError::Identity(format!("'{caller_arn}' is not an ARN")))?;
    Ok(AccountInfo {
        id: id.to_string(),
        partition: partition.to_string(),
        caller_arn: caller_arn.to_string(),
    })
}

fn connect_error<E: ProvideErrorMetadata + std::error::Error + 'static>(
    config: &SdkConfig,
    error: &SdkError<E, HttpResponse>,
) -> ConnectError {
    let reason = root_cause(error);
    match error {
        SdkError::DispatchFailure(failure)
            if failure.is_user() || reason.contains("credentials") =>
        {
            ConnectError::NoCredentials(reason)
        }
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => ConnectError::Unreachable {
            endpoint: config
                .endpoint_url()
                .map(str::to_string)
                .unwrap_or_else(|| "the AWS STS endpoint".to_string()),
            reason,
        },
        _ if reason.contains("credentials") => ConnectError::NoCredentials(reason),
        _ => ConnectError::Identity(describe(error)),
    }
}

/// The innermost message of an error chain: the SDK's outer layers only say "dispatch failure".
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut messages = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        messages.push(inner.to_string());
        source = inner.source();
    }
    messages.dedup();
    messages
        .into_iter()
        .skip(1)
        .collect::<Vec<_>>()
        .join(": ")
        .trim()
        .to_string()
}

/// The partition a region belongs to: for ARNs the API does not return whole, and because a
/// session never crosses partitions.
pub(crate) fn partition_of_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("eusc-") {
        "aws-eusc"
    } else {
        "aws"
    }
}

async fn enabled_regions(config: &SdkConfig, partition: &str) -> Result<Vec<String>, ConnectError> {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let output = ec2
        .describe_regions()
        .send()
        .await
        .map_err(|error| ConnectError::Regions(describe(&error)))?;
    let mut regions: Vec<String> = output
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        // Emulators list every partition's regions; credentials work in their own partition only.
        .filter(|region| partition_of_region(region) == partition)
        .collect();
    regions.sort();
    Ok(regions)
}

/// One line for an SDK error: `Code: message` from the service, the HTTP status when the service
/// sent no error code (an emulator's "not implemented" page, an unparseable answer), or the
/// transport's own cause.
fn describe<E>(error: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            match (inner.code(), inner.message()) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(code), None) => code.to_string(),
                (None, Some(message)) => message.to_string(),
                (None, None) => unexplained_response(service.raw()),
            }
        }
        SdkError::ResponseError(response) => unexplained_response(response.raw()),
        SdkError::TimeoutError(_) => "timed out".to_string(),
        other => {
            let cause = root_cause(other);
            if cause.is_empty() {
                other.to_string()
            } else {
                cause
            }
        }
    }
}

fn unexplained_response(response: &HttpResponse) -> String {
    let status = response.status().as_u16();
    match status {
        501 => "HTTP 501: not implemented by this endpoint".to_string(),
        200..=299 => format!(
            "HTTP {status} with a response the SDK could not parse (the endpoint does not follow the API)"
        ),
        _ => format!("HTTP {status} with no AWS error code"),
    }
}

/// Parses a policy document as AWS returns it; the decoding rules live with the policy grammar.
fn parse_policy_json(text: &str) -> Result<serde_json::Value, String> {
    crate::policy::parse_document_text(text).map_err(|error| error.to_string())
}

fn to_chrono(time: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(time.secs(), time.subsec_nanos())
}

/// What `collection` gathers when its part is `wanted`; otherwise no call, and not collected.
async fn only_if<T>(
    wanted: bool,
    collection: impl std::future::Future<Output = Collected<T>>,
) -> Collected<T> {
    if wanted {
        collection.await
    } else {
        Collected::NotCollected
    }
}

/// Runs `fetch` over `items` with bounded concurrency, returning the results in the input order.
/// Results are taken as they finish, not in order: one slow answer must not hold the window of
/// calls behind it.
async fn bounded<I, T, F, Fut>(items: I, fetch: F) -> Vec<T>
where
    I: IntoIterator,
    F: Fn(I::Item) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let fetch = &fetch;
    let mut finished: Vec<(usize, T)> = futures::stream::iter(items.into_iter().enumerate())
        .map(|(index, item)| async move { (index, fetch(item).await) })
        .buffer_unordered(PER_RESOURCE_CONCURRENCY)
        .collect()
        .await;
    finished.sort_unstable_by_key(|(index, _)| *index);
    finished.into_iter().map(|(_, result)| result).collect()
}

/// Reports collection progress; the CLI shows it as a progress bar.
pub trait Progress: Sync {
    fn start(&self, total: usize);
    fn done(&self, step: &str);
}

/// Collects what the selected checks need from every targeted region, every S3 facet included.
pub async fn collect(
    session: &Session,
    sources: &BTreeSet<Source>,
    progress: &dyn Progress,
) -> Inventory {
    let facets = S3Facet::ALL.into_iter().collect();
    collect_with(session, sources, &facets, progress).await
}

/// Collects what the selected checks need, calling S3 only for the settings in `s3_facets`.
pub async fn collect_with(
    session: &Session,
    sources: &BTreeSet<Source>,
    s3_facets: &BTreeSet<S3Facet>,
    progress: &dyn Progress,
) -> Inventory {
    let started: DateTime<Utc> = Utc::now();
    let mut inventory = Inventory::new(session.account.clone(), session.target.clone(), started);
    inventory.notes.extend(session.notes.iter().cloned());
    let regional: Vec<Source> = sources
        .iter()
        .copied()
        .filter(|s| s.is_regional())
        .collect();
    let iam_parts: BTreeSet<Source> = sources.iter().copied().filter(|s| s.is_iam()).collect();
    let global_steps = usize::from(!iam_parts.is_empty())
        + [
            Source::S3,
            Source::Account,
            Source::CloudFront,
            Source::WafCloudFront,
            Source::Shield,
        ]
        .iter()
        .filter(|source| sources.contains(source))
        .count();
    progress.start(global_steps + session.target.regions.len() * usize::from(!regional.is_empty()));

    let calls = Calls::new(
        session.config.clone(),
        session.policy.clone(),
        &session.account.id,
    );
    let calls = &calls;
    let iam_part = timed("iam", async {
        if iam_parts.is_empty() {
            return None;
        }
        let collected = iam::collect(calls, &iam_parts).await;
        progress.done("iam");
        Some(collected)
    });
    let s3_part = timed("s3", async {
        if !sources.contains(&Source::S3) {
            return None;
        }
        let collected = s3::collect(
            calls,
            &session.account,
            session.target.endpoint_url.is_some(),
            s3_facets,
        )
        .await;
        progress.done("s3");
        Some(collected)
    });
    let wanted = |source: Source| sources.contains(&source);
    let account_part = account_wide(
        wanted(Source::Account),
        "account",
        progress,
        account::security_contact(calls),
    );
    let cloudfront_part = account_wide(
        wanted(Source::CloudFront),
        "cloudfront",
        progress,
        cloudfront::distributions(calls),
    );
    let cloudfront_web_acls_part = account_wide(
        wanted(Source::WafCloudFront),
        "waf-cloudfront",
        progress,
        services::waf::cloudfront_web_acls(calls),
    );
    let shield_part = account_wide(
        wanted(Source::Shield),
        "shield",
        progress,
        shield::shield_advanced(calls),
    );
    let regions_part = async {
        if regional.is_empty() {
            return Vec::new();
        }
        futures::stream::iter(session.target.regions.iter())
            .map(|region| {
                let regional = &regional;
                timed(region, async move {
                    let collected =
                        collect_region(&calls.in_region(region), &session.account.id, regional)
                            .await;
                    progress.done(region);
                    collected
                })
            })
            .buffer_unordered(REGION_CONCURRENCY)
            .collect::<Vec<_>>()
            .await
    };
    // Boxed: each part is a large state machine, and debug builds poll them on a small stack.
    let (iam_result, s3_result, security_contact, distributions, edge_acls, shield, regions) = tokio::join!(
        Box::pin(iam_part),
        Box::pin(s3_part),
        Box::pin(account_part),
        Box::pin(cloudfront_part),
        Box::pin(cloudfront_web_acls_part),
        Box::pin(shield_part),
        Box::pin(regions_part)
    );
    inventory.shield = shield;
    inventory.security_contact = security_contact;
    inventory.cloudfront = distributions;
    inventory.cloudfront_web_acls = edge_acls;
    let mut wall_time_ms = BTreeMap::new();
    if let ((_, Some((iam_inventory, notes))), elapsed) = iam_result {
        inventory.iam = iam_inventory;
        inventory.notes.extend(notes);
        wall_time_ms.insert("iam".to_string(), elapsed);
    }
    if let ((_, Some((s3_inventory, notes))), elapsed) = s3_result {
        inventory.s3 = s3_inventory;
        inventory.notes.extend(notes);
        wall_time_ms.insert("s3".to_string(), elapsed);
    }
    for ((region, collected), elapsed) in regions {
        wall_time_ms.insert(region.clone(), elapsed);
        inventory.regions.insert(region, collected);
    }
    let unread = unread_administrators(&inventory);
    inventory.notes.extend(unread);
    inventory.stats = calls.stats(wall_time_ms);
    inventory
}

/// The administrator accounts of GuardDuty and Security Hub that could not be read. They are
/// context for a PASS, never its reason, so no finding would say they are missing.
fn unread_administrators(inventory: &Inventory) -> Vec<String> {
    let unknown = |region: &str, what: &str, gap: &Gap| {
        format!(
            "{region}: the administrator account of {what} is unknown ({gap}); the verdict does not \
             depend on it"
        )
    };
    let mut notes = Vec::new();
    for (region, regional) in &inventory.regions {
        let services = &regional.services;
        for detector in services.guardduty_detectors.ok().into_iter().flatten() {
            if let Collected::Failed(gap) = &detector.administrator {
                let what = format!("GuardDuty detector {}", detector.id);
                notes.push(unknown(region, &what, gap));
            }
        }
        if let Collected::Failed(gap) = &services.security_hub_administrator {
            notes.push(unknown(region, "Security Hub", gap));
        }
    }
    notes
}

/// One account-wide collection, made only when a selected check reads it (`wanted`): futures do
/// nothing until awaited, so an unwanted one costs no call.
async fn account_wide<T>(
    wanted: bool,
    step: &str,
    progress: &dyn Progress,
    collection: impl std::future::Future<Output = Collected<T>>,
) -> Collected<T> {
    if !wanted {
        return Collected::NotCollected;
    }
    let collected = collection.await;
    progress.done(step);
    collected
}

/// Runs `work`, returning its result (keyed by `label` for regions) and its wall time in ms.
async fn timed<T>(label: &str, work: impl std::future::Future<Output = T>) -> ((String, T), u64) {
    let clock = Instant::now();
    let result = work.await;
    let elapsed = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    ((label.to_string(), result), elapsed)
}

async fn collect_region(calls: &Calls, account_id: &str, sources: &[Source]) -> RegionInventory {
    let ec2_part = ec2::collect(calls, account_id, sources);
    let services_part = services::collect(calls, account_id, sources);
    let (ec2, services) = tokio::join!(Box::pin(ec2_part), Box::pin(services_part));
    RegionInventory { ec2, services }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A detector's or a hub's administrator that could not be read is said in a note, naming
    /// the region, the resource and the failed call; one that was read, or none, is not.
    #[test]
    fn an_unread_administrator_is_noted() {
        use crate::inventory::services::{Administrator, GuardDutyDetector};
        let mut inventory = Inventory::new(AccountInfo::default(), Target::default(), Utc::now());
        let mut region = RegionInventory::default();
        let detector = |id: &str, administrator| GuardDutyDetector {
            id: id.into(),
            status: Collected::Ok("ENABLED".into()),
            administrator,
        };
        region.services.guardduty_detectors = Collected::Ok(vec![
            detector(
                "d-unread",
                Collected::Failed(Gap::new("guardduty:GetAdministratorAccount", "denied")),
            ),
            detector(
                "d-managed",
                Collected::Ok(Some(Administrator {
                    account_id: "444455556666".into(),
                    relationship: "Enabled".into(),
                })),
            ),
        ]);
        region.services.security_hub_administrator =
            Collected::Failed(Gap::new("securityhub:GetAdministratorAccount", "throttled"));
        inventory.regions.insert("eu-west-1".into(), region);
        assert_eq!(
            unread_administrators(&inventory),
            vec![
                "eu-west-1: the administrator account of GuardDuty detector d-unread is unknown \
                 (guardduty:GetAdministratorAccount failed: denied); the verdict does not depend \
                 on it",
                "eu-west-1: the administrator account of Security Hub is unknown \
                 (securityhub:GetAdministratorAccount failed: throttled); the verdict does not \
                 depend on it",
            ]
        );
    }

    /// The first item finishes only after every other one has: ordered buffering would never
    /// start the items past its window and hang; unordered buffering runs them all, and the
    /// results still come back in the input order.
    #[tokio::test]
    async fn bounded_keeps_order_but_not_the_pace_of_the_slowest() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let count = PER_RESOURCE_CONCURRENCY * 3;
        let others_done = AtomicUsize::new(0);
        let all_others_done = tokio::sync::Notify::new();
        let run = bounded(0..count, |item| {
            let (others_done, all_others_done) = (&others_done, &all_others_done);
            async move {
                if item == 0 {
                    all_others_done.notified().await;
                } else if others_done.fetch_add(1, Ordering::SeqCst) + 1 == count - 1 {
                    all_others_done.notify_one();
                }
                item * 10
            }
        });
        let results = tokio::time::timeout(std::time::Duration::from_secs(30), run)
            .await
            .expect("the slow item did not stall the others");
        let expected: Vec<usize> = (0..count).map(|i| i * 10).collect();
        assert_eq!(results, expected);
    }

    #[test]
    fn regions_belong_to_their_partition() {
        assert_eq!(partition_of_region("eu-west-1"), "aws");
        assert_eq!(partition_of_region("cn-north-1"), "aws-cn");
        assert_eq!(partition_of_region("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of_region("us-iso-east-1"), "aws-iso");
        assert_eq!(partition_of_region("us-isob-east-1"), "aws-iso-b");
        assert!(looks_like_region("ap-southeast-2"));
        assert!(!looks_like_region("Mars_1"));
        assert!(!looks_like_region("us-east"));
    }

    #[test]
    fn an_identity_answer_without_account_or_arn_is_a_failed_call() {
        let arn = "arn:aws:iam::111122223333:user/auditor";
        let account = account_info(Some("111122223333"), Some(arn)).expect("complete answer");
        assert_eq!(account.partition, "aws");
        for (id, caller) in [
            (None, Some(arn)),
            (Some(""), Some(arn)),
            (Some("111122223333"), None),
            (Some("111122223333"), Some("")),
            (Some("111122223333"), Some("auditor")),
        ] {
            let error = account_info(id, caller).expect_err("incomplete answer");
            assert!(
                error
                    .to_string()
                    .starts_with("sts:GetCallerIdentity failed: "),
                "{error}"
            );
        }
    }
}
