//! Lambda: the region's functions, their runtime and their resource-based policy.

use crate::collect::calls::{Calls, client};
use crate::collect::{bounded, parse_policy_json};
use crate::inventory::services::Function;
use crate::inventory::{Collected, Gap};

const GET_POLICY: &str = "lambda:GetPolicy";

pub async fn collect(calls: &Calls) -> Result<Vec<Function>, Gap> {
    let client = client!(aws_sdk_lambda, calls);
    let client = &client;
    let listing = client.list_functions().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("lambda:ListFunctions", listing).await?;
    let listed = pages.iter().flat_map(|page| page.functions());
    Ok(bounded(listed, |function| async move {
        let name = function.function_name().unwrap_or_default().to_string();
        let answer = calls
            .call_optional(
                GET_POLICY,
                &["ResourceNotFoundException"],
                client.get_policy().function_name(&name).send(),
            )
            .await;
        Function {
            arn: function.function_arn().unwrap_or_default().to_string(),
            runtime: function
                .runtime()
                .map(|runtime| runtime.as_str().to_string()),
            package_type: function
                .package_type()
                .map(|package_type| package_type.as_str().to_string()),
            policy: Collected::from(policy(answer)),
            name,
        }
    })
    .await)
}

/// The policy document, parsed; a document that is not JSON is a gap, never "no policy".
fn policy(
    answer: Result<Option<aws_sdk_lambda::operation::get_policy::GetPolicyOutput>, Gap>,
) -> Result<Option<serde_json::Value>, Gap> {
    answer?
        .and_then(|output| output.policy)
        .map(|text| parse_policy_json(&text))
        .transpose()
        .map_err(|reason| Gap::new(GET_POLICY, reason))
}
