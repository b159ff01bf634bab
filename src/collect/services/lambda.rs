//! Lambda: the region's functions, their runtime and their resource-based policy.

use aws_config::SdkConfig;
use aws_sdk_lambda::Client;

use super::failed;
use crate::collect::{bounded, parse_policy_json, record_optional};
use crate::inventory::services::Function;
use crate::inventory::{Collected, Gap};

const GET_POLICY: &str = "lambda:GetPolicy";

pub async fn collect(config: &SdkConfig) -> Result<Vec<Function>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let pages = client
        .list_functions()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("lambda:ListFunctions"))?;
    let listed = pages.iter().flat_map(|page| page.functions());
    Ok(bounded(listed, |function| async move {
        let name = function.function_name().unwrap_or_default().to_string();
        let answer = client.get_policy().function_name(&name).send().await;
        Function {
            arn: function.function_arn().unwrap_or_default().to_string(),
            runtime: function
                .runtime()
                .map(|runtime| runtime.as_str().to_string()),
            package_type: function
                .package_type()
                .map(|package_type| package_type.as_str().to_string()),
            policy: policy(record_optional(
                GET_POLICY,
                &["ResourceNotFoundException"],
                answer,
            )),
            name,
        }
    })
    .await)
}

/// The policy document, parsed; a document that is not JSON is a gap, never "no policy".
fn policy(
    answer: Collected<Option<aws_sdk_lambda::operation::get_policy::GetPolicyOutput>>,
) -> Collected<Option<serde_json::Value>> {
    let text = match answer {
        Collected::Ok(output) => output.and_then(|output| output.policy().map(str::to_string)),
        Collected::Failed(gap) => return Collected::Failed(gap),
        Collected::NotCollected => return Collected::NotCollected,
    };
    match text.map(|text| parse_policy_json(&text)).transpose() {
        Ok(document) => Collected::Ok(document),
        Err(reason) => Collected::Failed(Gap::new(GET_POLICY, reason)),
    }
}
