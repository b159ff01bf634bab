//! Rate limits kept as data: how fast posture may call each AWS service, enforced per (account,
//! region, service) before every HTTP attempt, so that a large account is audited at the pace AWS
//! documents instead of being throttled into retries.
//!
//! The numbers are AWS's documented token buckets where AWS publishes them, each row citing its
//! page; where AWS publishes none, the row says so and holds a conservative choice. A user can
//! replace any row with `--rate-limit KEY=N` or a `--rate-limits FILE` (see the README).
//!
//! Enforcement sits at the HTTP layer: an interceptor tags each attempt with the bucket it draws
//! from, and a wrapper around the HTTP client waits for a token before sending it. Pages of a
//! listing and retries each count, as they do on AWS's side.

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, Metadata};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use governor::{DefaultDirectRateLimiter, Quota};

/// The key that stands for every service the table does not name.
pub const ANY_SERVICE: &str = "*";

/// One token bucket: `per_second` tokens refill each second, up to `burst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Rate {
    const fn new(per_second: u32, burst: u32) -> Rate {
        // The table below holds no zero; `MIN` keeps this a const fn without a panic path.
        Rate {
            per_second: match NonZeroU32::new(per_second) {
                Some(value) => value,
                None => NonZeroU32::MIN,
            },
            burst: match NonZeroU32::new(burst) {
                Some(value) => value,
                None => NonZeroU32::MIN,
            },
        }
    }

    fn quota(self) -> Quota {
        Quota::per_second(self.per_second).allow_burst(self.burst)
    }
}

/// Whether each action of a service draws from its own bucket (EC2 throttles every API on its
/// own) or all actions share one (most services).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    PerAction,
    Shared,
}

/// One row of the table: a service (its name as in the report's `stats`), or one action of it.
struct Row {
    key: &'static str,
    rate: Rate,
    scope: Scope,
    source: &'static str,
}

const EC2_THROTTLING: &str =
    "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html";
const LAMBDA_QUOTAS: &str =
    "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
const KMS_QUOTAS: &str =
    "https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html";
const S3_PERFORMANCE: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html";
const IAM_STS_QUOTAS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
const IAM_THROTTLING_BLOG: &str =
    "https://aws.amazon.com/blogs/security/how-to-monitor-and-query-iam-resources-at-scale-part-2/";
const UNPUBLISHED: &str = "not published by AWS: a conservative choice";

/// The defaults. A row keyed `service:Action` is that action's own bucket; any other action of
/// the service draws from the service's row (or its own copy of it, for `PerAction` services).
const DEFAULTS: &[Row] = &[
    // EC2: every API has its own bucket per account and region; non-mutating actions (Describe*)
    // hold 100 tokens and refill 20 a second.
    Row {
        key: "ec2",
        rate: Rate::new(20, 100),
        scope: Scope::PerAction,
        source: EC2_THROTTLING,
    },
    // Except when called unfiltered and without MaxResults, as posture lists these (one call a
    // region answers them whole): then they draw from a bucket of 50 refilling 10 a second.
    // DescribeSnapshots is filtered by owner, but whether AWS counts that is not said; the
    // smaller bucket is the safe reading.
    Row {
        key: "ec2:DescribeSecurityGroups",
        rate: Rate::new(10, 50),
        scope: Scope::Shared,
        source: EC2_THROTTLING,
    },
    Row {
        key: "ec2:DescribeInstances",
        rate: Rate::new(10, 50),
        scope: Scope::Shared,
        source: EC2_THROTTLING,
    },
    Row {
        key: "ec2:DescribeVolumes",
        rate: Rate::new(10, 50),
        scope: Scope::Shared,
        source: EC2_THROTTLING,
    },
    Row {
        key: "ec2:DescribeSnapshots",
        rate: Rate::new(10, 50),
        scope: Scope::Shared,
        source: EC2_THROTTLING,
    },
    // IAM: token buckets per API on its one global endpoint, numbers not published; the blog
    // explains the buckets. 20 a second with a burst of 50 stays under what auditors see throttled.
    Row {
        key: "iam",
        rate: Rate::new(20, 50),
        scope: Scope::Shared,
        source: IAM_THROTTLING_BLOG,
    },
    // STS: 600 requests a second per account and region, shared by AssumeRole and
    // GetCallerIdentity among others. AWS gives no burst; the burst here equals the rate, as for
    // Lambda and KMS.
    Row {
        key: "sts",
        rate: Rate::new(600, 600),
        scope: Scope::Shared,
        source: IAM_STS_QUOTAS,
    },
    // Lambda: GetPolicy 15 a second, GetFunction 100, the rest of the control plane 15.
    Row {
        key: "lambda",
        rate: Rate::new(15, 15),
        scope: Scope::Shared,
        source: LAMBDA_QUOTAS,
    },
    Row {
        key: "lambda:GetPolicy",
        rate: Rate::new(15, 15),
        scope: Scope::Shared,
        source: LAMBDA_QUOTAS,
    },
    Row {
        key: "lambda:GetFunction",
        rate: Rate::new(100, 100),
        scope: Scope::Shared,
        source: LAMBDA_QUOTAS,
    },
    // S3: AWS publishes at least 5,500 GET/HEAD a second per partitioned prefix and nothing for
    // configuration reads (a bucket's ACL, policy, encryption...), which are GETs on the bucket
    // itself; one prefix's figure for the whole account is the conservative reading.
    Row {
        key: "s3",
        rate: Rate::new(5_500, 5_500),
        scope: Scope::Shared,
        source: S3_PERFORMANCE,
    },
    // KMS: per-operation request quotas per account and region. AWS has no default for "the
    // others"; 100 is below the quotas of the listings posture makes (ListKeys and ListAliases
    // 500 each), so it only ever waits early.
    Row {
        key: "kms",
        rate: Rate::new(100, 100),
        scope: Scope::PerAction,
        source: KMS_QUOTAS,
    },
    Row {
        key: "kms:DescribeKey",
        rate: Rate::new(2_000, 2_000),
        scope: Scope::Shared,
        source: KMS_QUOTAS,
    },
    Row {
        key: "kms:GetKeyPolicy",
        rate: Rate::new(1_000, 1_000),
        scope: Scope::Shared,
        source: KMS_QUOTAS,
    },
    Row {
        key: "kms:GetKeyRotationStatus",
        rate: Rate::new(1_000, 1_000),
        scope: Scope::Shared,
        source: KMS_QUOTAS,
    },
    // Every other service.
    Row {
        key: ANY_SERVICE,
        rate: Rate::new(20, 50),
        scope: Scope::Shared,
        source: UNPUBLISHED,
    },
];

/// The run's table: the defaults with the user's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    rows: BTreeMap<String, (Rate, Scope)>,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            rows: DEFAULTS
                .iter()
                .map(|row| (row.key.to_string(), (row.rate, row.scope)))
                .collect(),
        }
    }
}

/// The bucket one attempt draws from, and its rate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct BucketKey {
    pub account: String,
    pub region: String,
    /// `service`, or `service:Action` for an action with its own bucket.
    pub bucket: String,
}

impl RateLimits {
    /// Replaces (or adds) the row `key` (`service`, `service:Action` or `*`) with `per_second`
    /// tokens a second and a burst of one second's worth.
    pub fn set(&mut self, key: &str, per_second: NonZeroU32) -> Result<(), String> {
        let valid = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let well_formed = key == ANY_SERVICE
            || match key.split_once(':') {
                Some((service, action)) => valid(service) && valid(action),
                None => valid(key),
            };
        if !well_formed {
            return Err(format!(
                "'{key}' is not a service ('ec2'), an action ('lambda:GetPolicy') or '*'"
            ));
        }
        let scope = self
            .rows
            .get(key)
            .map(|(_, scope)| *scope)
            .unwrap_or(Scope::Shared);
        let rate = Rate {
            per_second,
            burst: per_second,
        };
        self.rows.insert(key.to_string(), (rate, scope));
        Ok(())
    }

    /// Applies one `KEY=N` override as the flag gives it.
    pub fn apply_flag(&mut self, spec: &str) -> Result<(), String> {
        let (key, value) = spec
            .split_once('=')
            .ok_or_else(|| format!("--rate-limit '{spec}': expected KEY=N, e.g. ec2=10"))?;
        let per_second = value
            .trim()
            .parse::<NonZeroU32>()
            .map_err(|_| format!("--rate-limit '{spec}': N must be a whole number above 0"))?;
        self.set(key.trim(), per_second)
            .map_err(|reason| format!("--rate-limit '{spec}': {reason}"))
    }

    /// Applies a TOML file of overrides: a `[rate_limits]` table of `KEY = N`.
    pub fn apply_file(&mut self, path: &Path) -> Result<(), String> {
        let name = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {name}: {error}"))?;
        self.apply_toml(&text)
            .map_err(|reason| format!("{name}: {reason}"))
    }

    fn apply_toml(&mut self, text: &str) -> Result<(), String> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            rate_limits: BTreeMap<String, u32>,
        }
        let file: File = toml::from_str(text).map_err(|error| error.to_string())?;
        for (key, value) in file.rate_limits {
            let per_second = NonZeroU32::new(value)
                .ok_or_else(|| format!("rate_limits.{key}: must be above 0"))?;
            self.set(&key, per_second)
                .map_err(|reason| format!("rate_limits.{key}: {reason}"))?;
        }
        Ok(())
    }

    /// The bucket an attempt of `service:action` draws from in (`account`, `region`).
    pub(crate) fn bucket(
        &self,
        account: &str,
        region: &str,
        service: &str,
        action: &str,
    ) -> (BucketKey, Rate) {
        let action_key = format!("{service}:{action}");
        let (bucket, rate) = if let Some((rate, _)) = self.rows.get(&action_key) {
            (action_key, *rate)
        } else if let Some((rate, scope)) = self.rows.get(service) {
            let bucket = match scope {
                Scope::PerAction => action_key,
                Scope::Shared => service.to_string(),
            };
            (bucket, *rate)
        } else {
            let rate = self
                .rows
                .get(ANY_SERVICE)
                .map(|(rate, _)| *rate)
                .unwrap_or(Rate::new(20, 50));
            (service.to_string(), rate)
        };
        let key = BucketKey {
            account: account.to_string(),
            region: region.to_string(),
            bucket,
        };
        (key, rate)
    }

    /// The table as the README shows it: key, rate, burst, scope, source.
    pub fn describe_defaults() -> Vec<(String, u32, u32, bool, &'static str)> {
        DEFAULTS
            .iter()
            .map(|row| {
                (
                    row.key.to_string(),
                    row.rate.per_second.get(),
                    row.rate.burst.get(),
                    row.scope == Scope::PerAction,
                    row.source,
                )
            })
            .collect()
    }
}

/// The limiters of one run, one per bucket, created on first use, and how many tokens each gave.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pacer {
    limits: Arc<RateLimits>,
    buckets: Arc<Mutex<BTreeMap<BucketKey, Bucket>>>,
}

#[derive(Debug, Clone)]
struct Bucket {
    limiter: Arc<DefaultDirectRateLimiter>,
    granted: Arc<std::sync::atomic::AtomicU64>,
    /// Time attempts spent waiting for a token, in microseconds.
    waited_us: Arc<std::sync::atomic::AtomicU64>,
}

/// Attached to an attempt's request: the bucket it waits on before it is sent.
#[derive(Debug, Clone)]
struct Pace(Bucket);

impl Pacer {
    pub(crate) fn new(limits: RateLimits) -> Pacer {
        Pacer {
            limits: Arc::new(limits),
            buckets: Arc::default(),
        }
    }

    fn bucket(&self, account: &str, region: &str, service: &str, action: &str) -> Bucket {
        let (key, rate) = self.limits.bucket(account, region, service, action);
        self.buckets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert_with(|| Bucket {
                limiter: Arc::new(DefaultDirectRateLimiter::direct(rate.quota())),
                granted: Arc::default(),
                waited_us: Arc::default(),
            })
            .clone()
    }

    /// Tokens granted so far, per bucket.
    #[cfg(test)]
    pub(crate) fn granted(&self) -> BTreeMap<BucketKey, u64> {
        self.buckets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(key, bucket)| {
                let granted = bucket.granted.load(std::sync::atomic::Ordering::Relaxed);
                (key.clone(), granted)
            })
            .collect()
    }

    /// Milliseconds `account`'s attempts waited on the rate limits, per service.
    pub(crate) fn waited_ms(&self, account: &str) -> BTreeMap<String, u64> {
        let mut waited: BTreeMap<String, u64> = BTreeMap::new();
        for (key, bucket) in self
            .buckets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|(key, _)| key.account == account)
        {
            let service = key.bucket.split(':').next().unwrap_or(&key.bucket);
            let micros = bucket.waited_us.load(std::sync::atomic::Ordering::Relaxed);
            *waited.entry(service.to_string()).or_default() += micros;
        }
        waited.into_iter().map(|(s, us)| (s, us / 1000)).collect()
    }

    /// The interceptor that tags each attempt of one service's client in one region.
    pub(crate) fn tagger(&self, account: &str, region: &str, service: &str) -> PaceTagger {
        PaceTagger {
            pacer: self.clone(),
            account: account.to_string(),
            region: region.to_string(),
            service: service.to_string(),
        }
    }
}

/// Tags every attempt with its bucket; the HTTP wrapper waits on it.
#[derive(Debug, Clone)]
pub(crate) struct PaceTagger {
    pacer: Pacer,
    account: String,
    region: String,
    service: String,
}

impl Intercept for PaceTagger {
    fn name(&self) -> &'static str {
        "posture rate limit"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let action = cfg.load::<Metadata>().map(Metadata::name).unwrap_or("");
        let bucket = self
            .pacer
            .bucket(&self.account, &self.region, &self.service, action);
        context.request_mut().add_extension(Pace(bucket));
        Ok(())
    }
}

/// The run's HTTP client: the SDK's own (or the one the configuration names), which waits for a
/// token of the attempt's bucket before each request.
#[derive(Debug, Clone)]
pub(crate) struct PacedHttpClient {
    inner: SharedHttpClient,
}

impl PacedHttpClient {
    pub(crate) fn new(inner: SharedHttpClient) -> PacedHttpClient {
        PacedHttpClient { inner }
    }
}

impl HttpClient for PacedHttpClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(PacedConnector {
            inner: self.inner.http_connector(settings, components),
        })
    }

    fn connector_metadata(
        &self,
    ) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.inner.connector_metadata()
    }
}

#[derive(Debug)]
struct PacedConnector {
    inner: SharedHttpConnector,
}

impl HttpConnector for PacedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let pace = request.extension::<Pace>().cloned();
        let inner = self.inner.clone();
        HttpConnectorFuture::new(async move {
            if let Some(Pace(bucket)) = pace {
                let asked = std::time::Instant::now();
                bucket.limiter.until_ready().await;
                let waited = u64::try_from(asked.elapsed().as_micros()).unwrap_or(u64::MAX);
                bucket
                    .waited_us
                    .fetch_add(waited, std::sync::atomic::Ordering::Relaxed);
                bucket
                    .granted
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            inner.call(request).await
        })
    }
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;
    use std::time::Duration;

    use super::*;

    #[test]
    fn actions_draw_from_the_bucket_the_table_gives_them() {
        let limits = RateLimits::default();
        let (key, rate) = limits.bucket("111122223333", "eu-west-1", "ec2", "DescribeVpcs");
        assert_eq!(
            key.bucket, "ec2:DescribeVpcs",
            "EC2 throttles each API on its own"
        );
        assert_eq!((rate.per_second.get(), rate.burst.get()), (20, 100));
        let (key, rate) = limits.bucket("111122223333", "eu-west-1", "ec2", "DescribeSnapshots");
        assert_eq!(
            (key.bucket.as_str(), rate.per_second.get(), rate.burst.get()),
            ("ec2:DescribeSnapshots", 10, 50),
            "an unpaginated listing draws from the smaller bucket"
        );
        let (key, rate) = limits.bucket("111122223333", "eu-west-1", "lambda", "GetPolicy");
        assert_eq!(
            (key.bucket.as_str(), rate.per_second.get()),
            ("lambda:GetPolicy", 15)
        );
        let (key, _) = limits.bucket("111122223333", "eu-west-1", "lambda", "ListFunctions");
        assert_eq!(
            key.bucket, "lambda",
            "the rest of Lambda's control plane shares one"
        );
        let (key, rate) = limits.bucket("111122223333", "eu-west-1", "guardduty", "ListDetectors");
        assert_eq!(
            (key.bucket.as_str(), rate.per_second.get()),
            ("guardduty", 20)
        );
        let (other_region, _) =
            limits.bucket("111122223333", "us-east-1", "guardduty", "ListDetectors");
        assert_ne!(key, other_region, "buckets are per region");
    }

    #[test]
    fn overrides_come_from_the_flag_and_the_file() {
        let mut limits = RateLimits::default();
        limits.apply_flag("ec2=5").expect("valid flag");
        limits.apply_flag("*=7").expect("valid flag");
        limits
            .apply_toml("[rate_limits]\n\"lambda:GetPolicy\" = 3\ns3 = 100\n")
            .expect("valid file");
        let rate = |service: &str, action: &str| {
            limits.bucket("a", "r", service, action).1.per_second.get()
        };
        assert_eq!(rate("ec2", "DescribeVpcs"), 5);
        assert_eq!(
            limits.bucket("a", "r", "ec2", "DescribeVpcs").0.bucket,
            "ec2:DescribeVpcs"
        );
        assert_eq!(rate("sns", "ListTopics"), 7);
        assert_eq!(rate("lambda", "GetPolicy"), 3);
        assert_eq!(rate("s3", "GetBucketAcl"), 100);
        for bad in ["ec2", "ec2=0", "ec2=fast", "=3", "ec2:=3", "e c2=3"] {
            assert!(limits.apply_flag(bad).is_err(), "{bad}");
        }
        assert!(limits.apply_toml("[rate_limits]\nec2 = 0\n").is_err());
        assert!(limits.apply_toml("[limits]\nec2 = 1\n").is_err());
    }

    #[test]
    fn a_bucket_admits_its_burst_then_its_rate() {
        // Counted on a fake clock, not timed.
        let clock = FakeRelativeClock::default();
        let rate = RateLimits::default()
            .bucket("a", "r", "ec2", "DescribeVpcs")
            .1;
        let limiter = governor::RateLimiter::direct_with_clock(rate.quota(), clock.clone());
        let admitted = (0..150).filter(|_| limiter.check().is_ok()).count();
        assert_eq!(admitted, 100, "EC2's documented bucket holds 100 tokens");
        clock.advance(Duration::from_secs(1));
        let admitted = (0..150).filter(|_| limiter.check().is_ok()).count();
        assert_eq!(admitted, 20, "and refills 20 a second");
    }

    #[test]
    fn every_default_row_cites_its_source() {
        for (key, per_second, burst, _, source) in RateLimits::describe_defaults() {
            assert!(per_second > 0 && burst >= per_second, "{key}");
            assert!(
                source.starts_with("https://") || source == UNPUBLISHED,
                "{key}"
            );
        }
    }
}
