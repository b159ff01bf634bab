//! Lambda checks. With Lambda AWS runs the servers, the operating system and the managed
//! runtimes; the customer owns the code, the runtime version it picks and who may invoke it.

pub mod function_not_public;
pub mod runtime_supported;

use crate::check::{Check, CheckMeta};
use crate::checks::per_region;
use crate::finding::{Finding, Resource};
use crate::inventory::services::Function;
use crate::inventory::{Gap, Inventory};

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[
    &function_not_public::FunctionNotPublic,
    &runtime_supported::RuntimeSupported,
];

/// One finding per function in every audited region: `judge` returns (passed, message) or the gap
/// that leaves the verdict unknown. A region whose functions could not be listed yields one ERROR.
pub fn per_function(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&Function) -> Result<(bool, String), Gap>,
) -> Vec<Finding> {
    per_region(
        inventory,
        meta,
        |r| &r.services.functions,
        |region, functions| {
            functions
                .iter()
                .map(|function| {
                    let arn = (!function.arn.is_empty()).then(|| function.arn.clone());
                    let resource =
                        Resource::new("AwsLambdaFunction", function.name.clone(), arn, region);
                    match judge(function) {
                        Ok((passed, message)) => Finding::verdict(meta, resource, passed, message),
                        Err(gap) => Finding::error(meta, resource, &gap),
                    }
                })
                .collect()
        },
    )
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, assert_failed_region, failed, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::Function;

    /// A python3.12 function without a resource policy.
    pub fn function(name: &str) -> Function {
        Function {
            name: name.into(),
            arn: format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"),
            runtime: Some("python3.12".into()),
            policy: Collected::Ok(None),
        }
    }

    pub fn run(check: &dyn Check, functions: Vec<Function>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.functions = Collected::Ok(functions));
        check.evaluate(&inventory, &Settings::default())
    }

    /// Asserts one ERROR on the region, naming the call, when functions were not listed.
    pub fn assert_region_error(check: &dyn Check) {
        let inventory =
            regional(|region| region.services.functions = failed("lambda:ListFunctions"));
        let findings = check.evaluate(&inventory, &Settings::default());
        assert_failed_region(&findings, "lambda:ListFunctions");
    }
}
