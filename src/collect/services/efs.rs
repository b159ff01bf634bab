//! EFS: the region's file systems and whether each is encrypted at rest.

use aws_config::SdkConfig;
use aws_sdk_efs::Client;

use super::{failed, partition, region_of};
use crate::inventory::Gap;
use crate::inventory::services::FileSystem;

pub async fn collect(config: &SdkConfig) -> Result<Vec<FileSystem>, Gap> {
    let pages = Client::new(config)
        .describe_file_systems()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("elasticfilesystem:DescribeFileSystems"))?;
    let region = region_of(config);
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
