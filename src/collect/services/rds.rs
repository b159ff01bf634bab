//! RDS: the region's DB instances (Aurora, DocumentDB and Neptune instances included) and the
//! settings the customer controls on them.

use crate::collect::calls::{Calls, client};
use crate::inventory::Gap;
use crate::inventory::services::DbInstance;

pub async fn collect(calls: &Calls) -> Result<Vec<DbInstance>, Gap> {
    let client = client!(aws_sdk_rds, calls);
    let listing = client
        .describe_db_instances()
        .into_paginator()
        .send()
        .collect();
    let pages: Vec<_> = calls.call("rds:DescribeDBInstances", listing).await?;
    Ok(pages
        .iter()
        .flat_map(|page| page.db_instances())
        .map(db_instance)
        .collect())
}

fn db_instance(db: &aws_sdk_rds::types::DbInstance) -> DbInstance {
    DbInstance {
        id: db.db_instance_identifier().unwrap_or_default().to_string(),
        arn: db.db_instance_arn().unwrap_or_default().to_string(),
        engine: db.engine().unwrap_or_default().to_string(),
        storage_encrypted: db.storage_encrypted().unwrap_or(false),
        publicly_accessible: db.publicly_accessible().unwrap_or(false),
        auto_minor_version_upgrade: db.auto_minor_version_upgrade().unwrap_or(false),
        backup_retention_period: db.backup_retention_period().unwrap_or(0),
        multi_az: db.multi_az().unwrap_or(false),
        read_replica_source: db
            .read_replica_source_db_instance_identifier()
            .or(db.read_replica_source_db_cluster_identifier())
            .map(str::to_string),
        tags: db
            .tag_list()
            .iter()
            .filter_map(|tag| {
                Some((
                    tag.key()?.to_string(),
                    tag.value().unwrap_or_default().to_string(),
                ))
            })
            .collect(),
    }
}
