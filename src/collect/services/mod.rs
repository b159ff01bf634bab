//! Regional logging, detection, key and managed services: one module per service, each collected
//! only when a selected check reads it (`sources`), all of them concurrently.
//!
//! Every collector here returns `Result<T, Gap>`: the listing call that fails ends that service's
//! collection with the gap named like its IAM action; calls made per resource record their own
//! outcome in the resource (`Collected` fields) so that one unreadable resource never hides the rest.
//! Both come from [`Calls::call`], the one place where an SDK error becomes a gap.

mod accessanalyzer;
mod apigateway;
mod cloudtrail;
mod cloudwatch;
mod configservice;
mod dynamodb;
mod ecr;
mod efs;
mod eks;
mod elbv2;
mod eventbridge;
mod guardduty;
mod inspector;
mod kms;
mod lambda;
mod logs;
mod macie;
mod rds;
mod secretsmanager;
mod securityhub;
mod sns;
mod sqs;
pub(super) mod waf;

use std::future::Future;

use super::calls::Calls;
use super::partition_of_region as partition;
use crate::inventory::Source;
use crate::inventory::services::RegionalServices;
use crate::inventory::{Collected, Gap};

pub async fn collect(calls: &Calls, account_id: &str, sources: &[Source]) -> RegionalServices {
    let wants = |source: Source| sources.contains(&source);
    let mut services = RegionalServices::default();
    let s = &mut services;
    // Each future fills its own field; the fields are disjoint borrows, so all run at once.
    tokio::join!(
        fill(
            &mut s.access_analyzers,
            wants(Source::AccessAnalyzer),
            accessanalyzer::collect(calls)
        ),
        fill(
            &mut s.trails,
            wants(Source::CloudTrail),
            cloudtrail::collect(calls)
        ),
        fill(
            &mut s.config_recorders,
            wants(Source::Config),
            configservice::collect(calls)
        ),
        fill(
            &mut s.guardduty_detectors,
            wants(Source::GuardDuty),
            guardduty::collect(calls)
        ),
        fill(
            &mut s.security_hub,
            wants(Source::SecurityHub),
            securityhub::collect(calls, &mut s.security_hub_administrator)
        ),
        fill(
            &mut s.kms_keys,
            wants(Source::Kms),
            kms::collect(
                calls,
                wants(Source::KmsKeyPolicies),
                wants(Source::KmsKeyRotation)
            )
        ),
        fill(&mut s.db_instances, wants(Source::Rds), rds::collect(calls)),
        fill(
            &mut s.functions,
            wants(Source::Lambda),
            lambda::collect(calls, wants(Source::LambdaPolicies))
        ),
        fill(
            &mut s.tables,
            wants(Source::DynamoDb),
            dynamodb::collect(calls, account_id)
        ),
        fill(
            &mut s.secrets,
            wants(Source::SecretsManager),
            secretsmanager::collect(calls)
        ),
        fill(&mut s.file_systems, wants(Source::Efs), efs::collect(calls)),
        fill(
            &mut s.rest_apis,
            wants(Source::ApiGateway),
            apigateway::collect(calls)
        ),
        fill(
            &mut s.log_groups,
            wants(Source::Logs),
            logs::log_groups(calls)
        ),
        fill(
            &mut s.metric_filters,
            wants(Source::Logs),
            logs::metric_filters(calls)
        ),
        fill(
            &mut s.metric_alarms,
            wants(Source::CloudWatch),
            cloudwatch::collect(calls)
        ),
        fill(
            &mut s.sns_topics,
            wants(Source::Sns),
            sns::collect(calls, wants(Source::SnsSubscriptions))
        ),
        fill(
            &mut s.inspector,
            wants(Source::Inspector),
            inspector::collect(calls, account_id)
        ),
        fill(&mut s.macie, wants(Source::Macie), macie::collect(calls)),
        fill(&mut s.eks_clusters, wants(Source::Eks), eks::collect(calls)),
        fill(&mut s.queues, wants(Source::Sqs), sqs::collect(calls)),
        fill(
            &mut s.repositories,
            wants(Source::Ecr),
            ecr::collect(
                calls,
                wants(Source::EcrRepositoryPolicies),
                wants(Source::EcrLifecyclePolicies)
            )
        ),
        fill(
            &mut s.registry_scanning,
            wants(Source::Ecr),
            ecr::registry_scanning(calls)
        ),
        fill(
            &mut s.event_buses,
            wants(Source::EventBridge),
            eventbridge::collect(calls)
        ),
        fill(
            &mut s.load_balancers,
            wants(Source::Elbv2),
            elbv2::load_balancers(
                calls,
                elbv2::PerBalancer {
                    attributes: wants(Source::Elbv2Attributes),
                    listeners: wants(Source::Elbv2Listeners),
                    web_acl: wants(Source::Waf),
                }
            )
        ),
        fill(
            &mut s.web_acls,
            wants(Source::Waf),
            waf::regional_web_acls(calls)
        ),
        fill(
            &mut s.ssl_policies,
            wants(Source::Elbv2SslPolicies),
            elbv2::ssl_policies(calls)
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
    // Boxed: eleven collectors joined in one future would otherwise share one large stack frame.
    *slot = Collected::from(Box::pin(collect).await);
}

/// A resource policy as a service returned its text: parsed, `None` when the resource has none.
/// Text that is not JSON is a gap of the call that returned it, never "no policy".
fn policy_document(
    call: &str,
    text: Collected<Option<String>>,
) -> Collected<Option<serde_json::Value>> {
    match text {
        Collected::Ok(None) => Collected::Ok(None),
        Collected::Ok(Some(text)) => match super::parse_policy_json(&text) {
            Ok(document) => Collected::Ok(Some(document)),
            Err(reason) => Collected::Failed(Gap::new(call, reason)),
        },
        Collected::Failed(gap) => Collected::Failed(gap),
        Collected::NotCollected => Collected::NotCollected,
    }
}
