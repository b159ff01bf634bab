//! CloudFront: every distribution of the account with the configuration its checks read. A
//! global service: its API answers in us-east-1 whatever regions are audited.

use std::collections::BTreeMap;

use aws_sdk_cloudfront::types::{DistributionConfig, Origin};

use super::bounded;
use super::calls::{Calls, client};
use crate::inventory::cloudfront::{
    CustomOrigin, Distribution, DistributionOrigin, DistributionSettings,
};
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
    // (target origin or origin group, viewer protocol policy) of the default behaviour, then of
    // each other behaviour.
    let behaviors: Vec<(&str, &str)> = config
        .default_cache_behavior()
        .map(|default| {
            (
                default.target_origin_id(),
                default.viewer_protocol_policy().as_str(),
            )
        })
        .into_iter()
        .chain(
            config
                .cache_behaviors()
                .map(|b| b.items())
                .unwrap_or_default()
                .iter()
                .map(|b| (b.target_origin_id(), b.viewer_protocol_policy().as_str())),
        )
        .collect();
    let group_members: BTreeMap<&str, Vec<&str>> = config
        .origin_groups()
        .map(|groups| groups.items())
        .unwrap_or_default()
        .iter()
        .map(|group| {
            let members = group.members().map(|m| m.items()).unwrap_or_default();
            (group.id(), members.iter().map(|m| m.origin_id()).collect())
        })
        .collect();
    let policies_reaching = |origin_id: &str| -> Vec<String> {
        behaviors
            .iter()
            .filter(|(target, _)| {
                *target == origin_id
                    || group_members
                        .get(target)
                        .is_some_and(|members| members.contains(&origin_id))
            })
            .map(|(_, policy)| policy.to_string())
            .collect()
    };
    let certificate = config.viewer_certificate();
    DistributionSettings {
        default_root_object: config.default_root_object().unwrap_or_default().to_string(),
        logging_enabled: config.logging().is_some_and(|logging| logging.enabled()),
        web_acl_id: config.web_acl_id().unwrap_or_default().to_string(),
        viewer_protocol_policies: behaviors
            .iter()
            .map(|(_, policy)| policy.to_string())
            .collect(),
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
            .map(|o| origin(o, policies_reaching(o.id())))
            .collect(),
    }
}

fn origin(origin: &Origin, viewer_protocol_policies: Vec<String>) -> DistributionOrigin {
    DistributionOrigin {
        id: origin.id().to_string(),
        domain_name: origin.domain_name().to_string(),
        s3: origin.s3_origin_config().is_some(),
        origin_access_control_id: origin
            .origin_access_control_id()
            .filter(|id| !id.is_empty())
            .map(str::to_string),
        custom: origin.custom_origin_config().map(|custom| CustomOrigin {
            protocol_policy: custom.origin_protocol_policy().as_str().to_string(),
            ssl_protocols: custom
                .origin_ssl_protocols()
                .map(|protocols| protocols.items())
                .unwrap_or_default()
                .iter()
                .map(|protocol| protocol.as_str().to_string())
                .collect(),
        }),
        viewer_protocol_policies,
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudfront::types::{
        CacheBehavior, CacheBehaviors, CustomOriginConfig, DefaultCacheBehavior, OriginGroup,
        OriginGroupFailoverCriteria, OriginGroupMember, OriginGroupMembers, OriginGroups,
        OriginProtocolPolicy, OriginSslProtocols, Origins, S3OriginConfig, SslProtocol,
        StatusCodes, ViewerProtocolPolicy,
    };

    use super::*;

    fn custom(id: &str, policy: OriginProtocolPolicy) -> Origin {
        let protocols = OriginSslProtocols::builder()
            .quantity(2)
            .items(SslProtocol::SsLv3)
            .items(SslProtocol::TlSv12)
            .build()
            .expect("protocols");
        Origin::builder()
            .id(id)
            .domain_name(format!("{id}.example.com"))
            .custom_origin_config(
                CustomOriginConfig::builder()
                    .http_port(80)
                    .https_port(443)
                    .origin_protocol_policy(policy)
                    .origin_ssl_protocols(protocols)
                    .build()
                    .expect("custom origin"),
            )
            .build()
            .expect("origin")
    }

    /// Each origin learns the viewer protocol policies of the behaviours that reach it, directly
    /// or through an origin group; a custom origin keeps its protocol policy and SSL protocols.
    #[test]
    fn origins_carry_the_policies_of_the_behaviours_that_reach_them() {
        let site = Origin::builder()
            .id("site")
            .domain_name("site.s3.us-east-1.amazonaws.com")
            .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build())
            .build()
            .expect("origin");
        let group = OriginGroup::builder()
            .id("apis")
            .failover_criteria(
                OriginGroupFailoverCriteria::builder()
                    .status_codes(
                        StatusCodes::builder()
                            .quantity(1)
                            .items(503)
                            .build()
                            .expect("codes"),
                    )
                    .build(),
            )
            .members(
                OriginGroupMembers::builder()
                    .quantity(2)
                    .items(
                        OriginGroupMember::builder()
                            .origin_id("primary")
                            .build()
                            .expect("member"),
                    )
                    .items(
                        OriginGroupMember::builder()
                            .origin_id("backup")
                            .build()
                            .expect("member"),
                    )
                    .build()
                    .expect("members"),
            )
            .build()
            .expect("group");
        let config = DistributionConfig::builder()
            .caller_reference("test")
            .comment("")
            .enabled(true)
            .origins(
                Origins::builder()
                    .quantity(3)
                    .items(site)
                    .items(custom("primary", OriginProtocolPolicy::MatchViewer))
                    .items(custom("backup", OriginProtocolPolicy::HttpsOnly))
                    .build()
                    .expect("origins"),
            )
            .origin_groups(
                OriginGroups::builder()
                    .quantity(1)
                    .items(group)
                    .build()
                    .expect("groups"),
            )
            .default_cache_behavior(
                DefaultCacheBehavior::builder()
                    .target_origin_id("site")
                    .viewer_protocol_policy(ViewerProtocolPolicy::RedirectToHttps)
                    .build()
                    .expect("default behaviour"),
            )
            .cache_behaviors(
                CacheBehaviors::builder()
                    .quantity(1)
                    .items(
                        CacheBehavior::builder()
                            .path_pattern("/api/*")
                            .target_origin_id("apis")
                            .viewer_protocol_policy(ViewerProtocolPolicy::AllowAll)
                            .build()
                            .expect("behaviour"),
                    )
                    .build()
                    .expect("behaviours"),
            )
            .build()
            .expect("config");
        let read = settings(&config);
        assert_eq!(
            read.viewer_protocol_policies,
            vec!["redirect-to-https", "allow-all"]
        );
        let by_id = |id: &str| {
            read.origins
                .iter()
                .find(|origin| origin.id == id)
                .expect("origin read")
        };
        assert_eq!(
            by_id("site").viewer_protocol_policies,
            vec!["redirect-to-https"]
        );
        assert!(by_id("site").custom.is_none() && by_id("site").s3);
        for member in ["primary", "backup"] {
            assert_eq!(by_id(member).viewer_protocol_policies, vec!["allow-all"]);
        }
        assert_eq!(
            by_id("primary").custom,
            Some(CustomOrigin {
                protocol_policy: "match-viewer".into(),
                ssl_protocols: vec!["SSLv3".into(), "TLSv1.2".into()],
            })
        );
    }
}
