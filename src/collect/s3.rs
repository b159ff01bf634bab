//! S3: the account's Block Public Access (through S3 Control) and every bucket's settings, each
//! bucket read through a client of its own region.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_s3::Client;
use aws_sdk_s3control::config::endpoint::{Endpoint, EndpointFuture, Params, ResolveEndpoint};

use super::calls::{Calls, client};
use super::{DEFAULT_REGION, bounded, parse_policy_json};
use crate::inventory::AccountInfo;
use crate::inventory::s3::{
    Bucket, EncryptionRule, Grant, PublicAccessBlock, S3Facet, S3Inventory, Versioning,
};
use crate::inventory::{Collected, Gap};

const NO_PUBLIC_ACCESS_BLOCK: &[&str] = &["NoSuchPublicAccessBlockConfiguration"];

/// Collects S3, returning notes for the report: the calls whose failure changes what other checks
/// or the mutelist see (a bucket's region, tags, policy status).
pub async fn collect(
    calls: &Calls,
    account: &AccountInfo,
    endpoint_overridden: bool,
    facets: &BTreeSet<S3Facet>,
) -> (S3Inventory, Vec<String>) {
    let account_id = account.id.as_str();
    let partition = account.partition.as_str();
    let client = s3_client(calls, endpoint_overridden);
    let (account_public_access_block, listed) = tokio::join!(
        when(
            facets.contains(&S3Facet::AccountPublicAccessBlock),
            account_public_access_block(calls, account_id)
        ),
        list_buckets(calls, &client)
    );
    let buckets = match listed {
        Ok(listed) => {
            let located = bounded(listed, |listed| locate(calls, &client, listed)).await;
            // One client per region, shared by its buckets: a client owns a connection pool, and
            // a bucket in another region answers a client of the wrong region with a redirect.
            let regions: BTreeSet<&str> = located.iter().map(|b| b.region.as_str()).collect();
            let clients: BTreeMap<&str, (Calls, Client)> = regions
                .into_iter()
                .map(|region| {
                    let regional = calls.in_region(region);
                    let client = s3_client(&regional, endpoint_overridden);
                    (region, (regional, client))
                })
                .collect();
            Ok(bounded(located.iter(), |located| {
                let (calls, client) = &clients[located.region.as_str()];
                bucket(calls, client, partition, facets, located.clone())
            })
            .await)
        }
        Err(gap) => Err(gap),
    };
    let notes = buckets.as_ref().map(|b| notes(b)).unwrap_or_default();
    let inventory = S3Inventory {
        account_public_access_block: lift(account_public_access_block, |value| value),
        buckets: Collected::from(buckets),
    };
    (inventory, notes)
}

/// The gaps that change what other checks and the mutelist see, said once per call.
fn notes(buckets: &[Bucket]) -> Vec<String> {
    let mut notes = Vec::new();
    let mut say = |call: &str, consequence: &str, failed: Vec<(&str, &Gap)>| {
        if let Some((_, first)) = failed.first() {
            let names: Vec<&str> = failed.iter().map(|(name, _)| *name).collect();
            notes.push(format!(
                "{call} failed for {} bucket(s) ({}): {consequence}. First error: {}",
                names.len(),
                names.join(", "),
                first.message
            ));
        }
    };
    say(
        "s3:GetBucketLocation",
        "their region is unknown, so they were read through the session's region and their findings carry it",
        buckets
            .iter()
            .filter_map(|b| Some((b.name.as_str(), b.location_unknown.as_ref()?)))
            .collect(),
    );
    say(
        "s3:GetBucketTagging",
        "their tags are unknown, so mute rules that match on tags could not apply to their findings",
        buckets
            .iter()
            .filter_map(|b| match &b.tags {
                Collected::Failed(gap) => Some((b.name.as_str(), gap)),
                _ => None,
            })
            .collect(),
    );
    say(
        "s3:GetBucketPolicyStatus",
        "S3's own verdict on their policies is unknown, so checks that need it are ERROR for them",
        buckets
            .iter()
            .filter_map(|b| match &b.policy_is_public {
                Collected::Failed(gap) => Some((b.name.as_str(), gap)),
                _ => None,
            })
            .collect(),
    );
    notes
}

/// Emulators route by path, not by virtual host.
fn s3_client(calls: &Calls, endpoint_overridden: bool) -> Client {
    client!(aws_sdk_s3, calls, |builder: aws_sdk_s3::config::Builder| {
        builder.force_path_style(endpoint_overridden)
    })
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
    calls: &Calls,
    account_id: &str,
) -> Result<Option<PublicAccessBlock>, Gap> {
    let endpoint = calls.sdk_config().endpoint_url().map(str::to_string);
    let client = client!(
        aws_sdk_s3control,
        calls,
        |builder: aws_sdk_s3control::config::Builder| match endpoint {
            Some(url) => builder.endpoint_resolver(FixedEndpoint(url)),
            None => builder,
        }
    );
    let output = calls
        .call_optional(
            "s3control:GetPublicAccessBlock",
            NO_PUBLIC_ACCESS_BLOCK,
            client
                .get_public_access_block()
                .account_id(account_id)
                .send(),
        )
        .await?;
    Ok(output
        .and_then(|o| o.public_access_block_configuration)
        .map(|c| public_access_block!(c)))
}

/// A bucket as ListBuckets names it, with the region it reports where the endpoint says it.
struct Listed {
    name: String,
    region: Option<String>,
}

/// A bucket whose region is settled, or guessed with the gap that made it a guess.
#[derive(Clone)]
struct Located {
    name: String,
    region: String,
    unknown: Option<Gap>,
}

async fn list_buckets(calls: &Calls, client: &Client) -> Result<Vec<Listed>, Gap> {
    calls
        .listing(
            "s3:ListAllMyBuckets",
            client.list_buckets().into_paginator().send().collect(),
            |page| page.buckets(),
            |bucket| {
                Some(Listed {
                    name: bucket.name()?.to_string(),
                    region: bucket
                        .bucket_region()
                        .filter(|region| !region.is_empty())
                        .map(str::to_string),
                })
            },
        )
        .await
        .map(|listed| listed.into_iter().flatten().collect())
}

/// `GetBucketLocation` answers an empty constraint for us-east-1 and the legacy `EU` for eu-west-1.
fn location_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => DEFAULT_REGION.to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(region) => region.to_string(),
    }
}

/// The bucket's region: from ListBuckets where the endpoint reports it (no call per bucket), else
/// from GetBucketLocation. If that fails, the session's region is the best guess, kept with its
/// gap so that the report says so (and the bucket's own calls fail with their own, named gaps).
async fn locate(calls: &Calls, client: &Client, listed: Listed) -> Located {
    let Listed { name, region } = listed;
    if let Some(region) = region {
        return Located {
            name,
            region,
            unknown: None,
        };
    }
    let answer = calls
        .call(
            "s3:GetBucketLocation",
            client.get_bucket_location().bucket(&name).send(),
        )
        .await;
    match answer {
        Ok(output) => Located {
            region: location_region(output.location_constraint().map(|c| c.as_str())),
            name,
            unknown: None,
        },
        Err(gap) => Located {
            region: calls.region(),
            name,
            unknown: Some(gap),
        },
    }
}

/// Awaits `call` only when its facet is wanted: `None` stands for "not called".
/// The call when its facet is wanted. Boxed: a bucket's nine calls are joined, and each SDK request
/// future is large enough that nine of them inline overflow a test thread's stack in debug builds.
fn when<'a, T: Send + 'a>(
    wanted: bool,
    call: impl std::future::Future<Output = Result<T, Gap>> + Send + 'a,
) -> futures::future::BoxFuture<'a, Option<Result<T, Gap>>> {
    Box::pin(async move { if wanted { Some(call.await) } else { None } })
}

/// A facet's answer as the inventory keeps it: not collected when it was not called for.
fn lift<T, U>(answer: Option<Result<T, Gap>>, convert: impl FnOnce(T) -> U) -> Collected<U> {
    match answer {
        None => Collected::NotCollected,
        Some(answer) => Collected::from(answer.map(convert)),
    }
}

async fn bucket(
    calls: &Calls,
    client: &Client,
    partition: &str,
    facets: &BTreeSet<S3Facet>,
    located: Located,
) -> Bucket {
    let Located {
        name,
        region,
        unknown,
    } = located;
    let n = name.as_str();
    let wants = |facet: S3Facet| facets.contains(&facet);
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
        when(
            wants(S3Facet::PublicAccessBlock),
            calls.call_optional(
                "s3:GetBucketPublicAccessBlock",
                NO_PUBLIC_ACCESS_BLOCK,
                client.get_public_access_block().bucket(n).send()
            )
        ),
        when(
            wants(S3Facet::Acl),
            calls.call("s3:GetBucketAcl", client.get_bucket_acl().bucket(n).send())
        ),
        when(
            wants(S3Facet::Policy),
            calls.call_optional(
                "s3:GetBucketPolicy",
                &["NoSuchBucketPolicy"],
                client.get_bucket_policy().bucket(n).send()
            )
        ),
        when(
            wants(S3Facet::PolicyStatus),
            calls.call_optional(
                "s3:GetBucketPolicyStatus",
                &["NoSuchBucketPolicy"],
                client.get_bucket_policy_status().bucket(n).send()
            )
        ),
        when(
            wants(S3Facet::Ownership),
            calls.call_optional(
                "s3:GetBucketOwnershipControls",
                &["OwnershipControlsNotFoundError"],
                client.get_bucket_ownership_controls().bucket(n).send()
            )
        ),
        when(
            wants(S3Facet::Encryption),
            calls.call_optional(
                "s3:GetEncryptionConfiguration",
                &["ServerSideEncryptionConfigurationNotFoundError"],
                client.get_bucket_encryption().bucket(n).send()
            )
        ),
        when(
            wants(S3Facet::Versioning),
            calls.call(
                "s3:GetBucketVersioning",
                client.get_bucket_versioning().bucket(n).send()
            )
        ),
        when(
            wants(S3Facet::Logging),
            calls.call(
                "s3:GetBucketLogging",
                client.get_bucket_logging().bucket(n).send()
            )
        ),
        when(
            wants(S3Facet::Tags),
            calls.call_optional(
                "s3:GetBucketTagging",
                &["NoSuchTagSet"],
                client.get_bucket_tagging().bucket(n).send()
            )
        ),
    );
    Bucket {
        arn: format!("arn:{partition}:s3:::{name}"),
        region,
        location_unknown: unknown,
        public_access_block: lift(public_access_block, |o| {
            o.and_then(|o| o.public_access_block_configuration)
                .map(|c| public_access_block!(c))
        }),
        acl: lift(acl, |o| {
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
        policy: lift(
            policy.map(|answer| {
                answer.and_then(|o| {
                    o.and_then(|o| o.policy)
                        .map(|text| parse_policy_json(&text))
                        .transpose()
                        .map_err(|message| Gap::new("s3:GetBucketPolicy", message))
                })
            }),
            |document| document,
        ),
        policy_is_public: lift(policy_status, |o| {
            o.and_then(|o| o.policy_status).and_then(|s| s.is_public)
        }),
        object_ownership: lift(ownership, |o| {
            o.and_then(|o| o.ownership_controls).and_then(|c| {
                c.rules()
                    .first()
                    .map(|rule| rule.object_ownership().as_str().to_string())
            })
        }),
        encryption: lift(encryption, |o| {
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
        versioning: lift(versioning, |o| Versioning {
            status: o.status().map(|s| s.as_str().to_string()),
            mfa_delete: o.mfa_delete().map(|s| s.as_str().to_string()),
        }),
        logging_target: lift(logging, |o| {
            o.logging_enabled().map(|l| l.target_bucket().to_string())
        }),
        tags: lift(tagging, |o| {
            o.map(|o| {
                o.tag_set()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect()
            })
            .unwrap_or_else(BTreeMap::new)
        }),
        name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(name: &str) -> Bucket {
        Bucket {
            name: name.into(),
            arn: format!("arn:aws:s3:::{name}"),
            region: "us-east-1".into(),
            location_unknown: None,
            public_access_block: Collected::Ok(None),
            acl: Collected::Ok(vec![]),
            policy: Collected::Ok(None),
            policy_is_public: Collected::Ok(None),
            object_ownership: Collected::Ok(None),
            encryption: Collected::Ok(vec![]),
            versioning: Collected::Ok(Versioning::default()),
            logging_target: Collected::Ok(None),
            tags: Collected::Ok(BTreeMap::new()),
        }
    }

    #[test]
    fn gaps_that_change_what_others_see_are_named_in_the_notes() {
        let throttled = |call: &str| Gap::new(call, "throttled past its retries");
        let unlocated = Bucket {
            location_unknown: Some(throttled("s3:GetBucketLocation")),
            ..bucket("logs")
        };
        let untagged = Bucket {
            tags: Collected::Failed(throttled("s3:GetBucketTagging")),
            ..bucket("data")
        };
        let unjudged = Bucket {
            policy_is_public: Collected::Failed(throttled("s3:GetBucketPolicyStatus")),
            ..bucket("site")
        };
        assert!(notes(&[bucket("quiet")]).is_empty());
        let said = notes(&[unlocated, untagged, unjudged, bucket("quiet")]);
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].starts_with("s3:GetBucketLocation failed for 1 bucket(s) (logs)"));
        assert!(
            said[1].contains("mute rules that match on tags"),
            "{}",
            said[1]
        );
        assert!(said[2].starts_with("s3:GetBucketPolicyStatus failed for 1 bucket(s) (site)"));
    }

    #[test]
    fn bucket_location_constraints_map_to_regions() {
        assert_eq!(location_region(None), "us-east-1");
        assert_eq!(location_region(Some("")), "us-east-1");
        assert_eq!(location_region(Some("EU")), "eu-west-1");
        assert_eq!(location_region(Some("ap-south-1")), "ap-south-1");
    }
}
