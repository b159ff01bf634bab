//! Lambda checks. With Lambda AWS runs the servers, the operating system and the managed
//! runtimes; the customer owns the code, the runtime version it picks and who may invoke it.

crate::service_checks! {
    function_not_public::FunctionNotPublic,
    runtime_supported::RuntimeSupported,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::Function;

impl Subject for Function {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsLambdaFunction", self.name.clone(), arn, region)
    }
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
            package_type: Some("Zip".into()),
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
