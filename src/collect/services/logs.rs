//! CloudWatch Logs: the region's log groups, and every metric filter on them.

use aws_sdk_cloudwatchlogs::types::{LogGroup as SdkLogGroup, MetricFilter as SdkMetricFilter};

use crate::collect::calls::{Calls, client};
use crate::inventory::Gap;
use crate::inventory::services::{LogGroup, MetricFilter, MetricName};

pub async fn log_groups(calls: &Calls) -> Result<Vec<LogGroup>, Gap> {
    let client = client!(aws_sdk_cloudwatchlogs, calls);
    let pages = client
        .describe_log_groups()
        .into_paginator()
        .send()
        .collect();
    calls
        .listing(
            "logs:DescribeLogGroups",
            pages,
            |page| page.log_groups(),
            log_group,
        )
        .await
}

/// All filters in one listing: without a log group name the call pages through the region's.
pub async fn metric_filters(calls: &Calls) -> Result<Vec<MetricFilter>, Gap> {
    let client = client!(aws_sdk_cloudwatchlogs, calls);
    let pages = client
        .describe_metric_filters()
        .into_paginator()
        .send()
        .collect();
    calls
        .listing(
            "logs:DescribeMetricFilters",
            pages,
            |page| page.metric_filters(),
            metric_filter,
        )
        .await
}

fn log_group(group: &SdkLogGroup) -> LogGroup {
    LogGroup {
        name: group.log_group_name().unwrap_or_default().to_string(),
        arn: group.arn().unwrap_or_default().to_string(),
        retention_days: group.retention_in_days(),
        kms_key_id: group
            .kms_key_id()
            .filter(|key| !key.is_empty())
            .map(str::to_string),
    }
}

fn metric_filter(filter: &SdkMetricFilter) -> MetricFilter {
    MetricFilter {
        name: filter.filter_name().unwrap_or_default().to_string(),
        log_group: filter.log_group_name().unwrap_or_default().to_string(),
        pattern: filter.filter_pattern().unwrap_or_default().to_string(),
        metrics: filter
            .metric_transformations()
            .iter()
            .map(|t| MetricName {
                namespace: t.metric_namespace().to_string(),
                name: t.metric_name().to_string(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudwatchlogs::types::MetricTransformation;

    use super::*;

    #[test]
    fn a_filter_keeps_its_pattern_group_and_metrics() {
        let sdk = SdkMetricFilter::builder()
            .filter_name("root")
            .log_group_name("trail-logs")
            .filter_pattern("{ $.userIdentity.type = Root }")
            .metric_transformations(
                MetricTransformation::builder()
                    .metric_name("RootUsage")
                    .metric_namespace("CIS")
                    .metric_value("1")
                    .build()
                    .expect("required fields set"),
            )
            .build();
        let filter = metric_filter(&sdk);
        assert_eq!(filter.log_group, "trail-logs");
        assert_eq!(filter.pattern, "{ $.userIdentity.type = Root }");
        assert_eq!(
            filter.metrics,
            vec![MetricName {
                namespace: "CIS".into(),
                name: "RootUsage".into()
            }]
        );
    }

    #[test]
    fn a_group_without_retention_or_key_keeps_none() {
        let group = log_group(&SdkLogGroup::builder().log_group_name("g").build());
        assert_eq!(group.retention_days, None);
        assert_eq!(group.kms_key_id, None);
    }
}
