//! KMS: every key in the region with its metadata and aliases, and the rotation status of the keys
//! that can rotate automatically.

use std::collections::BTreeMap;

use aws_config::SdkConfig;
use aws_sdk_kms::Client;
use aws_sdk_kms::types::{KeyManagerType, KeyMetadata, KeySpec, KeyState, OriginType};

use super::{failed, policy_document};
use crate::collect::{bounded, record, to_chrono};
use crate::inventory::services::KmsKey;
use crate::inventory::{Collected, Gap};

pub async fn collect(config: &SdkConfig) -> Result<Vec<KmsKey>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let (keys, aliases) = tokio::join!(
        client
            .list_keys()
            .into_paginator()
            .send()
            .collect::<Result<Vec<_>, _>>(),
        client
            .list_aliases()
            .into_paginator()
            .send()
            .collect::<Result<Vec<_>, _>>(),
    );
    let keys: Vec<(String, String)> = keys
        .map_err(failed("kms:ListKeys"))?
        .iter()
        .flat_map(|page| page.keys())
        .filter_map(|key| {
            let id = key.key_id()?.to_string();
            Some((id, key.key_arn().unwrap_or_default().to_string()))
        })
        .collect();
    // Aliases only label keys in messages; no check reads them, so a failed ListAliases leaves
    // the keys unlabelled instead of failing the audit of every key.
    let mut aliases_by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for alias in aliases.iter().flatten().flat_map(|page| page.aliases()) {
        if let (Some(name), Some(target)) = (alias.alias_name(), alias.target_key_id()) {
            aliases_by_key
                .entry(target.to_string())
                .or_default()
                .push(name.to_string());
        }
    }
    let aliases_by_key = &aliases_by_key;
    Ok(bounded(keys, |(id, arn)| async move {
        let aliases = aliases_by_key.get(&id).cloned().unwrap_or_default();
        key(client, id, arn, aliases).await
    })
    .await)
}

async fn key(client: &Client, id: String, listed_arn: String, aliases: Vec<String>) -> KmsKey {
    let (described, policy) = tokio::join!(
        client.describe_key().key_id(&id).send(),
        key_policy(client, &id)
    );
    let metadata = match described.map_err(failed("kms:DescribeKey")) {
        Ok(output) => output.key_metadata().cloned(),
        Err(gap) => return undescribed(id, listed_arn, aliases, gap, policy),
    };
    let Some(metadata) = metadata else {
        let gap = Gap::new("kms:DescribeKey", "the answer has no KeyMetadata");
        return undescribed(id, listed_arn, aliases, gap, policy);
    };
    let rotation_enabled = if can_rotate(&metadata) {
        let status = client.get_key_rotation_status().key_id(&id).send().await;
        record("kms:GetKeyRotationStatus", status).map(|output| output.key_rotation_enabled())
    } else {
        Collected::NotCollected
    };
    let text = |value: Option<&str>| value.unwrap_or_default().to_string();
    KmsKey {
        arn: metadata.arn().map_or(listed_arn, str::to_string),
        manager: text(metadata.key_manager().map(KeyManagerType::as_str)),
        spec: text(metadata.key_spec().map(KeySpec::as_str)),
        state: text(metadata.key_state().map(KeyState::as_str)),
        origin: text(metadata.origin().map(OriginType::as_str)),
        deletion_date: metadata.deletion_date().and_then(to_chrono),
        rotation_enabled,
        aliases,
        policy,
        id,
    }
}

/// Every key has exactly one key policy, named `default`.
async fn key_policy(client: &Client, id: &str) -> Collected<Option<serde_json::Value>> {
    let answer = client
        .get_key_policy()
        .key_id(id)
        .policy_name("default")
        .send()
        .await;
    policy_document(
        "kms:GetKeyPolicy",
        record("kms:GetKeyPolicy", answer).map(|output| output.policy().map(str::to_string)),
    )
}

/// Automatic rotation exists only for enabled, customer-managed, symmetric encryption keys whose
/// material KMS generated itself (not imported, not in a custom key store).
fn can_rotate(metadata: &KeyMetadata) -> bool {
    metadata.key_manager() == Some(&KeyManagerType::Customer)
        && metadata.key_spec() == Some(&KeySpec::SymmetricDefault)
        && metadata.key_state() == Some(&KeyState::Enabled)
        && metadata.origin() == Some(&OriginType::AwsKms)
}

/// A key DescribeKey could not read. The inventory has no slot for "metadata unknown", so the key
/// keeps empty metadata and carries the gap in `rotation_enabled`; the KMS checks report such a
/// key as ERROR rather than guess whether it is customer-managed.
fn undescribed(
    id: String,
    arn: String,
    aliases: Vec<String>,
    gap: Gap,
    policy: Collected<Option<serde_json::Value>>,
) -> KmsKey {
    KmsKey {
        id,
        arn,
        manager: String::new(),
        spec: String::new(),
        state: String::new(),
        origin: String::new(),
        deletion_date: None,
        rotation_enabled: Collected::Failed(gap),
        aliases,
        policy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(
        manager: KeyManagerType,
        spec: KeySpec,
        state: KeyState,
        origin: OriginType,
    ) -> KeyMetadata {
        KeyMetadata::builder()
            .key_id("k")
            .key_manager(manager)
            .key_spec(spec)
            .key_state(state)
            .origin(origin)
            .build()
            .expect("key id is set")
    }

    #[test]
    fn only_enabled_customer_symmetric_kms_generated_keys_can_rotate() {
        use KeyManagerType::{Aws, Customer};
        let rotates =
            |manager, spec, state, origin| can_rotate(&metadata(manager, spec, state, origin));
        assert!(rotates(
            Customer,
            KeySpec::SymmetricDefault,
            KeyState::Enabled,
            OriginType::AwsKms
        ));
        assert!(!rotates(
            Aws,
            KeySpec::SymmetricDefault,
            KeyState::Enabled,
            OriginType::AwsKms
        ));
        assert!(!rotates(
            Customer,
            KeySpec::Rsa2048,
            KeyState::Enabled,
            OriginType::AwsKms
        ));
        assert!(!rotates(
            Customer,
            KeySpec::SymmetricDefault,
            KeyState::Disabled,
            OriginType::AwsKms
        ));
        assert!(!rotates(
            Customer,
            KeySpec::SymmetricDefault,
            KeyState::Enabled,
            OriginType::External
        ));
    }
}
