//! API Gateway checks over REST API stages. AWS runs the API front door, its scaling and its TLS
//! endpoint; the customer decides what each stage logs, whether it caches and encrypts what it
//! caches, whether a WAF web ACL screens it, and how it authenticates to the backend.

crate::service_checks! {
    stage_backend_client_certificate::StageBackendClientCertificate,
    stage_cache_encrypted::StageCacheEncrypted,
    stage_execution_logging_enabled::StageExecutionLoggingEnabled,
    stage_waf_associated::StageWafAssociated,
    stage_xray_tracing_enabled::StageXrayTracingEnabled,
}

use crate::catalog::CheckMeta;
use crate::checks::{Subject, audited_regions, judge_each, with_collected};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::AccountInfo;
use crate::inventory::Inventory;
use crate::inventory::services::{ApiStage, RestApi};

impl Subject for ApiStage {
    fn resource(&self, account: &AccountInfo, region: &str) -> Resource {
        let arn = format!(
            "arn:{}:apigateway:{region}::/restapis/{}/stages/{}",
            account.partition, self.api_id, self.name
        );
        Resource::new(
            "AwsApiGatewayStage",
            format!("{}/{}", self.api_id, self.name),
            Some(arn),
            region,
        )
        .named(format!("{}/{}", self.api_name, self.name))
    }
}

impl Subject for RestApi {
    fn resource(&self, account: &AccountInfo, region: &str) -> Resource {
        let arn = format!(
            "arn:{}:apigateway:{region}::/restapis/{}",
            account.partition, self.id
        );
        Resource::new("AwsApiGatewayRestApi", self.id.clone(), Some(arn), region).named(&self.name)
    }
}

/// `stage prod of API orders`: how messages name a stage.
pub fn label(stage: &ApiStage) -> String {
    format!("stage {} of API {}", stage.name, stage.api_name)
}

/// One finding per stage `judge` covers, in every audited region. An API whose stages could not be
/// read is an ERROR on the API; a region whose APIs could not be listed, on the region.
pub fn per_stage(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&ApiStage) -> Option<Verdict>,
) -> Vec<Finding> {
    audited_regions(inventory)
        .flat_map(|(region, regional)| {
            with_collected(
                meta,
                &regional.services.rest_apis,
                || Resource::region(&inventory.account.id, region),
                |apis| {
                    apis.iter()
                        .flat_map(|api| match api.stages.get() {
                            Ok(stages) => judge_each(inventory, meta, region, stages, &judge),
                            Err(gap) => vec![
                                Verdict::Unknown(gap)
                                    .into_finding(meta, api.resource(&inventory.account, region)),
                            ],
                        })
                        .collect()
                },
            )
        })
        .collect()
}

#[cfg(test)]
pub mod fixtures {
    use std::collections::BTreeMap;

    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{assert_failed_region, failed, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::{ApiStage, MethodSetting, RestApi};

    /// A stage with INFO logging, tracing, a client certificate, a WAF ACL and no cache.
    pub fn stage(name: &str) -> ApiStage {
        ApiStage {
            api_id: "a1".into(),
            api_name: "orders".into(),
            name: name.into(),
            client_certificate_id: Some("cert-1".into()),
            tracing_enabled: true,
            web_acl_arn: Some("arn:aws:wafv2:us-east-1:111122223333:regional/webacl/w/1".into()),
            cache_cluster_enabled: false,
            method_settings: [("*/*".to_string(), setting(Some("INFO"), false, false))]
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
        }
    }

    pub fn setting(level: Option<&str>, caching: bool, encrypted: bool) -> MethodSetting {
        MethodSetting {
            logging_level: level.map(str::to_string),
            caching_enabled: caching,
            cache_data_encrypted: encrypted,
        }
    }

    pub fn run(check: &dyn Check, stages: Vec<ApiStage>) -> Vec<Finding> {
        let api = RestApi {
            id: "a1".into(),
            name: "orders".into(),
            stages: Collected::Ok(stages),
        };
        let inventory = regional(|region| region.services.rest_apis = Collected::Ok(vec![api]));
        check.evaluate(&inventory, &Settings::default())
    }

    /// ERROR on an API whose stages were not read, and on the region when no API was listed.
    pub fn assert_errors(check: &dyn Check) {
        let unread = RestApi {
            id: "a2".into(),
            name: "unread".into(),
            stages: failed("apigateway:GetStages"),
        };
        let inventory = regional(|region| region.services.rest_apis = Collected::Ok(vec![unread]));
        let findings = check.evaluate(&inventory, &Settings::default());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, crate::finding::Status::Error);
        assert_eq!(findings[0].resource.kind, "AwsApiGatewayRestApi");
        let inventory =
            regional(|region| region.services.rest_apis = failed("apigateway:GetRestApis"));
        assert_failed_region(
            &check.evaluate(&inventory, &Settings::default()),
            "apigateway:GetRestApis",
        );
    }
}
