//! CloudWatch: the region's metric alarms, with the metrics they watch and whom they notify.

use aws_sdk_cloudwatch::types::MetricAlarm as SdkMetricAlarm;

use crate::collect::calls::{Calls, client};
use crate::inventory::Gap;
use crate::inventory::services::{MetricAlarm, MetricName};

pub async fn collect(calls: &Calls) -> Result<Vec<MetricAlarm>, Gap> {
    let client = client!(aws_sdk_cloudwatch, calls);
    let pages = client.describe_alarms().into_paginator().send().collect();
    calls
        .listing(
            "cloudwatch:DescribeAlarms",
            pages,
            |page| page.metric_alarms(),
            alarm,
        )
        .await
}

/// A metric-math alarm names its metrics inside its queries, not at the top level.
fn alarm(alarm: &SdkMetricAlarm) -> MetricAlarm {
    let single = alarm
        .metric_name()
        .zip(alarm.namespace())
        .map(|(name, namespace)| MetricName {
            namespace: namespace.to_string(),
            name: name.to_string(),
        });
    let queried = alarm
        .metrics()
        .iter()
        .filter_map(|query| query.metric_stat()?.metric())
        .filter_map(|metric| {
            Some(MetricName {
                namespace: metric.namespace()?.to_string(),
                name: metric.metric_name()?.to_string(),
            })
        });
    MetricAlarm {
        name: alarm.alarm_name().unwrap_or_default().to_string(),
        arn: alarm.alarm_arn().unwrap_or_default().to_string(),
        actions_enabled: alarm.actions_enabled().unwrap_or(true),
        alarm_actions: alarm.alarm_actions().to_vec(),
        metrics: single.into_iter().chain(queried).collect(),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudwatch::types::{Metric, MetricDataQuery, MetricStat};

    use super::*;

    #[test]
    fn single_metric_and_metric_math_alarms_both_name_their_metrics() {
        let single = alarm(
            &SdkMetricAlarm::builder()
                .alarm_name("root")
                .metric_name("RootUsage")
                .namespace("CIS")
                .alarm_actions("arn:aws:sns:us-east-1:111122223333:alerts")
                .build(),
        );
        assert_eq!(single.metrics.len(), 1);
        assert!(single.actions_enabled);
        let math = alarm(
            &SdkMetricAlarm::builder()
                .alarm_name("math")
                .actions_enabled(false)
                .metrics(
                    MetricDataQuery::builder()
                        .id("m1")
                        .metric_stat(
                            MetricStat::builder()
                                .metric(Metric::builder().namespace("CIS").metric_name("X").build())
                                .stat("Sum")
                                .period(300)
                                .build(),
                        )
                        .build(),
                )
                .build(),
        );
        assert_eq!(
            math.metrics,
            vec![MetricName {
                namespace: "CIS".into(),
                name: "X".into()
            }]
        );
        assert!(!math.actions_enabled);
    }
}
