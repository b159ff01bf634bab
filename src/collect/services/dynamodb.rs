//! DynamoDB: the region's tables and whether point-in-time recovery is on for each.

use aws_sdk_dynamodb::types::PointInTimeRecoveryStatus;

use super::partition;
use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::Table;
use crate::inventory::{Collected, Gap};

pub async fn collect(calls: &Calls, account_id: &str) -> Result<Vec<Table>, Gap> {
    let client = client!(aws_sdk_dynamodb, calls);
    let client = &client;
    let listing = client.list_tables().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("dynamodb:ListTables", listing).await?;
    let region = calls.region();
    // ListTables returns names only; the ARN follows the documented pattern.
    let arn_prefix = format!(
        "arn:{}:dynamodb:{region}:{account_id}:table/",
        partition(&region)
    );
    let arn_prefix = &arn_prefix;
    let names = pages.iter().flat_map(|page| page.table_names());
    Ok(bounded(names, |name| async move {
        let backups = calls
            .call(
                "dynamodb:DescribeContinuousBackups",
                client.describe_continuous_backups().table_name(name).send(),
            )
            .await;
        Table {
            name: name.clone(),
            arn: format!("{arn_prefix}{name}"),
            point_in_time_recovery: Collected::from(backups.map(|output| {
                output
                    .continuous_backups_description()
                    .and_then(|description| description.point_in_time_recovery_description())
                    .and_then(|pitr| pitr.point_in_time_recovery_status())
                    == Some(&PointInTimeRecoveryStatus::Enabled)
            })),
        }
    })
    .await)
}
