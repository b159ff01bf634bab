//! ECR: the region's private repositories and their repository policies.

use super::policy_document;
use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::Repository;
use crate::inventory::{Collected, Gap};

const GET_REPOSITORY_POLICY: &str = "ecr:GetRepositoryPolicy";

pub async fn collect(calls: &Calls) -> Result<Vec<Repository>, Gap> {
    let client = client!(aws_sdk_ecr, calls);
    let client = &client;
    let listing = client
        .describe_repositories()
        .into_paginator()
        .send()
        .collect();
    let pages: Vec<_> = calls.call("ecr:DescribeRepositories", listing).await?;
    let listed = pages.iter().flat_map(|page| page.repositories());
    Ok(bounded(listed, |repository| async move {
        let name = repository.repository_name().unwrap_or_default().to_string();
        let request = client.get_repository_policy().repository_name(&name).send();
        // A repository without a policy answers RepositoryPolicyNotFoundException.
        let answer = calls
            .call_optional(
                GET_REPOSITORY_POLICY,
                &["RepositoryPolicyNotFoundException"],
                request,
            )
            .await;
        Repository {
            arn: repository.repository_arn().unwrap_or_default().to_string(),
            policy: policy_document(
                GET_REPOSITORY_POLICY,
                Collected::from(answer).map(|output| {
                    output.and_then(|output| output.policy_text().map(str::to_string))
                }),
            ),
            name,
        }
    })
    .await)
}
