//! S3: the account's Block Public Access (through S3 Control) and every bucket's settings, each
//! bucket read through a client of its own region.

use std::collections::{BTreeMap, BTreeSet};

use aws_config::{Region, SdkConfig};
use aws_sdk_s3::Client;
use aws_sdk_s3control::config::endpoint::{Endpoint, EndpointFuture, Params, ResolveEndpoint};

use super::{DEFAULT_REGION, bounded, describe, parse_policy_json, record, record_optional};
use crate::finding::AccountInfo;
use crate::inventory::s3::{
    Bucket, EncryptionRule, Grant, PublicAccessBlock, S3Inventory, Versioning,
};
use crate::inventory::{Collected, Gap};

const NO_PUBLIC_ACCESS_BLOCK: &[&str] = &["NoSuchPublicAccessBlockConfiguration"];

pub async fn collect(
    config: &SdkConfig,
    account: &AccountInfo,
    endpoint_overridden: bool,
) -> S3Inventory {
    let account_id = account.id.as_str();
    let partition = account.partition.as_str();
    let client = s3_client(config, endpoint_overridden);
    let (account_public_access_block, buckets) = tokio::join!(
        account_public_access_block(config, account_id),
        list_buckets(&client)
    );
    let buckets = match buckets {
        Collected::Ok(names) => {
            let located = bounded(names, |name| locate(config, &client, name)).await;
            // One client per region, shared by its buckets: a client owns a connection pool, and
            // a bucket in another region answers a client of the wrong region with a redirect.
            let regions: BTreeSet<&str> =
                located.iter().map(|(_, region)| region.as_str()).collect();
            let clients: BTreeMap<&str, Client> = regions
                .into_iter()
                .map(|region| {
                    let regional = config
                        .clone()
                        .into_builder()
                        .region(Region::new(region.to_string()))
                        .build();
                    (region, s3_client(&regional, endpoint_overridden))
                })
                .collect();
            Collected::Ok(
                bounded(located.iter(), |(name, region)| {
                    bucket(
                        &clients[region.as_str()],
                        partition,
                        name.clone(),
                        region.clone(),
                    )
                })
                .await,
            )
        }
        Collected::Failed(gap) => Collected::Failed(gap),
        Collected::NotCollected => Collected::NotCollected,
    };
    S3Inventory {
        account_public_access_block,
        buckets,
    }
}

/// Emulators route by path, not by virtual host.
fn s3_client(config: &SdkConfig, endpoint_overridden: bool) -> Client {
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(endpoint_overridden)
        .build();
    Client::from_conf(s3_config)
}

/// S3 Control's endpoint rules prefix the account id to the host, even under an endpoint
/// override, and that name does not resolve on an emulator: use the override URL as it is.
#[derive(Debug)]
struct FixedEndpoint(String);

impl ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(&'a self, _params: &'a Params) -> EndpointFuture<'a> {
        EndpointFuture::ready(Ok(Endpoint::builder().url(self.0.clone()).build()))
    }
}

/// S3 and S3 Control each have their own configuration type with the same four optional fields,
/// and no trait in common: a macro reads either. An unset setting is off.
macro_rules! public_access_block {
    ($configuration:expr) => {{
        let configuration = $configuration;
        PublicAccessBlock {
            block_public_acls: configuration.block_public_acls.unwrap_or(false),
            ignore_public_acls: configuration.ignore_public_acls.unwrap_or(false),
            block_public_policy: configuration.block_public_policy.unwrap_or(false),
            restrict_public_buckets: configuration.restrict_public_buckets.unwrap_or(false),
        }
    }};
}

async fn account_public_access_block(
    config: &SdkConfig,
    account_id: &str,
) -> Collected<Option<PublicAccessBlock>> {
    let mut builder = aws_sdk_s3control::config::Builder::from(config);
    if let Some(url) = config.endpoint_url() {
        builder = builder.endpoint_resolver(FixedEndpoint(url.to_string()));
    }
    let client = aws_sdk_s3control::Client::from_conf(builder.build());
    let result = client
        .get_public_access_block()
        .account_id(account_id)
        .send()
        .await;
    record_optional(
        "s3control:GetPublicAccessBlock",
        NO_PUBLIC_ACCESS_BLOCK,
        result,
    )
    .map(|output| {
        output
            .and_then(|o| o.public_access_block_configuration)
            .map(|c| public_access_block!(c))
    })
}

async fn list_buckets(client: &Client) -> Collected<Vec<String>> {
    let pages = client
        .list_buckets()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await;
    record("s3:ListAllMyBuckets", pages).map(|pages| {
        pages
            .iter()
            .flat_map(|page| page.buckets())
            .filter_map(|bucket| bucket.name().map(str::to_string))
            .collect()
    })
}

/// `GetBucketLocation` answers an empty constraint for us-east-1 and the legacy `EU` for eu-west-1.
fn location_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => DEFAULT_REGION.to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(region) => region.to_string(),
    }
}

/// The bucket's region; if the location cannot be read, the session's region is the best guess
/// (its calls then fail with their own, named gaps).
async fn locate(config: &SdkConfig, client: &Client, name: String) -> (String, String) {
    let region = match client.get_bucket_location().bucket(&name).send().await {
        Ok(output) => location_region(output.location_constraint().map(|c| c.as_str())),
        Err(_) => config
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| DEFAULT_REGION.to_string()),
    };
    (name, region)
}

async fn bucket(client: &Client, partition: &str, name: String, region: String) -> Bucket {
    let n = name.as_str();
    let (
        public_access_block,
        acl,
        policy,
        policy_status,
        ownership,
        encryption,
        versioning,
        logging,
        tagging,
    ) = tokio::join!(
        client.get_public_access_block().bucket(n).send(),
        client.get_bucket_acl().bucket(n).send(),
        client.get_bucket_policy().bucket(n).send(),
        client.get_bucket_policy_status().bucket(n).send(),
        client.get_bucket_ownership_controls().bucket(n).send(),
        client.get_bucket_encryption().bucket(n).send(),
        client.get_bucket_versioning().bucket(n).send(),
        client.get_bucket_logging().bucket(n).send(),
        client.get_bucket_tagging().bucket(n).send(),
    );
    let mut bucket = Bucket {
        arn: format!("arn:{partition}:s3:::{name}"),
        region,
        public_access_block: record_optional(
            "s3:GetBucketPublicAccessBlock",
            NO_PUBLIC_ACCESS_BLOCK,
            public_access_block,
        )
        .map(|o| {
            o.and_then(|o| o.public_access_block_configuration)
                .map(|c| public_access_block!(c))
        }),
        acl: record("s3:GetBucketAcl", acl).map(|o| {
            o.grants()
                .iter()
                .map(|grant| {
                    let grantee = grant.grantee();
                    Grant {
                        grantee_type: grantee
                            .map(|g| g.r#type().as_str().to_string())
                            .unwrap_or_default(),
                        grantee_uri: grantee.and_then(|g| g.uri()).map(str::to_string),
                        grantee_id: grantee.and_then(|g| g.id()).map(str::to_string),
                        permission: grant
                            .permission()
                            .map(|p| p.as_str().to_string())
                            .unwrap_or_default(),
                    }
                })
                .collect()
        }),
        policy: Collected::NotCollected,
        policy_is_public: record_optional(
            "s3:GetBucketPolicyStatus",
            &["NoSuchBucketPolicy"],
            policy_status,
        )
        .map(|o| o.and_then(|o| o.policy_status).and_then(|s| s.is_public)),
        object_ownership: record_optional(
            "s3:GetBucketOwnershipControls",
            &["OwnershipControlsNotFoundError"],
            ownership,
        )
        .map(|o| {
            o.and_then(|o| o.ownership_controls).and_then(|c| {
                c.rules()
                    .first()
                    .map(|rule| rule.object_ownership().as_str().to_string())
            })
        }),
        encryption: record_optional(
            "s3:GetEncryptionConfiguration",
            &["ServerSideEncryptionConfigurationNotFoundError"],
            encryption,
        )
        .map(|o| {
            o.and_then(|o| o.server_side_encryption_configuration)
                .map(|c| {
                    c.rules()
                        .iter()
                        .filter_map(|rule| {
                            let default = rule.apply_server_side_encryption_by_default()?;
                            Some(EncryptionRule {
                                algorithm: default.sse_algorithm().as_str().to_string(),
                                kms_key_id: default.kms_master_key_id().map(str::to_string),
                                bucket_key_enabled: rule.bucket_key_enabled().unwrap_or(false),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        }),
        versioning: record("s3:GetBucketVersioning", versioning).map(|o| Versioning {
            status: o.status().map(|s| s.as_str().to_string()),
            mfa_delete: o.mfa_delete().map(|s| s.as_str().to_string()),
        }),
        logging_target: record("s3:GetBucketLogging", logging)
            .map(|o| o.logging_enabled().map(|l| l.target_bucket().to_string())),
        tags: record_optional("s3:GetBucketTagging", &["NoSuchTagSet"], tagging).map(|o| {
            o.map(|o| {
                o.tag_set()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect()
            })
            .unwrap_or_else(BTreeMap::new)
        }),
        name,
    };
    bucket.policy = match policy {
        Ok(output) => match output.policy().map(parse_policy_json).transpose() {
            Ok(document) => Collected::Ok(document),
            Err(message) => Collected::Failed(Gap::new("s3:GetBucketPolicy", message)),
        },
        Err(error) if super::error_code(&error) == Some("NoSuchBucketPolicy") => {
            Collected::Ok(None)
        }
        Err(error) => Collected::Failed(Gap::new("s3:GetBucketPolicy", describe(&error))),
    };
    bucket
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_location_constraints_map_to_regions() {
        assert_eq!(location_region(None), "us-east-1");
        assert_eq!(location_region(Some("")), "us-east-1");
        assert_eq!(location_region(Some("EU")), "eu-west-1");
        assert_eq!(location_region(Some("ap-south-1")), "ap-south-1");
    }
}
