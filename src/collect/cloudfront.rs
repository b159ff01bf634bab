//! CloudFront: every distribution of the account with the configuration its checks read. A
//! global service: its API answers in us-east-1 whatever regions are audited.

use aws_sdk_cloudfront::types::{DistributionConfig, Origin};

use super::bounded;
use super::calls::{Calls, client};
use crate::inventory::cloudfront::{Distribution, DistributionOrigin, DistributionSettings};
use crate::inventory::{Collected, Gap};

/// Where CloudFront's control-plane API lives.
pub const API_REGION: &str = "us-east-1";

pub async fn distributions(calls: &Calls) -> Collected<Vec<Distribution>> {
    Collected::from(listing(&calls.in_region(API_REGION)).await)
}

async fn listing(calls: &Calls) -> Result<Vec<Distribution>, Gap> {
    let client = client!(aws_sdk_cloudfront, calls);
    let client = &client;
    let pages: Vec<_> = calls
        .call(
            "cloudfront:ListDistributions",
            client
                .list_distributions()
                .into_paginator()
                .send()
                .collect(),
        )
        .await?;
    let listed = pages
        .iter()
        .filter_map(|page| page.distribution_list())
        .flat_map(|list| list.items());
    Ok(bounded(listed, |summary| async move {
        let id = summary.id().to_string();
        let answer = calls
            .call(
                "cloudfront:GetDistributionConfig",
                client.get_distribution_config().id(&id).send(),
            )
            .await;
        Distribution {
            arn: summary.arn().to_string(),
            domain_name: summary.domain_name().to_string(),
            comment: summary.comment().to_string(),
            settings: Collected::from(answer.and_then(|output| {
                output.distribution_config().map(settings).ok_or_else(|| {
                    Gap::new(
                        "cloudfront:GetDistributionConfig",
                        "the answer holds no configuration",
                    )
                })
            })),
            id,
        }
    })
    .await)
}

fn settings(config: &DistributionConfig) -> DistributionSettings {
    let mut viewer_protocol_policies = Vec::new();
    if let Some(default) = config.default_cache_behavior() {
        viewer_protocol_policies.push(default.viewer_protocol_policy().as_str().to_string());
    }
    for behavior in config
        .cache_behaviors()
        .map(|b| b.items())
        .unwrap_or_default()
    {
        viewer_protocol_policies.push(behavior.viewer_protocol_policy().as_str().to_string());
    }
    let certificate = config.viewer_certificate();
    DistributionSettings {
        default_root_object: config.default_root_object().unwrap_or_default().to_string(),
        logging_enabled: config.logging().is_some_and(|logging| logging.enabled()),
        web_acl_id: config.web_acl_id().unwrap_or_default().to_string(),
        viewer_protocol_policies,
        // No viewer certificate block means CloudFront's own *.cloudfront.net certificate.
        default_certificate: certificate.is_none_or(|c| {
            c.cloud_front_default_certificate().unwrap_or(false)
                || (c.acm_certificate_arn().is_none() && c.iam_certificate_id().is_none())
        }),
        ssl_support_method: certificate
            .and_then(|c| c.ssl_support_method())
            .map(|method| method.as_str().to_string()),
        minimum_protocol_version: certificate
            .and_then(|c| c.minimum_protocol_version())
            .map(|version| version.as_str().to_string()),
        origins: config
            .origins()
            .map(|origins| origins.items())
            .unwrap_or_default()
            .iter()
            .map(origin)
            .collect(),
    }
}

fn origin(origin: &Origin) -> DistributionOrigin {
    DistributionOrigin {
        id: origin.id().to_string(),
        domain_name: origin.domain_name().to_string(),
        s3: origin.s3_origin_config().is_some(),
        origin_access_control_id: origin
            .origin_access_control_id()
            .filter(|id| !id.is_empty())
            .map(str::to_string),
    }
}
