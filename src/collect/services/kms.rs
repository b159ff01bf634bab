//! KMS: every key in the region with its metadata and aliases, and the rotation status of the keys
//! that can rotate automatically.

use std::collections::BTreeMap;

use aws_sdk_kms::Client;
use aws_sdk_kms::operation::list_aliases::ListAliasesOutput;
use aws_sdk_kms::operation::list_keys::ListKeysOutput;

use super::policy_document;
use crate::collect::calls::{Calls, client};
use crate::collect::{bounded, to_chrono};
use crate::inventory::services::{KeyMetadata, KmsKey};
use crate::inventory::{Collected, Gap};

/// The keys, with their policies when `policies` and their rotation status when `rotation`:
/// each is a call per key, made only for a check that reads it.
pub async fn collect(calls: &Calls, policies: bool, rotation: bool) -> Result<Vec<KmsKey>, Gap> {
    let client = client!(aws_sdk_kms, calls);
    let client = &client;
    let (keys, aliases) = tokio::join!(
        calls.call(
            "kms:ListKeys",
            client.list_keys().into_paginator().send().collect()
        ),
        calls.call(
            "kms:ListAliases",
            client.list_aliases().into_paginator().send().collect()
        ),
    );
    let keys: Vec<ListKeysOutput> = keys?;
    let keys: Vec<(String, String)> = keys
        .iter()
        .flat_map(|page| page.keys())
        .filter_map(|key| {
            let id = key.key_id()?.to_string();
            Some((id, key.key_arn().unwrap_or_default().to_string()))
        })
        .collect();
    // Aliases only label keys in messages; no check reads them, so a failed ListAliases leaves
    // the keys unlabelled instead of failing the audit of every key.
    let aliases: Vec<ListAliasesOutput> = aliases.unwrap_or_default();
    let mut aliases_by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for alias in aliases.iter().flat_map(|page| page.aliases()) {
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
        key(
            calls,
            client,
            Listed { id, arn, aliases },
            policies,
            rotation,
        )
        .await
    })
    .await)
}

/// A key as `ListKeys` and `ListAliases` name it.
struct Listed {
    id: String,
    arn: String,
    aliases: Vec<String>,
}

async fn key(
    calls: &Calls,
    client: &Client,
    listed: Listed,
    policies: bool,
    rotation: bool,
) -> KmsKey {
    let Listed {
        id,
        arn: listed_arn,
        aliases,
    } = listed;
    let (described, policy) = tokio::join!(
        calls.call("kms:DescribeKey", client.describe_key().key_id(&id).send()),
        async {
            if policies {
                key_policy(calls, client, &id).await
            } else {
                Collected::NotCollected
            }
        }
    );
    let described = described.and_then(|output| {
        output
            .key_metadata
            .ok_or_else(|| Gap::new("kms:DescribeKey", "the answer has no KeyMetadata"))
    });
    let arn = described
        .as_ref()
        .ok()
        .and_then(|metadata| metadata.arn())
        .map_or(listed_arn, str::to_string);
    let metadata = described.map(|metadata| key_metadata(&metadata));
    let rotation_enabled = match &metadata {
        Ok(metadata) if rotation && metadata.can_rotate_automatically() => Collected::from(
            calls
                .call(
                    "kms:GetKeyRotationStatus",
                    client.get_key_rotation_status().key_id(&id).send(),
                )
                .await
                .map(|output| output.key_rotation_enabled()),
        ),
        // Not asked: no check reads it, the key cannot rotate automatically, or its metadata is
        // itself a gap.
        _ => Collected::NotCollected,
    };
    KmsKey {
        id,
        arn,
        aliases,
        metadata: Collected::from(metadata),
        rotation_enabled,
        policy,
    }
}

/// Every key has exactly one key policy, named `default`.
async fn key_policy(
    calls: &Calls,
    client: &Client,
    id: &str,
) -> Collected<Option<serde_json::Value>> {
    let request = client
        .get_key_policy()
        .key_id(id)
        .policy_name("default")
        .send();
    let answer = calls.call("kms:GetKeyPolicy", request).await;
    policy_document(
        "kms:GetKeyPolicy",
        Collected::from(answer).map(|output| output.policy().map(str::to_string)),
    )
}

fn key_metadata(metadata: &aws_sdk_kms::types::KeyMetadata) -> KeyMetadata {
    let text = |value: Option<&str>| value.unwrap_or_default().to_string();
    KeyMetadata {
        manager: text(metadata.key_manager().map(|m| m.as_str())),
        spec: text(metadata.key_spec().map(|s| s.as_str())),
        state: text(metadata.key_state().map(|s| s.as_str())),
        origin: text(metadata.origin().map(|o| o.as_str())),
        deletion_date: metadata.deletion_date().and_then(to_chrono),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_kms::types::{KeyManagerType, KeySpec, KeyState, OriginType};

    use super::*;

    fn converted(
        manager: KeyManagerType,
        spec: KeySpec,
        state: KeyState,
        origin: OriginType,
    ) -> KeyMetadata {
        key_metadata(
            &aws_sdk_kms::types::KeyMetadata::builder()
                .key_id("k")
                .key_manager(manager)
                .key_spec(spec)
                .key_state(state)
                .origin(origin)
                .build()
                .expect("key id is set"),
        )
    }

    #[test]
    fn only_enabled_customer_symmetric_kms_generated_keys_can_rotate() {
        use KeyManagerType::{Aws, Customer};
        let rotates = |manager, spec, state, origin| {
            converted(manager, spec, state, origin).can_rotate_automatically()
        };
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
