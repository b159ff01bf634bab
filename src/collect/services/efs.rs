//! EFS: the region's file systems and whether each is encrypted at rest.

use super::partition;
use crate::collect::calls::{Calls, client};
use crate::inventory::Gap;
use crate::inventory::services::FileSystem;

pub async fn collect(calls: &Calls) -> Result<Vec<FileSystem>, Gap> {
    let client = client!(aws_sdk_efs, calls);
    let listing = client
        .describe_file_systems()
        .into_paginator()
        .send()
        .collect();
    let pages: Vec<_> = calls
        .call("elasticfilesystem:DescribeFileSystems", listing)
        .await?;
    let region = calls.region();
    Ok(pages
        .iter()
        .flat_map(|page| page.file_systems())
        .map(|fs| {
            let id = fs.file_system_id().to_string();
            // Older API answers omit the ARN; it follows the documented pattern.
            let arn = fs.file_system_arn().map(str::to_string).unwrap_or_else(|| {
                format!(
                    "arn:{}:elasticfilesystem:{region}:{}:file-system/{id}",
                    partition(&region),
                    fs.owner_id()
                )
            });
            FileSystem {
                arn,
                encrypted: fs.encrypted().unwrap_or(false),
                tags: fs
                    .tags()
                    .iter()
                    .map(|tag| (tag.key().to_string(), tag.value().to_string()))
                    .collect(),
                id,
            }
        })
        .collect())
}
