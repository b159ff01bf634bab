//! What collection cost: an SDK interceptor on every client counts calls, attempts, throttled
//! answers and final failures per service, so that a report can say how hard the account was
//! pushed and whether it pushed back.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef, InterceptorContext,
};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use crate::inventory::{CollectionStats, ServiceStats};

/// The error codes AWS services use for "slow down" (the SDK's own throttling list).
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

pub(crate) fn is_throttling_code(code: &str) -> bool {
    THROTTLING_CODES.contains(&code)
}

/// The name a service goes by in stats and rate limits, from its SDK crate's name: its IAM action
/// prefix where the crate is named otherwise.
pub(crate) fn service_name(sdk_crate: &str) -> &str {
    match sdk_crate.trim_start_matches("aws_sdk_") {
        "accessanalyzer" => "access-analyzer",
        "efs" => "elasticfilesystem",
        other => other,
    }
}

/// Counts per service, shared by every client of one run. Services are named by their IAM
/// action prefix, as in gaps (`s3`, `access-analyzer`, `elasticfilesystem`).
#[derive(Debug, Clone, Default)]
pub(crate) struct CallCounter {
    counts: Arc<Mutex<Counts>>,
}

#[derive(Debug, Default)]
struct Counts {
    by_service: BTreeMap<String, ServiceStats>,
    out_of_time: u64,
}

impl CallCounter {
    fn update(&self, service: &str, change: impl FnOnce(&mut ServiceStats)) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        change(counts.by_service.entry(service.to_string()).or_default());
    }

    /// The interceptor for one service's clients; `sdk_crate` is the SDK crate's name.
    pub(crate) fn for_service(&self, sdk_crate: &str) -> ServiceCounter {
        ServiceCounter {
            counter: self.clone(),
            service: service_name(sdk_crate).to_string(),
        }
    }

    /// A call (named `service:Action`) that failed after its retries.
    pub(crate) fn count_failure(&self, call: &str) {
        let service = call.split(':').next().unwrap_or(call);
        self.update(service, |stats| stats.failed += 1);
    }

    pub(crate) fn count_out_of_time(&self, call: &str) {
        self.count_failure(call);
        self.counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .out_of_time += 1;
    }

    /// The counts so far, with the wall time each region (and the global services) took.
    pub(crate) fn snapshot(&self, wall_time_ms: BTreeMap<String, u64>) -> CollectionStats {
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        CollectionStats {
            by_service: counts.by_service.clone(),
            calls_out_of_time: counts.out_of_time,
            wall_time_ms,
        }
    }
}

/// Counts the attempts and calls of one service's clients.
#[derive(Debug, Clone)]
pub(crate) struct ServiceCounter {
    counter: CallCounter,
    service: String,
}

/// Whether an answer says "slow down": 429, or a throttling code in the error body (query and
/// JSON protocols answer throttling with a 400 and the code in the body, S3 and EC2 with a 503).
fn is_throttled(response: &HttpResponse) -> bool {
    if response.status().as_u16() == 429 {
        return true;
    }
    if response.status().is_success() {
        return false;
    }
    let header_code = response
        .headers()
        .get("x-amzn-errortype")
        .map(|value| value.split(':').next().unwrap_or(value));
    if header_code.is_some_and(is_throttling_code) {
        return true;
    }
    let Some(body) = response.body().bytes() else {
        return false;
    };
    let body = String::from_utf8_lossy(body);
    THROTTLING_CODES.iter().any(|code| {
        body.contains(&format!("<Code>{code}</Code>"))
            || body.contains(&format!("\"{code}\""))
            || body.contains(&format!("#{code}\""))
    })
}

impl Intercept for ServiceCounter {
    fn name(&self) -> &'static str {
        "posture call counter"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.counter
            .update(&self.service, |stats| stats.attempts += 1);
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let throttled = context.response().is_some_and(is_throttled);
        let timed_out = context
            .output_or_error()
            .is_some_and(|outcome| outcome.is_err_and(|error| error.is_timeout_error()));
        if throttled || timed_out {
            self.counter.update(&self.service, |stats| {
                stats.throttled_attempts += u64::from(throttled);
                stats.timed_out_attempts += u64::from(timed_out);
            });
        }
        Ok(())
    }

    /// Once per call, whatever its outcome. Failures are counted where they become gaps, since
    /// some error answers ("no policy", "no tags") are answers, not failures.
    fn read_after_execution(
        &self,
        _context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.counter.update(&self.service, |stats| stats.calls += 1);
        Ok(())
    }
}

/// An answer that arrived whole but does not parse will not parse the next time either: the SDK
/// counts it as a transient response error, which against an endpoint that does not follow the
/// API turns every such call into ten slow attempts. A body that broke off mid-way is still
/// retried (it never became readable bytes).
#[derive(Debug)]
pub(crate) struct UnparseableAnswer;

impl ClassifyRetry for UnparseableAnswer {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let response_error = ctx
            .output_or_error()
            .is_some_and(|outcome| outcome.is_err_and(|error| error.is_response_error()));
        let whole_success = ctx.response().is_some_and(|response| {
            response.status().is_success() && response.body().bytes().is_some()
        });
        if response_error && whole_success {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "posture: unparseable answer"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

#[cfg(test)]
mod tests {
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(
            StatusCode::try_from(status).expect("valid status"),
            SdkBody::from(body.to_string()),
        )
    }

    #[test]
    fn throttling_is_recognised_in_each_protocol() {
        let query = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
        assert!(is_throttled(&response(400, query)));
        let ec2 = "<Response><Errors><Error><Code>RequestLimitExceeded</Code></Error></Errors></Response>";
        assert!(is_throttled(&response(503, ec2)));
        let json =
            r#"{"__type":"com.amazonaws.kms#ThrottlingException","message":"Rate exceeded"}"#;
        assert!(is_throttled(&response(400, json)));
        assert!(is_throttled(&response(429, "{}")));
        let s3 = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
        assert!(is_throttled(&response(503, s3)));
        let denied = "<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>";
        assert!(!is_throttled(&response(403, denied)));
        assert!(!is_throttled(&response(200, "<Code>Throttling</Code>")));
        assert!(!is_throttled(&response(500, "<Code>InternalError</Code>")));
    }

    #[test]
    fn services_are_named_by_their_iam_prefix() {
        let counter = CallCounter::default();
        assert_eq!(
            counter.for_service("aws_sdk_efs").service,
            "elasticfilesystem"
        );
        assert_eq!(
            counter.for_service("aws_sdk_accessanalyzer").service,
            "access-analyzer"
        );
        assert_eq!(
            counter.for_service("aws_sdk_s3control").service,
            "s3control"
        );
        counter.count_failure("access-analyzer:ListAnalyzers");
        let stats = counter.snapshot(BTreeMap::new());
        assert_eq!(stats.by_service["access-analyzer"].failed, 1);
    }
}
