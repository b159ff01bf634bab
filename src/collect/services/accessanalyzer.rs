//! IAM Access Analyzer: the region's analyzers, their type and status.

use aws_config::SdkConfig;
use aws_sdk_accessanalyzer::Client;

use super::failed;
use crate::inventory::Gap;
use crate::inventory::services::AccessAnalyzer;

pub async fn collect(config: &SdkConfig) -> Result<Vec<AccessAnalyzer>, Gap> {
    let pages = Client::new(config)
        .list_analyzers()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("access-analyzer:ListAnalyzers"))?;
    Ok(pages
        .iter()
        .flat_map(|page| page.analyzers())
        .map(|analyzer| AccessAnalyzer {
            name: analyzer.name().to_string(),
            arn: analyzer.arn().to_string(),
            kind: analyzer.r#type().as_str().to_string(),
            status: analyzer.status().as_str().to_string(),
        })
        .collect())
}
