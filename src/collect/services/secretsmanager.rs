//! Secrets Manager: the region's secrets and their rotation settings.

use crate::collect::calls::{Calls, client};
use crate::collect::to_chrono;
use crate::inventory::Gap;
use crate::inventory::services::Secret;

pub async fn collect(calls: &Calls) -> Result<Vec<Secret>, Gap> {
    let client = client!(aws_sdk_secretsmanager, calls);
    let listing = client.list_secrets().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("secretsmanager:ListSecrets", listing).await?;
    Ok(pages
        .iter()
        .flat_map(|page| page.secret_list())
        .map(|secret| Secret {
            name: secret.name().unwrap_or_default().to_string(),
            arn: secret.arn().unwrap_or_default().to_string(),
            rotation_enabled: secret.rotation_enabled().unwrap_or(false),
            last_rotated: secret.last_rotated_date().and_then(to_chrono),
        })
        .collect())
}
