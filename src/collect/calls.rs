//! How every collector calls AWS: one SDK configuration (one region) with the run's retry policy,
//! its counters, its retry budgets and its deadline. Each call goes through [`Calls::call`], the one
//! place where an SDK error becomes a [`Gap`], so that every collector records failures alike.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aws_config::{Region, SdkConfig};
use aws_smithy_runtime::client::retries::{RetryPartition, TokenBucket};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use tokio::sync::OnceCell;
use tokio::time::Instant;

use super::describe;
use super::limits::{PaceTagger, PacedHttpClient, Pacer, RateLimits};
use super::stats::{CallCounter, is_throttling_code};
use crate::inventory::services::Trail;
use crate::inventory::{CollectionStats, Gap};

/// The retry budget of one (region, service): a token bucket that each retry draws from and that
/// refills with time, so that a burst of faults early in a long run cannot leave its end with no
/// retries at all (the SDK's default bucket only refills on success).
const BUDGET_CAPACITY: usize = 1_000;
const BUDGET_REFILL_PER_SECOND: f32 = 20.0;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;

/// The run's settings for calling AWS, as the user gave them.
#[derive(Debug, Clone)]
pub struct CallPolicy {
    /// Attempts per call, the first included (`--max-attempts`).
    pub max_attempts: u32,
    /// Total time for the whole collection (`--timeout`); calls still pending become gaps.
    pub total: Duration,
    /// How fast each service may be called (`--rate-limit`, `--rate-limits`).
    pub rate_limits: RateLimits,
}

impl Default for CallPolicy {
    fn default() -> CallPolicy {
        CallPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            total: DEFAULT_TOTAL_TIMEOUT,
            rate_limits: RateLimits::default(),
        }
    }
}

/// Enough attempts that a fifth of calls failing transiently loses nothing: the chance that one
/// call fails ten times in a row at 20 % is 1 in 10 million.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;

/// A CI gate should fail in minutes, not hang: ten minutes covers large accounts.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(600);

/// What the collectors of one region share: the configuration, the counters, the budgets and the
/// deadline. Cloning is cheap; clones share the counters and budgets.
#[derive(Debug, Clone)]
pub(crate) struct Calls {
    config: SdkConfig,
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    counter: CallCounter,
    deadline: Instant,
    total: Duration,
    max_attempts: u32,
    /// One retry budget per (region, service), created on first use.
    budgets: Mutex<BTreeMap<(String, String), TokenBucket>>,
    /// A multi-region trail is listed in every region; its details are read once per run.
    trails: Memo<Trail>,
    /// The account called, for its rate-limit buckets.
    account: String,
    pacer: Pacer,
    /// One HTTP client (one connection pool) for every service client, paced by `pacer`; `None`
    /// only if the SDK had no default client to wrap.
    http: Option<SharedHttpClient>,
}

/// Values computed once per key for the whole run, however many tasks ask at once: the first
/// computes, the others wait for its answer.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    cells: Mutex<BTreeMap<String, Arc<OnceCell<V>>>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Memo<V> {
        Memo {
            cells: Mutex::new(BTreeMap::new()),
        }
    }
}

impl<V: Clone> Memo<V> {
    pub(crate) async fn get_or_compute(&self, key: &str, compute: impl Future<Output = V>) -> V {
        let cell = self
            .cells
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key.to_string())
            .or_default()
            .clone();
        cell.get_or_init(|| compute).await.clone()
    }
}

impl Calls {
    /// Calls into `account` (its id; it keys the rate-limit buckets) with `config`.
    pub(crate) fn new(config: SdkConfig, policy: CallPolicy, account: &str) -> Calls {
        // The configuration's own client when it names one (tests), else the SDK's default.
        let inner = config.http_client().or_else(default_http_client);
        Calls {
            config,
            shared: Arc::new(Shared {
                counter: CallCounter::default(),
                deadline: Instant::now() + policy.total,
                total: policy.total,
                max_attempts: policy.max_attempts,
                budgets: Mutex::new(BTreeMap::new()),
                trails: Memo::default(),
                account: account.to_string(),
                pacer: Pacer::new(policy.rate_limits),
                http: inner.map(|inner| SharedHttpClient::new(PacedHttpClient::new(inner))),
            }),
        }
    }

    /// The HTTP client every service client uses: it waits for rate-limit tokens.
    pub(crate) fn http_client(&self) -> Option<SharedHttpClient> {
        self.shared.http.clone()
    }

    /// The interceptor that assigns each attempt of `sdk_crate`'s client its rate-limit bucket.
    pub(crate) fn pace(&self, sdk_crate: &str) -> PaceTagger {
        self.shared.pacer.tagger(
            &self.shared.account,
            &self.region(),
            super::stats::service_name(sdk_crate),
        )
    }

    #[cfg(test)]
    pub(crate) fn pacer(&self) -> &Pacer {
        &self.shared.pacer
    }

    pub(crate) fn sdk_config(&self) -> &SdkConfig {
        &self.config
    }

    /// What collecting cost so far: the calls counted, and the time waited on rate limits.
    pub(crate) fn stats(&self, wall_time_ms: BTreeMap<String, u64>) -> CollectionStats {
        let mut stats = self.shared.counter.snapshot(wall_time_ms);
        for (service, waited) in self.shared.pacer.waited_ms(&self.shared.account) {
            stats
                .by_service
                .entry(service)
                .or_default()
                .rate_limit_wait_ms += waited;
        }
        stats
    }

    pub(crate) fn counter(&self) -> &CallCounter {
        &self.shared.counter
    }

    /// The same run, calling into `region`.
    pub(crate) fn in_region(&self, region: &str) -> Calls {
        Calls {
            config: self
                .config
                .to_builder()
                .region(Region::new(region.to_string()))
                .build(),
            shared: Arc::clone(&self.shared),
        }
    }

    pub(crate) fn trails(&self) -> &Memo<Trail> {
        &self.shared.trails
    }

    /// The region calls go to; collection always runs with one set (`collect::connect`).
    pub(crate) fn region(&self) -> String {
        self.config
            .region()
            .map(|region| region.to_string())
            .unwrap_or_default()
    }

    /// The retry partition of `service` in this region: its own budget, its own adaptive rate.
    pub(crate) fn retry_partition(&self, service: &'static str) -> RetryPartition {
        let region = self.region();
        let mut budgets = self
            .shared
            .budgets
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let bucket = budgets
            .entry((region.clone(), service.to_string()))
            .or_insert_with(|| {
                TokenBucket::builder()
                    .capacity(BUDGET_CAPACITY)
                    .retry_cost(RETRY_COST)
                    .throttling_retry_cost(RETRY_COST)
                    .timeout_retry_cost(TIMEOUT_RETRY_COST)
                    .refill_rate(BUDGET_REFILL_PER_SECOND)
                    .build()
            })
            .clone();
        RetryPartition::custom(format!("posture-{service}-{region}"))
            .token_bucket(bucket)
            .build()
    }

    /// Awaits one call (a single request or a whole paginated listing) under the run's deadline,
    /// and names its failure after `call`, its IAM action.
    pub(crate) async fn call<T, E>(
        &self,
        call: &'static str,
        request: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, Gap>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        // Boxed: SDK futures are large, and a collector joins many of them at once.
        match tokio::time::timeout_at(self.shared.deadline, Box::pin(request)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(self.gap(call, &error)),
            Err(_) => Err(self.out_of_time(call)),
        }
    }

    /// Like [`Calls::call`], for calls whose "not configured" answer is an error code: that code
    /// means `None`.
    pub(crate) async fn call_optional<T, E>(
        &self,
        call: &'static str,
        absent_codes: &[&str],
        request: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<Option<T>, Gap>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.call_unless_absent(
            call,
            |code, _| code.is_some_and(|code| absent_codes.contains(&code)),
            request,
        )
        .await
    }

    /// Like [`Calls::call`], with `absent` deciding from a failure's code and message whether it
    /// means "not configured" (`None`) rather than a failed call.
    pub(crate) async fn call_unless_absent<T, E>(
        &self,
        call: &'static str,
        absent: impl Fn(Option<&str>, Option<&str>) -> bool,
        request: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<Option<T>, Gap>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        // Boxed: SDK futures are large, and a collector joins many of them at once.
        match tokio::time::timeout_at(self.shared.deadline, Box::pin(request)).await {
            Ok(Ok(value)) => Ok(Some(value)),
            Ok(Err(error)) if absent(error_code(&error), error_message(&error)) => Ok(None),
            Ok(Err(error)) => Err(self.gap(call, &error)),
            Err(_) => Err(self.out_of_time(call)),
        }
    }

    /// Every item of a paginated listing, converted: `items` picks each page's items. One failed
    /// page makes the whole listing a gap, since a partial list would pass what it never saw.
    pub(crate) async fn listing<Page, Item, Out, E>(
        &self,
        call: &'static str,
        pages: impl Future<Output = Result<Vec<Page>, SdkError<E, HttpResponse>>>,
        items: impl Fn(&Page) -> &[Item],
        convert: impl Fn(&Item) -> Out,
    ) -> Result<Vec<Out>, Gap>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let pages = self.call(call, pages).await?;
        Ok(pages.iter().flat_map(items).map(convert).collect())
    }

    /// Waits `pause` unless the deadline comes first; `false` when it did.
    pub(crate) async fn pause(&self, pause: Duration) -> bool {
        let until = Instant::now() + pause;
        tokio::time::sleep_until(until.min(self.shared.deadline)).await;
        until <= self.shared.deadline
    }

    pub(crate) fn out_of_time(&self, call: &str) -> Gap {
        self.shared.counter.count_out_of_time(call);
        Gap::new(
            call,
            format!(
                "no answer before the collection's time budget of {} s ran out (--timeout)",
                self.shared.total.as_secs()
            ),
        )
    }

    fn gap<E>(&self, call: &str, error: &SdkError<E, HttpResponse>) -> Gap
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.shared.counter.count_failure(call);
        let reason = describe(error);
        let message = if error_code(error).is_some_and(is_throttling_code) {
            format!(
                "throttled past its retries ({} attempts): {reason}",
                self.shared.max_attempts
            )
        } else if matches!(error, SdkError::TimeoutError(_)) {
            format!(
                "timed out ({} attempts, each bounded; the call as a whole is bounded too)",
                self.shared.max_attempts
            )
        } else {
            reason
        };
        Gap::new(call, message)
    }
}

/// The HTTP client the SDK would pick by itself, to wrap; read from the SDK's own default plugin,
/// the one public way to it.
fn default_http_client() -> Option<SharedHttpClient> {
    use aws_smithy_runtime_api::client::runtime_components::RuntimeComponentsBuilder;
    use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
    let plugin = aws_smithy_runtime::client::defaults::default_http_client_plugin_v2(
        aws_config::BehaviorVersion::latest(),
    )?;
    plugin
        .runtime_components(&RuntimeComponentsBuilder::new("posture"))
        .http_client()
}

/// The error code of a service error, for telling "absent" apart from "failed".
pub(crate) fn error_code<E: ProvideErrorMetadata>(
    error: &SdkError<E, HttpResponse>,
) -> Option<&str> {
    match error {
        SdkError::ServiceError(service) => service.err().code(),
        _ => None,
    }
}

fn error_message<E: ProvideErrorMetadata>(error: &SdkError<E, HttpResponse>) -> Option<&str> {
    match error {
        SdkError::ServiceError(service) => service.err().message(),
        _ => None,
    }
}

/// Builds a service client from [`Calls`]: the shared configuration plus the counters and the
/// retry partition of that service in that region. `$customise` adjusts the service's own
/// configuration builder (path-style S3, a fixed endpoint).
macro_rules! client {
    ($sdk:ident, $calls:expr) => {
        client!($sdk, $calls, |builder| builder)
    };
    ($sdk:ident, $calls:expr, $customise:expr) => {{
        let calls: &$crate::collect::calls::Calls = $calls;
        let mut builder = $sdk::config::Builder::from(calls.sdk_config())
            .interceptor(calls.counter().for_service(stringify!($sdk)))
            .interceptor(calls.pace(stringify!($sdk)))
            .retry_classifier($crate::collect::stats::UnparseableAnswer)
            .retry_partition(calls.retry_partition(stringify!($sdk)));
        builder.set_http_client(calls.http_client());
        let customise = $customise;
        $sdk::Client::from_conf(customise(builder).build())
    }};
}
pub(crate) use client;

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// Answers every request with `body`, as an endpoint would.
    #[derive(Debug)]
    struct Canned;

    impl aws_smithy_runtime_api::client::http::HttpConnector for Canned {
        fn call(
            &self,
            request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
        ) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
            let body = String::from_utf8_lossy(request.body().bytes().unwrap_or_default());
            let answer = if body.contains("GetCallerIdentity") {
                "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/a</Arn><UserId>A</UserId><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"
            } else if body.contains("DescribeVpcs") {
                "<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>"
            } else {
                "<DescribeSecurityGroupsResponse><securityGroupInfo/></DescribeSecurityGroupsResponse>"
            };
            let response = HttpResponse::new(
                aws_smithy_runtime_api::http::StatusCode::try_from(200).expect("valid status"),
                aws_smithy_types::body::SdkBody::from(answer),
            );
            aws_smithy_runtime_api::client::http::HttpConnectorFuture::ready(Ok(response))
        }
    }

    /// A configuration whose every request `Canned` answers, in eu-west-1.
    fn canned_config() -> SdkConfig {
        let http = aws_smithy_runtime_api::client::http::http_client_fn(|_, _| {
            aws_smithy_runtime_api::client::http::SharedHttpConnector::new(Canned)
        });
        SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(Region::new("eu-west-1"))
            .endpoint_url("http://127.0.0.1:9")
            .credentials_provider(aws_sdk_sts::config::SharedCredentialsProvider::new(
                aws_sdk_sts::config::Credentials::new("AKID", "secret", None, None, "test"),
            ))
            .http_client(http)
            .build()
    }

    #[tokio::test]
    async fn every_attempt_draws_a_token_from_its_services_bucket() {
        let config = canned_config();
        let calls = Calls::new(config, CallPolicy::default(), "111122223333");
        let sts = client!(aws_sdk_sts, &calls);
        let ec2 = client!(aws_sdk_ec2, &calls);
        for _ in 0..3 {
            calls
                .call("sts:GetCallerIdentity", sts.get_caller_identity().send())
                .await
                .expect("canned answer");
        }
        for _ in 0..2 {
            calls
                .call("ec2:DescribeVpcs", ec2.describe_vpcs().send())
                .await
                .expect("canned answer");
        }
        calls
            .call(
                "ec2:DescribeSecurityGroups",
                ec2.describe_security_groups().send(),
            )
            .await
            .expect("canned answer");
        let granted: BTreeMap<String, u64> = calls
            .pacer()
            .granted()
            .into_iter()
            .map(|(key, count)| {
                assert_eq!(
                    (key.account.as_str(), key.region.as_str()),
                    ("111122223333", "eu-west-1")
                );
                (key.bucket, count)
            })
            .collect();
        let expected: BTreeMap<String, u64> = [
            ("ec2:DescribeSecurityGroups".to_string(), 1),
            ("ec2:DescribeVpcs".to_string(), 2),
            ("sts".to_string(), 3),
        ]
        .into_iter()
        .collect();
        assert_eq!(granted, expected);
    }

    /// Attempts held back by a rate limit show in the stats as time waited, for their service.
    #[tokio::test]
    async fn time_waited_on_a_rate_limit_is_counted_per_service() {
        let config = canned_config();
        let mut policy = CallPolicy::default();
        let five = std::num::NonZeroU32::new(5).expect("non-zero");
        policy.rate_limits.set("sts", five).expect("a valid row");
        let calls = Calls::new(config, policy, "111122223333");
        let sts = client!(aws_sdk_sts, &calls);
        let ec2 = client!(aws_sdk_ec2, &calls);
        // Sent at once: a burst of five, then five that wait in turn for a token each fifth of a
        // second (at least 0.2 + 0.4 + ... + 1.0 s in all, however slow the machine).
        let answers = futures::future::join_all(
            (0..10).map(|_| calls.call("sts:GetCallerIdentity", sts.get_caller_identity().send())),
        )
        .await;
        assert!(answers.iter().all(Result::is_ok));
        calls
            .call("ec2:DescribeVpcs", ec2.describe_vpcs().send())
            .await
            .expect("canned answer");
        let stats = calls.stats(BTreeMap::new());
        let waited = |service: &str| stats.by_service[service].rate_limit_wait_ms;
        assert!(waited("sts") >= 1_500, "{stats:?}");
        assert_eq!(waited("ec2"), 0, "{stats:?}");
        assert_eq!(stats.total().rate_limit_wait_ms, waited("sts"));
    }

    #[tokio::test]
    async fn a_memo_computes_each_key_once_however_many_ask() {
        let memo: Memo<u32> = Memo::default();
        let computed = AtomicU32::new(0);
        let compute = |value: u32| {
            let computed = &computed;
            async move {
                computed.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                value
            }
        };
        let (a, b, c) = tokio::join!(
            memo.get_or_compute("trail", compute(1)),
            memo.get_or_compute("trail", compute(2)),
            memo.get_or_compute("other", compute(3)),
        );
        assert_eq!((a, b, c), (1, 1, 3));
        assert_eq!(computed.load(Ordering::SeqCst), 2);
    }
}
