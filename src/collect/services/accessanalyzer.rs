//! IAM Access Analyzer: the region's analyzers, their type and status.

use crate::collect::calls::{Calls, client};
use crate::inventory::Gap;
use crate::inventory::services::AccessAnalyzer;

pub async fn collect(calls: &Calls) -> Result<Vec<AccessAnalyzer>, Gap> {
    let client = client!(aws_sdk_accessanalyzer, calls);
    let listing = client.list_analyzers().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("access-analyzer:ListAnalyzers", listing).await?;
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
