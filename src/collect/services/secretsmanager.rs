//! Secrets Manager: the region's secrets and their rotation settings.

use aws_config::SdkConfig;
use aws_sdk_secretsmanager::Client;

use super::failed;
use crate::collect::to_chrono;
use crate::inventory::Gap;
use crate::inventory::services::Secret;

pub async fn collect(config: &SdkConfig) -> Result<Vec<Secret>, Gap> {
    let pages = Client::new(config)
        .list_secrets()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("secretsmanager:ListSecrets"))?;
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
