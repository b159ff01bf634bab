//! Secrets Manager: the region's secrets, their rotation settings and resource-based policies.

use aws_config::SdkConfig;
use aws_sdk_secretsmanager::Client;

use super::{failed, policy_document};
use crate::collect::{bounded, record, to_chrono};
use crate::inventory::Gap;
use crate::inventory::services::Secret;

const GET_RESOURCE_POLICY: &str = "secretsmanager:GetResourcePolicy";

pub async fn collect(config: &SdkConfig) -> Result<Vec<Secret>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let pages = client
        .list_secrets()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("secretsmanager:ListSecrets"))?;
    let listed = pages.iter().flat_map(|page| page.secret_list());
    Ok(bounded(listed, |secret| async move {
        let arn = secret.arn().unwrap_or_default().to_string();
        let answer = client.get_resource_policy().secret_id(&arn).send().await;
        Secret {
            name: secret.name().unwrap_or_default().to_string(),
            rotation_enabled: secret.rotation_enabled().unwrap_or(false),
            last_rotated: secret.last_rotated_date().and_then(to_chrono),
            // A secret without a policy answers with no ResourcePolicy, not an error.
            policy: policy_document(
                GET_RESOURCE_POLICY,
                record(GET_RESOURCE_POLICY, answer)
                    .map(|output| output.resource_policy().map(str::to_string)),
            ),
            arn,
        }
    })
    .await)
}
