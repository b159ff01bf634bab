//! Lambda: the region's functions, their runtime and their resource-based policy.

use super::policy_document;
use crate::collect::calls::{Calls, client};
use crate::collect::{bounded, only_if};
use crate::inventory::services::Function;
use crate::inventory::{Collected, Gap};

const GET_POLICY: &str = "lambda:GetPolicy";

/// The functions, with their resource-based policies when `policies` (a call per function, made
/// only for a check that reads them).
pub async fn collect(calls: &Calls, policies: bool) -> Result<Vec<Function>, Gap> {
    let client = client!(aws_sdk_lambda, calls);
    let client = &client;
    let listing = client.list_functions().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("lambda:ListFunctions", listing).await?;
    let listed = pages.iter().flat_map(|page| page.functions());
    Ok(bounded(listed, |function| async move {
        let name = function.function_name().unwrap_or_default().to_string();
        let policy = only_if(policies, async {
            let answer = calls
                .call_optional(
                    GET_POLICY,
                    &["ResourceNotFoundException"],
                    client.get_policy().function_name(&name).send(),
                )
                .await;
            policy_document(
                GET_POLICY,
                Collected::from(answer)
                    .map(|output| output.and_then(|output| output.policy().map(str::to_string))),
            )
        })
        .await;
        Function {
            arn: function.function_arn().unwrap_or_default().to_string(),
            runtime: function
                .runtime()
                .map(|runtime| runtime.as_str().to_string()),
            package_type: function
                .package_type()
                .map(|package_type| package_type.as_str().to_string()),
            policy,
            name,
        }
    })
    .await)
}
