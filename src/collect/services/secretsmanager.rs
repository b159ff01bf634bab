//! Secrets Manager: the region's secrets, their rotation settings and resource-based policies.

use super::policy_document;
use crate::collect::calls::{Calls, client};
use crate::collect::{bounded, to_chrono};
use crate::inventory::services::Secret;
use crate::inventory::{Collected, Gap};

const GET_RESOURCE_POLICY: &str = "secretsmanager:GetResourcePolicy";

pub async fn collect(calls: &Calls) -> Result<Vec<Secret>, Gap> {
    let client = client!(aws_sdk_secretsmanager, calls);
    let client = &client;
    let listing = client.list_secrets().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("secretsmanager:ListSecrets", listing).await?;
    let listed = pages.iter().flat_map(|page| page.secret_list());
    Ok(bounded(listed, |secret| async move {
        let arn = secret.arn().unwrap_or_default().to_string();
        let answer = calls
            .call(
                GET_RESOURCE_POLICY,
                client.get_resource_policy().secret_id(&arn).send(),
            )
            .await;
        Secret {
            name: secret.name().unwrap_or_default().to_string(),
            rotation_enabled: secret.rotation_enabled().unwrap_or(false),
            last_rotated: secret.last_rotated_date().and_then(to_chrono),
            // A secret without a policy answers with no ResourcePolicy, not an error.
            policy: policy_document(
                GET_RESOURCE_POLICY,
                Collected::from(answer).map(|output| output.resource_policy().map(str::to_string)),
            ),
            arn,
        }
    })
    .await)
}
