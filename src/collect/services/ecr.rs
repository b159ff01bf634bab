//! ECR: the region's private repositories and their repository policies.

use aws_config::SdkConfig;
use aws_sdk_ecr::Client;

use super::{failed, policy_document};
use crate::collect::{bounded, record_optional};
use crate::inventory::Gap;
use crate::inventory::services::Repository;

const GET_REPOSITORY_POLICY: &str = "ecr:GetRepositoryPolicy";

pub async fn collect(config: &SdkConfig) -> Result<Vec<Repository>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let pages = client
        .describe_repositories()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("ecr:DescribeRepositories"))?;
    let listed = pages.iter().flat_map(|page| page.repositories());
    Ok(bounded(listed, |repository| async move {
        let name = repository.repository_name().unwrap_or_default().to_string();
        let answer = client
            .get_repository_policy()
            .repository_name(&name)
            .send()
            .await;
        Repository {
            arn: repository.repository_arn().unwrap_or_default().to_string(),
            // A repository without a policy answers RepositoryPolicyNotFoundException.
            policy: policy_document(
                GET_REPOSITORY_POLICY,
                record_optional(
                    GET_REPOSITORY_POLICY,
                    &["RepositoryPolicyNotFoundException"],
                    answer,
                )
                .map(|output| output.and_then(|output| output.policy_text().map(str::to_string))),
            ),
            name,
        }
    })
    .await)
}
