//! DynamoDB: the region's tables and whether point-in-time recovery is on for each.

use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::PointInTimeRecoveryStatus;

use super::{failed, partition, region_of};
use crate::collect::{bounded, record};
use crate::inventory::Gap;
use crate::inventory::services::Table;

pub async fn collect(config: &SdkConfig, account_id: &str) -> Result<Vec<Table>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let pages = client
        .list_tables()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("dynamodb:ListTables"))?;
    let region = region_of(config);
    // ListTables returns names only; the ARN follows the documented pattern.
    let arn_prefix = format!(
        "arn:{}:dynamodb:{region}:{account_id}:table/",
        partition(&region)
    );
    let arn_prefix = &arn_prefix;
    let names = pages.iter().flat_map(|page| page.table_names());
    Ok(bounded(names, |name| async move {
        let backups = client
            .describe_continuous_backups()
            .table_name(name)
            .send()
            .await;
        Table {
            name: name.clone(),
            arn: format!("{arn_prefix}{name}"),
            point_in_time_recovery: record("dynamodb:DescribeContinuousBackups", backups).map(
                |output| {
                    output
                        .continuous_backups_description()
                        .and_then(|description| description.point_in_time_recovery_description())
                        .and_then(|pitr| pitr.point_in_time_recovery_status())
                        == Some(&PointInTimeRecoveryStatus::Enabled)
                },
            ),
        }
    })
    .await)
}
