//! ECR: the region's private repositories with their repository policies, image settings and
//! lifecycle policies, and the registry's scanning configuration.

use super::policy_document;
use crate::collect::calls::{Calls, client};
use crate::collect::{bounded, only_if};
use crate::inventory::services::{RegistryScanning, Repository, ScanningRule};
use crate::inventory::{Collected, Gap};

const GET_REPOSITORY_POLICY: &str = "ecr:GetRepositoryPolicy";

/// The repositories, with their repository policies when `policies` and their lifecycle policies
/// when `lifecycles` (a call per repository each, made only for a check that reads them).
pub async fn collect(
    calls: &Calls,
    policies: bool,
    lifecycles: bool,
) -> Result<Vec<Repository>, Gap> {
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
        // A repository without a policy answers RepositoryPolicyNotFoundException, one without a
        // lifecycle policy LifecyclePolicyNotFoundException.
        let (policy, lifecycle_policy) = tokio::join!(
            only_if(policies, async {
                let answer = calls
                    .call_optional(
                        GET_REPOSITORY_POLICY,
                        &["RepositoryPolicyNotFoundException"],
                        client.get_repository_policy().repository_name(&name).send(),
                    )
                    .await;
                policy_document(
                    GET_REPOSITORY_POLICY,
                    Collected::from(answer).map(|output| {
                        output.and_then(|output| output.policy_text().map(str::to_string))
                    }),
                )
            }),
            only_if(lifecycles, async {
                let answer = calls
                    .call_optional(
                        "ecr:GetLifecyclePolicy",
                        &["LifecyclePolicyNotFoundException"],
                        client.get_lifecycle_policy().repository_name(&name).send(),
                    )
                    .await;
                Collected::from(answer).map(|output| {
                    output.and_then(|output| output.lifecycle_policy_text().map(str::to_string))
                })
            }),
        );
        Repository {
            arn: repository.repository_arn().unwrap_or_default().to_string(),
            policy,
            // Both come with the listing; absent, they have AWS's defaults (no scan on push,
            // mutable tags).
            scan_on_push: Collected::Ok(
                repository
                    .image_scanning_configuration()
                    .is_some_and(|scanning| scanning.scan_on_push()),
            ),
            tag_mutability: Collected::Ok(
                repository
                    .image_tag_mutability()
                    .map_or("MUTABLE", |mutability| mutability.as_str())
                    .to_string(),
            ),
            lifecycle_policy,
            name,
        }
    })
    .await)
}

pub async fn registry_scanning(calls: &Calls) -> Result<RegistryScanning, Gap> {
    let client = client!(aws_sdk_ecr, calls);
    let output = calls
        .call(
            "ecr:GetRegistryScanningConfiguration",
            client.get_registry_scanning_configuration().send(),
        )
        .await?;
    let Some(configuration) = output.scanning_configuration() else {
        // No configuration at all is the registry's default: basic scanning, no rules.
        return Ok(RegistryScanning {
            scan_type: "BASIC".into(),
            rules: Vec::new(),
        });
    };
    Ok(RegistryScanning {
        scan_type: configuration
            .scan_type()
            .map_or("BASIC", |kind| kind.as_str())
            .to_string(),
        rules: configuration
            .rules()
            .iter()
            .map(|rule| ScanningRule {
                frequency: rule.scan_frequency().as_str().to_string(),
                filters: rule
                    .repository_filters()
                    .iter()
                    .map(|filter| filter.filter().to_string())
                    .collect(),
            })
            .collect(),
    })
}
