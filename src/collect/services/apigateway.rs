//! API Gateway (REST APIs): every API and its deployed stages, with the stage settings the checks
//! judge (execution logging, caching and its encryption, tracing, client certificate, WAF ACL).

use aws_sdk_apigateway::types::Stage;

use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::{ApiStage, MethodSetting, RestApi};
use crate::inventory::{Collected, Gap};

pub async fn collect(calls: &Calls) -> Result<Vec<RestApi>, Gap> {
    let client = client!(aws_sdk_apigateway, calls);
    let client = &client;
    let listing = client.get_rest_apis().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("apigateway:GetRestApis", listing).await?;
    let apis = pages
        .into_iter()
        .flat_map(|page| page.items.unwrap_or_default());
    Ok(bounded(apis, |api| async move {
        let id = api.id.unwrap_or_default();
        let name = api.name.unwrap_or_default();
        let answer = calls
            .call(
                "apigateway:GetStages",
                client.get_stages().rest_api_id(&id).send(),
            )
            .await;
        let stages = Collected::from(answer).map(|output| {
            output
                .item()
                .iter()
                .map(|stage| api_stage(&id, &name, stage))
                .collect()
        });
        RestApi { id, name, stages }
    })
    .await)
}

fn api_stage(api_id: &str, api_name: &str, stage: &Stage) -> ApiStage {
    ApiStage {
        api_id: api_id.to_string(),
        api_name: api_name.to_string(),
        name: stage.stage_name().unwrap_or_default().to_string(),
        client_certificate_id: stage.client_certificate_id().map(str::to_string),
        tracing_enabled: stage.tracing_enabled(),
        web_acl_arn: stage.web_acl_arn().map(str::to_string),
        cache_cluster_enabled: stage.cache_cluster_enabled(),
        method_settings: stage
            .method_settings()
            .into_iter()
            .flatten()
            .map(|(path, setting)| {
                let setting = MethodSetting {
                    logging_level: setting.logging_level().map(str::to_string),
                    caching_enabled: setting.caching_enabled(),
                    cache_data_encrypted: setting.cache_data_encrypted(),
                };
                (path.clone(), setting)
            })
            .collect(),
    }
}
