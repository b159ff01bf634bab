//! Regional logging, detection, key and managed services: one module per service, each collected
//! only when a selected check reads it (`sources`), all of them concurrently.
//!
//! Every collector here returns `Result<T, Gap>`: the listing call that fails ends that service's
//! collection with the gap named like its IAM action; calls made per resource record their own
//! outcome in the resource (`Collected` fields) so that one unreadable resource never hides the rest.

mod accessanalyzer;
mod cloudtrail;
mod configservice;
mod dynamodb;
mod efs;
mod elbv2;
mod guardduty;
mod kms;
mod lambda;
mod rds;
mod secretsmanager;
mod securityhub;

use aws_sdk_sts::config::http::HttpResponse;
use std::future::Future;

use aws_config::SdkConfig;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};

use super::{describe, partition_of_region as partition};
use crate::inventory::Source;
use crate::inventory::services::RegionalServices;
use crate::inventory::{Collected, Gap};

pub async fn collect(config: &SdkConfig, account_id: &str, sources: &[Source]) -> RegionalServices {
    let wants = |source: Source| sources.contains(&source);
    let mut services = RegionalServices::default();
    let s = &mut services;
    // Each future fills its own field; the fields are disjoint borrows, so all run at once.
    tokio::join!(
        fill(
            &mut s.access_analyzers,
            wants(Source::AccessAnalyzer),
            accessanalyzer::collect(config)
        ),
        fill(
            &mut s.trails,
            wants(Source::CloudTrail),
            cloudtrail::collect(config)
        ),
        fill(
            &mut s.config_recorders,
            wants(Source::Config),
            configservice::collect(config)
        ),
        fill(
            &mut s.guardduty_detectors,
            wants(Source::GuardDuty),
            guardduty::collect(config)
        ),
        fill(
            &mut s.security_hub,
            wants(Source::SecurityHub),
            securityhub::collect(config)
        ),
        fill(&mut s.kms_keys, wants(Source::Kms), kms::collect(config)),
        fill(
            &mut s.db_instances,
            wants(Source::Rds),
            rds::collect(config)
        ),
        fill(
            &mut s.functions,
            wants(Source::Lambda),
            lambda::collect(config)
        ),
        fill(
            &mut s.tables,
            wants(Source::DynamoDb),
            dynamodb::collect(config, account_id)
        ),
        fill(
            &mut s.secrets,
            wants(Source::SecretsManager),
            secretsmanager::collect(config)
        ),
        fill(
            &mut s.file_systems,
            wants(Source::Efs),
            efs::collect(config)
        ),
        fill(
            &mut s.load_balancers,
            wants(Source::Elbv2),
            elbv2::load_balancers(config)
        ),
        fill(
            &mut s.ssl_policies,
            wants(Source::Elbv2),
            elbv2::ssl_policies(config)
        ),
    );
    services
}

/// Runs one service's collection into its slot, only when it was asked for; an unwanted slot
/// stays `NotCollected`. Futures are lazy: an unwanted collector never creates its client, let
/// alone calls AWS.
async fn fill<T>(
    slot: &mut Collected<T>,
    wanted: bool,
    collect: impl Future<Output = Result<T, Gap>>,
) {
    if !wanted {
        return;
    }
    *slot = match collect.await {
        Ok(value) => Collected::Ok(value),
        Err(gap) => Collected::Failed(gap),
    };
}

/// `map_err(failed("kms:ListKeys"))`: an SDK error as the gap of the call that raised it.
fn failed<E>(call: &'static str) -> impl FnOnce(SdkError<E, HttpResponse>) -> Gap
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    move |error| Gap::new(call, describe(&error))
}

/// The client's region; collection always runs with one set (`collect::collect_region`).
fn region_of(config: &SdkConfig) -> String {
    config
        .region()
        .map(|region| region.to_string())
        .unwrap_or_default()
}
