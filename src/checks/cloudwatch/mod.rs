//! CloudWatch monitoring checks (CIS section 4): for one class of CloudTrail events, a metric
//! filter on the log group of a logging multi-region trail catches them, an alarm watches the
//! filter's metric, and the alarm notifies an SNS topic that someone confirmed a subscription to.
//!
//! Every check is a thin file naming its event class; the chain is judged once, here. A filter is
//! judged by what it matches: it must catch every sample event of its class and none of the
//! benign ones (a filter that matches everything would page on every API call), whatever its
//! spelling, clause order or equivalent form. Samples are CloudTrail records trimmed to the
//! fields filters look at.
//!
//! A trail whose log group lives in another account (an organization trail delivering to the
//! management or a logging account) cannot be judged from the member: ERROR naming that account.

crate::service_checks! {
    cloudtrail_changes_monitored::CloudtrailChangesMonitored,
    config_changes_monitored::ConfigChangesMonitored,
    console_auth_failures_monitored::ConsoleAuthFailuresMonitored,
    console_sign_in_without_mfa_monitored::ConsoleSignInWithoutMfaMonitored,
    iam_policy_changes_monitored::IamPolicyChangesMonitored,
    kms_key_disable_or_deletion_monitored::KmsKeyDisableOrDeletionMonitored,
    nacl_changes_monitored::NaclChangesMonitored,
    network_gateway_changes_monitored::NetworkGatewayChangesMonitored,
    organizations_changes_monitored::OrganizationsChangesMonitored,
    root_usage_monitored::RootUsageMonitored,
    route_table_changes_monitored::RouteTableChangesMonitored,
    s3_bucket_policy_changes_monitored::S3BucketPolicyChangesMonitored,
    security_group_changes_monitored::SecurityGroupChangesMonitored,
    unauthorized_api_calls_monitored::UnauthorizedApiCallsMonitored,
    vpc_changes_monitored::VpcChangesMonitored,
}

use serde_json::{Value, json};

use crate::catalog::CheckMeta;
use crate::checks::cloudtrail::per_account_trail;
use crate::filter_pattern::Pattern;
use crate::finding::Finding;
use crate::inventory::Source;
use crate::inventory::services::{MetricAlarm, MetricFilter, SnsTopic, Trail};
use crate::inventory::{Collected, Gap, Inventory};

/// The trail, the log group's filters, the alarms and the topics.
pub const MONITORING_SOURCES: &[Source] = &[
    Source::CloudTrail,
    Source::Logs,
    Source::CloudWatch,
    Source::Sns,
    Source::SnsSubscriptions,
];

/// Declares one monitoring check: its struct, its catalog entry at `$path`, and the event class
/// it judges with [`monitored`]. Every CIS 4.x check is that and its class, nothing more.
macro_rules! monitoring_check {
    ($name:ident, $path:literal, $class:expr) => {
        pub struct $name;

        impl $crate::check::Check for $name {
            fn meta(&self) -> &'static $crate::catalog::CheckMeta {
                $crate::check_meta!($path)
            }

            fn needs(&self) -> &'static [$crate::inventory::Source] {
                $crate::checks::cloudwatch::MONITORING_SOURCES
            }

            fn evaluate(
                &self,
                inventory: &$crate::inventory::Inventory,
                _settings: &$crate::check::Settings,
            ) -> Vec<$crate::finding::Finding> {
                $crate::checks::cloudwatch::monitored(inventory, self.meta(), &$class)
            }
        }
    };
}
pub(crate) use monitoring_check;

/// A sample log event with the words a message uses for it.
pub struct Sample {
    pub label: String,
    pub event: Value,
}

/// One monitored class of events.
pub struct EventClass {
    /// How messages name the class, e.g. "IAM policy changes".
    pub what: &'static str,
    /// Events a filter for the class must match, every one of them.
    pub catch: fn() -> Vec<Sample>,
    /// Benign events of the same service that the filter must not match, besides [`benign`].
    pub ignore: fn() -> Vec<Sample>,
}

/// The account's verdict for one event class: PASS when a logging multi-region trail's log group
/// has the whole chain, FAIL naming what each trail lacks, ERROR when what is missing was not seen.
pub fn monitored(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    class: &EventClass,
) -> Vec<Finding> {
    let samples = Samples {
        catch: (class.catch)(),
        ignore: (class.ignore)().into_iter().chain(benign()).collect(),
    };
    let judge = |trail: &Trail| judge_trail(inventory, trail, class.what, &samples);
    per_account_trail(
        inventory,
        meta,
        |trail| match judge(trail) {
            Outcome::Pass(_) => Ok(None),
            Outcome::Fail(reason) => Ok(Some(reason)),
            Outcome::Unknown(gap) => Err(gap),
        },
        |label, trail| match judge(trail) {
            Outcome::Pass(chain) => format!("{label}: {chain}"),
            Outcome::Fail(reason) => reason,
            Outcome::Unknown(gap) => gap.to_string(),
        },
    )
}

struct Samples {
    catch: Vec<Sample>,
    ignore: Vec<Sample>,
}

/// How far one link of the chain got.
enum Outcome {
    /// The whole chain, worded.
    Pass(String),
    /// What is missing.
    Fail(String),
    /// What could not be seen.
    Unknown(Gap),
}

impl Outcome {
    /// The best of several alternatives: any PASS, else the first unknown (it might have
    /// passed), else every FAIL reason.
    fn best(outcomes: Vec<Outcome>, none: String) -> Outcome {
        let mut fails = Vec::new();
        let mut unknown = None;
        for outcome in outcomes {
            match outcome {
                Outcome::Pass(chain) => return Outcome::Pass(chain),
                Outcome::Unknown(gap) => {
                    unknown.get_or_insert(gap);
                }
                Outcome::Fail(reason) => fails.push(reason),
            }
        }
        match unknown {
            Some(gap) => Outcome::Unknown(gap),
            None if fails.is_empty() => Outcome::Fail(none),
            None => Outcome::Fail(fails.join("; ")),
        }
    }
}

/// The parts of an ARN: `arn:partition:service:region:account:resource`.
struct Arn<'a> {
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn parse_arn(arn: &str) -> Option<Arn<'_>> {
    let mut parts = arn.splitn(6, ':');
    (parts.next()? == "arn").then_some(())?;
    let _partition = parts.next()?;
    Some(Arn {
        service: parts.next()?,
        region: parts.next()?,
        account: parts.next()?,
        resource: parts.next()?,
    })
}

fn judge_trail(inventory: &Inventory, trail: &Trail, what: &str, samples: &Samples) -> Outcome {
    match trail.is_logging.get() {
        Err(gap) => return Outcome::Unknown(gap),
        Ok(false) => return Outcome::Fail("is not logging (logging is stopped)".into()),
        Ok(true) => {}
    }
    let Some(group_arn) = trail.cloudwatch_logs_log_group_arn.as_deref() else {
        return Outcome::Fail("does not deliver its events to CloudWatch Logs".into());
    };
    let Some(group) = parse_arn(group_arn).filter(|arn| arn.service == "logs") else {
        return Outcome::Unknown(Gap::new(
            "cloudtrail:DescribeTrails",
            format!(
                "trail {} names log group '{group_arn}', which is not a log group ARN",
                trail.name
            ),
        ));
    };
    let group_name = group
        .resource
        .strip_prefix("log-group:")
        .map(|name| name.strip_suffix(":*").unwrap_or(name))
        .unwrap_or(group.resource);
    if group.account != inventory.account.id {
        let kind = if trail.is_organization_trail {
            "organization trail"
        } else {
            "trail"
        };
        return Outcome::Unknown(Gap::new(
            "",
            format!(
                "{kind} {} delivers to log group {group_name} in account {}, not in this account \
                 ({}): its metric filters, alarms and topics can only be audited from account {}",
                trail.name, group.account, inventory.account.id, group.account
            ),
        ));
    }
    let Some(region) = inventory.regions.get(group.region) else {
        return Outcome::Unknown(Gap::new(
            "",
            format!(
                "trail {} delivers to log group {group_name} in {}, a region this audit did not \
                 cover (add --region {})",
                trail.name, group.region, group.region
            ),
        ));
    };
    let filters = match region.services.metric_filters.get() {
        Ok(filters) => filters,
        Err(gap) => return Outcome::Unknown(gap),
    };
    let on_group: Vec<&MetricFilter> = filters
        .iter()
        .filter(|filter| filter.log_group == group_name)
        .collect();
    let mut misses = Vec::new();
    let mut catching = Vec::new();
    let mut unreadable = None;
    for filter in &on_group {
        match judge_filter(filter, samples) {
            Ok(None) => catching.push(*filter),
            Ok(Some(miss)) => misses.push(format!("{} {miss}", filter.name)),
            Err(error) => {
                unreadable.get_or_insert(Gap::new(
                    "",
                    format!(
                        "metric filter {} on log group {group_name} has a pattern this audit cannot \
                         evaluate ({error}): check by hand whether it catches {what}",
                        filter.name
                    ),
                ));
            }
        }
    }
    if catching.is_empty() {
        if let Some(gap) = unreadable {
            return Outcome::Unknown(gap);
        }
        let seen = if misses.is_empty() {
            "it has no metric filter at all".to_string()
        } else {
            format!("its filters fall short: {}", misses.join(", "))
        };
        return Outcome::Fail(format!(
            "delivers to log group {group_name}, which has no metric filter that catches {what} ({seen})"
        ));
    }
    let alarms = match region.services.metric_alarms.get() {
        Ok(alarms) => alarms,
        Err(gap) => return Outcome::Unknown(gap),
    };
    let outcomes = catching
        .iter()
        .map(|filter| judge_filter_alarms(inventory, group_name, filter, alarms))
        .collect();
    Outcome::best(outcomes, String::new())
}

/// `Ok(None)` when the filter catches every sample and no benign event; otherwise the first
/// sample it misses or benign event it also counts.
fn judge_filter(filter: &MetricFilter, samples: &Samples) -> Result<Option<String>, String> {
    let pattern = Pattern::parse(&filter.pattern).map_err(|error| error.to_string())?;
    if let Some(missed) = samples.catch.iter().find(|s| !pattern.matches(&s.event)) {
        return Ok(Some(format!("misses {}", missed.label)));
    }
    if let Some(noisy) = samples.ignore.iter().find(|s| pattern.matches(&s.event)) {
        return Ok(Some(format!("also counts {}", noisy.label)));
    }
    Ok(None)
}

fn judge_filter_alarms(
    inventory: &Inventory,
    group: &str,
    filter: &MetricFilter,
    alarms: &[MetricAlarm],
) -> Outcome {
    let metrics: Vec<String> = filter
        .metrics
        .iter()
        .map(|m| format!("{}/{}", m.namespace, m.name))
        .collect();
    let watching: Vec<&MetricAlarm> = alarms
        .iter()
        .filter(|alarm| alarm.metrics.iter().any(|m| filter.metrics.contains(m)))
        .collect();
    let subject = format!(
        "log group {group} has metric filter {} (metric {})",
        filter.name,
        metrics.join(", ")
    );
    let outcomes = watching
        .iter()
        .map(|alarm| judge_alarm(inventory, alarm))
        .map(|outcome| match outcome {
            Outcome::Pass(chain) => Outcome::Pass(format!("{subject}, {chain}")),
            Outcome::Fail(reason) => Outcome::Fail(format!("{subject}, but {reason}")),
            unknown => unknown,
        })
        .collect();
    Outcome::best(
        outcomes,
        format!("{subject}, but no alarm watches that metric"),
    )
}

fn judge_alarm(inventory: &Inventory, alarm: &MetricAlarm) -> Outcome {
    let name = &alarm.name;
    if !alarm.actions_enabled {
        return Outcome::Fail(format!("alarm {name} has its actions disabled"));
    }
    let topics: Vec<&str> = alarm
        .alarm_actions
        .iter()
        .map(String::as_str)
        .filter(|action| parse_arn(action).is_some_and(|arn| arn.service == "sns"))
        .collect();
    let outcomes = topics
        .iter()
        .map(|topic| match find_topic(inventory, topic) {
            Err(gap) => Outcome::Unknown(gap),
            Ok(None) => Outcome::Fail(format!(
                "alarm {name} notifies topic {topic}, which does not exist"
            )),
            Ok(Some(found)) => judge_topic(name, found),
        })
        .collect();
    Outcome::best(outcomes, format!("alarm {name} notifies no SNS topic"))
}

/// The topic an alarm names, looked up in the region its ARN names; a topic of another account
/// or an unaudited region cannot be seen.
fn find_topic<'a>(inventory: &'a Inventory, topic_arn: &str) -> Result<Option<&'a SnsTopic>, Gap> {
    let arn = parse_arn(topic_arn).ok_or_else(|| {
        Gap::new(
            "cloudwatch:DescribeAlarms",
            format!("'{topic_arn}' is not an ARN"),
        )
    })?;
    if arn.account != inventory.account.id {
        return Err(Gap::new(
            "",
            format!(
                "topic {topic_arn} belongs to account {}: its subscribers can only be audited from there",
                arn.account
            ),
        ));
    }
    let region = inventory.regions.get(arn.region).ok_or_else(|| {
        Gap::new(
            "",
            format!(
                "topic {topic_arn} is in {}, a region this audit did not cover",
                arn.region
            ),
        )
    })?;
    let topics = region.services.sns_topics.get()?;
    Ok(topics.iter().find(|topic| topic.arn == topic_arn))
}

fn judge_topic(alarm: &str, topic: &SnsTopic) -> Outcome {
    let subscriptions = match topic.subscriptions.get() {
        Ok(subscriptions) => subscriptions,
        Err(gap) => return Outcome::Unknown(gap),
    };
    let arn = &topic.arn;
    if let Some(subscriber) = subscriptions
        .iter()
        .find(|s| s.confirmed == Collected::Ok(true))
    {
        return Outcome::Pass(format!(
            "alarm {alarm} notifies topic {arn}, which has a confirmed {} subscriber",
            subscriber.protocol
        ));
    }
    if let Some(gap) = subscriptions.iter().find_map(|s| s.confirmed.get().err()) {
        return Outcome::Unknown(gap);
    }
    if subscriptions.is_empty() {
        Outcome::Fail(format!(
            "alarm {alarm} notifies topic {arn}, which has no subscriber"
        ))
    } else {
        Outcome::Fail(format!(
            "alarm {alarm} notifies topic {arn}, whose {} subscription(s) are all unconfirmed",
            subscriptions.len()
        ))
    }
}

const SAMPLE_ACCOUNT: &str = "111122223333";

/// A successful management call by an IAM user, as CloudTrail records it.
pub fn api_call(source: &str, name: &str) -> Value {
    json!({
        "eventVersion": "1.09",
        "eventSource": source,
        "eventName": name,
        "eventType": "AwsApiCall",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.15.0",
        "userIdentity": {
            "type": "IAMUser",
            "arn": format!("arn:aws:iam::{SAMPLE_ACCOUNT}:user/operator"),
            "accountId": SAMPLE_ACCOUNT,
            "userName": "operator",
        },
        "readOnly": false,
        "managementEvent": true,
        "recipientAccountId": SAMPLE_ACCOUNT,
    })
}

/// Each named call of one service, labelled `source:Name`.
pub fn api_calls(source: &str, names: &[&str]) -> Vec<Sample> {
    names
        .iter()
        .map(|name| Sample {
            label: format!("{}:{name}", source.trim_end_matches(".amazonaws.com")),
            event: api_call(source, name),
        })
        .collect()
}

/// A console sign-in event; `outcome` is `Success` or `Failure`.
pub fn console_login(identity_type: &str, mfa_used: &str, outcome: &str) -> Value {
    let mut event = api_call("signin.amazonaws.com", "ConsoleLogin");
    event["eventType"] = json!("AwsConsoleSignIn");
    event["userIdentity"]["type"] = json!(identity_type);
    event["additionalEventData"] =
        json!({"MFAUsed": mfa_used, "LoginTo": "https://console.aws.amazon.com/"});
    event["responseElements"] = json!({"ConsoleLogin": outcome});
    if outcome == "Failure" {
        event["errorMessage"] = json!("Failed authentication");
    }
    event
}

/// Everyday calls no monitoring filter should count.
fn benign() -> Vec<Sample> {
    let mut read = api_call("ec2.amazonaws.com", "DescribeInstances");
    read["readOnly"] = json!(true);
    vec![Sample {
        label: "a successful ec2:DescribeInstances by an IAM user".into(),
        event: read,
    }]
}

/// For event classes whose only benign samples are [`benign`].
pub fn nothing_else() -> Vec<Sample> {
    Vec::new()
}

/// A read-only call of the class's service, for [`EventClass::ignore`].
pub fn read_call(source: &str, name: &str) -> Vec<Sample> {
    let mut event = api_call(source, name);
    event["readOnly"] = json!(true);
    vec![Sample {
        label: format!(
            "a read-only {}:{name}",
            source.trim_end_matches(".amazonaws.com")
        ),
        event,
    }]
}

#[cfg(test)]
pub mod fixtures {
    //! A monitored account: a logging multi-region trail delivering to `trail-logs` in the fixture
    //! region, whose filter, alarm and topic the tests vary.

    use crate::check::{Check, Settings};
    use crate::checks::cloudtrail::fixtures::{trail, with_trails};
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional};
    use crate::finding::Status;
    use crate::inventory::services::{
        MetricAlarm, MetricFilter, MetricName, SnsSubscription, SnsTopic, Trail,
    };
    use crate::inventory::{Collected, Inventory, RegionInventory};

    pub const GROUP: &str = "trail-logs";

    pub fn topic_arn() -> String {
        format!("arn:aws:sns:{REGION}:{ACCOUNT}:security-alerts")
    }

    pub fn metric() -> MetricName {
        MetricName {
            namespace: "CISBenchmark".into(),
            name: "Monitored".into(),
        }
    }

    pub fn monitored_trail() -> Trail {
        Trail {
            is_multi_region: true,
            cloudwatch_logs_log_group_arn: Some(format!(
                "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{GROUP}:*"
            )),
            ..trail("org-audit")
        }
    }

    pub fn filter(name: &str, pattern: &str) -> MetricFilter {
        MetricFilter {
            name: name.into(),
            log_group: GROUP.into(),
            pattern: pattern.into(),
            metrics: vec![metric()],
        }
    }

    pub fn alarm() -> MetricAlarm {
        MetricAlarm {
            name: "monitored-alarm".into(),
            arn: format!("arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:monitored-alarm"),
            actions_enabled: true,
            alarm_actions: vec![topic_arn()],
            metrics: vec![metric()],
        }
    }

    pub fn topic(confirmed: &[bool]) -> SnsTopic {
        SnsTopic {
            arn: topic_arn(),
            attributes: Collected::NotCollected,
            subscriptions: Collected::Ok(
                confirmed
                    .iter()
                    .enumerate()
                    .map(|(i, &confirmed)| SnsSubscription {
                        arn: if confirmed {
                            format!("{}:sub-{i}", topic_arn())
                        } else {
                            "PendingConfirmation".into()
                        },
                        protocol: "email".into(),
                        endpoint: "security@example.com".into(),
                        confirmed: Collected::Ok(confirmed),
                    })
                    .collect(),
            ),
        }
    }

    /// Pins a check's event class: the benchmark's own pattern passes, a pattern that misses
    /// part of the class fails, and filters that were not listed are an ERROR naming the call.
    pub fn assert_judged(check: &dyn Check, benchmark: &str, narrower: &str) {
        let verdict = |inventory: &Inventory| {
            let findings = check.evaluate(inventory, &Settings::default());
            assert_eq!(findings.len(), 1, "{findings:#?}");
            (findings[0].status, findings[0].message.clone())
        };
        let (status, message) = verdict(&account(benchmark, |_| {}));
        assert_eq!(status, Status::Pass, "benchmark pattern: {message}");
        let (status, message) = verdict(&account(narrower, |_| {}));
        assert_eq!(status, Status::Fail, "narrower pattern: {message}");
        assert!(message.contains("cis-filter misses"), "{message}");
        let unlisted = account(benchmark, |r| {
            r.services.metric_filters = failed("logs:DescribeMetricFilters");
        });
        let (status, message) = verdict(&unlisted);
        assert_eq!(status, Status::Error, "{message}");
        assert!(message.contains("logs:DescribeMetricFilters"), "{message}");
    }

    /// The whole chain with `pattern` as the only filter; `fill` adjusts the region.
    pub fn account(pattern: &str, fill: impl FnOnce(&mut RegionInventory)) -> Inventory {
        regional(|region| {
            with_trails(region, vec![monitored_trail()]);
            region.services.metric_filters = Collected::Ok(vec![filter("cis-filter", pattern)]);
            region.services.metric_alarms = Collected::Ok(vec![alarm()]);
            region.services.sns_topics = Collected::Ok(vec![topic(&[false, true])]);
            fill(region);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{GROUP, account, filter, monitored_trail, topic};
    use super::root_usage_monitored::RootUsageMonitored;
    use super::*;
    use crate::check::{Check, Settings};
    use crate::checks::cloudtrail::fixtures::{MANAGEMENT, organization_trail, with_trails};
    use crate::checks::fixtures::{ACCOUNT, failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    const ROOT: &str = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;

    fn run(inventory: &Inventory) -> Vec<Finding> {
        RootUsageMonitored.evaluate(inventory, &Settings::default())
    }

    fn single(inventory: &Inventory, status: Status) -> String {
        let findings = run(inventory);
        assert_eq!(
            verdicts(&findings),
            vec![(ACCOUNT.into(), status)],
            "{findings:#?}"
        );
        findings[0].message.clone()
    }

    #[test]
    fn passes_the_whole_chain_and_names_it() {
        let message = single(&account(ROOT, |_| {}), Status::Pass);
        assert!(
            message.contains("multi-region trail org-audit"),
            "{message}"
        );
        assert!(message.contains("metric filter cis-filter"), "{message}");
        assert!(message.contains("alarm monitored-alarm"), "{message}");
        assert!(message.contains("confirmed email subscriber"), "{message}");
    }

    #[test]
    fn fails_a_topic_without_a_confirmed_subscriber() {
        let pending = account(ROOT, |r| {
            r.services.sns_topics = Collected::Ok(vec![topic(&[false])]);
        });
        let message = single(&pending, Status::Fail);
        assert!(message.contains("all unconfirmed"), "{message}");
        let empty = account(ROOT, |r| {
            r.services.sns_topics = Collected::Ok(vec![topic(&[])])
        });
        assert!(single(&empty, Status::Fail).contains("has no subscriber"));
    }

    #[test]
    fn fails_each_missing_link() {
        let no_alarm = account(ROOT, |r| {
            r.services.metric_alarms = Collected::Ok(Vec::new())
        });
        assert!(single(&no_alarm, Status::Fail).contains("no alarm watches that metric"));

        let disabled = account(ROOT, |r| {
            if let Collected::Ok(alarms) = &mut r.services.metric_alarms {
                alarms[0].actions_enabled = false;
            }
        });
        assert!(single(&disabled, Status::Fail).contains("actions disabled"));

        let no_topic = account(ROOT, |r| r.services.sns_topics = Collected::Ok(Vec::new()));
        assert!(single(&no_topic, Status::Fail).contains("does not exist"));

        let no_filter = account(ROOT, |r| {
            r.services.metric_filters = Collected::Ok(Vec::new())
        });
        assert!(single(&no_filter, Status::Fail).contains("has no metric filter at all"));

        let no_logs = account(ROOT, |r| {
            let mut trail = monitored_trail();
            trail.cloudwatch_logs_log_group_arn = None;
            with_trails(r, vec![trail]);
        });
        assert!(
            single(&no_logs, Status::Fail)
                .contains("does not deliver its events to CloudWatch Logs")
        );

        let stopped = account(ROOT, |r| {
            let mut trail = monitored_trail();
            trail.is_logging = Collected::Ok(false);
            with_trails(r, vec![trail]);
        });
        assert!(single(&stopped, Status::Fail).contains("is not logging"));

        let single_region = account(ROOT, |r| {
            let mut trail = monitored_trail();
            trail.is_multi_region = false;
            with_trails(r, vec![trail]);
        });
        assert!(single(&single_region, Status::Fail).contains("no trail is multi-region"));
    }

    #[test]
    fn judges_filters_by_what_they_match_not_how_they_are_written() {
        for equivalent in [
            r#"{($.eventType!="AwsServiceEvent")&&($.userIdentity.invokedBy NOT EXISTS)&&($.userIdentity.type="Root")}"#,
            "{ $.userIdentity.type = Root }",
        ] {
            single(&account(equivalent, |_| {}), Status::Pass);
        }
        // Too narrow: console sign-ins only.
        let narrow = account(
            r#"{ $.userIdentity.type = "Root" && $.eventName = "ConsoleLogin" }"#,
            |_| {},
        );
        let message = single(&narrow, Status::Fail);
        assert!(message.contains("cis-filter misses"), "{message}");
        // Too broad: every event.
        let broad = single(&account("", |_| {}), Status::Fail);
        assert!(
            broad.contains("also counts a successful ec2:DescribeInstances"),
            "{broad}"
        );
        // Another group's filter does not count.
        let elsewhere = account(ROOT, |r| {
            let mut other = filter("other", ROOT);
            other.log_group = "app-logs".into();
            r.services.metric_filters = Collected::Ok(vec![other]);
        });
        assert!(single(&elsewhere, Status::Fail).contains(GROUP));
    }

    #[test]
    fn one_good_filter_among_bad_ones_is_enough() {
        let inventory = account(ROOT, |r| {
            r.services.metric_filters = Collected::Ok(vec![
                filter("broken", "{ $.eventName = "),
                filter("good", ROOT),
            ]);
        });
        single(&inventory, Status::Pass);
    }

    #[test]
    fn an_unreadable_pattern_with_no_good_filter_is_an_error_naming_it() {
        let inventory = account("{ $.userIdentity.type = %Ro+t% }", |_| {});
        let message = single(&inventory, Status::Error);
        assert!(message.contains("metric filter cis-filter"), "{message}");
        assert!(message.contains("regular expressions"), "{message}");
    }

    #[test]
    fn a_log_group_in_another_account_is_an_error_naming_that_account() {
        let inventory = account(ROOT, |r| {
            let mut trail = monitored_trail();
            trail.is_organization_trail = true;
            trail.cloudwatch_logs_log_group_arn =
                Some("arn:aws:logs:us-east-1:999988887777:log-group:org-trail:*".into());
            with_trails(r, vec![trail]);
        });
        let message = single(&inventory, Status::Error);
        assert!(
            message.contains("organization trail org-audit"),
            "{message}"
        );
        assert!(message.contains("account 999988887777"), "{message}");
    }

    #[test]
    fn a_members_organization_trail_from_its_management_account_is_an_error_naming_it() {
        // The member has no trail of its own; the management account's collection read the
        // organization trail, which delivers to a log group of the management account.
        let mut inventory = account(ROOT, |r| with_trails(r, vec![]));
        let mut organization = organization_trail("org-main");
        organization.cloudwatch_logs_log_group_arn = Some(format!(
            "arn:aws:logs:us-east-1:{MANAGEMENT}:log-group:org-trail:*"
        ));
        inventory.organization_trails = vec![organization.clone()];
        let message = single(&inventory, Status::Error);
        assert_eq!(
            message,
            format!(
                "organization trail org-main delivers to log group org-trail in account \
                 {MANAGEMENT}, not in this account ({ACCOUNT}): its metric filters, alarms and \
                 topics can only be audited from account {MANAGEMENT}"
            )
        );
        // Without CloudWatch Logs delivery there is no monitoring at all, wherever it would be.
        organization.cloudwatch_logs_log_group_arn = None;
        inventory.organization_trails = vec![organization];
        let message = single(&inventory, Status::Fail);
        assert!(
            message.contains(&format!(
                "organization trail org-main of management account {MANAGEMENT} does not deliver"
            )),
            "{message}"
        );
        // The member's own fully monitored trail still passes beside it.
        let mut inventory = account(ROOT, |_| {});
        inventory.organization_trails = vec![organization_trail("org-main")];
        single(&inventory, Status::Pass);
    }

    #[test]
    fn errors_when_a_link_was_not_collected() {
        for (fill, call) in [
            (
                Box::new(|r: &mut crate::inventory::RegionInventory| {
                    r.services.metric_filters = failed("logs:DescribeMetricFilters")
                }) as Box<dyn Fn(&mut crate::inventory::RegionInventory)>,
                "logs:DescribeMetricFilters",
            ),
            (
                Box::new(|r| r.services.metric_alarms = failed("cloudwatch:DescribeAlarms")),
                "cloudwatch:DescribeAlarms",
            ),
            (
                Box::new(|r| r.services.sns_topics = failed("sns:ListTopics")),
                "sns:ListTopics",
            ),
            (
                Box::new(|r| r.services.trails = failed("cloudtrail:DescribeTrails")),
                "cloudtrail:DescribeTrails",
            ),
        ] {
            let message = single(&account(ROOT, |r| fill(r)), Status::Error);
            assert!(message.contains(call), "{call}: {message}");
        }
        let unsubscribed = account(ROOT, |r| {
            let mut unread = topic(&[]);
            unread.subscriptions = failed("sns:ListSubscriptionsByTopic");
            r.services.sns_topics = Collected::Ok(vec![unread]);
        });
        assert!(single(&unsubscribed, Status::Error).contains("sns:ListSubscriptionsByTopic"));
        let unknown_state = account(ROOT, |r| {
            let mut unread = topic(&[false]);
            if let Collected::Ok(subscriptions) = &mut unread.subscriptions {
                subscriptions[0].confirmed = failed("sns:GetSubscriptionAttributes");
            }
            r.services.sns_topics = Collected::Ok(vec![unread]);
        });
        assert!(single(&unknown_state, Status::Error).contains("sns:GetSubscriptionAttributes"));
    }

    #[test]
    fn a_log_group_in_an_unaudited_region_is_an_error() {
        let inventory = account(ROOT, |r| {
            let mut trail = monitored_trail();
            trail.cloudwatch_logs_log_group_arn = Some(format!(
                "arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:trail-logs:*"
            ));
            with_trails(r, vec![trail]);
        });
        assert!(single(&inventory, Status::Error).contains("--region eu-west-1"));
    }
}
