//! `apigateway.stage_xray_tracing_enabled`: every REST API stage sends traces to AWS X-Ray.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::apigateway::{label, per_stage};
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct StageXrayTracingEnabled;

impl Check for StageXrayTracingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("apigateway/stage_xray_tracing_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_stage(inventory, self.meta(), |stage| {
            let state = if stage.tracing_enabled { "on" } else { "off" };
            Some(Verdict::holds(
                stage.tracing_enabled,
                format!("{} has X-Ray tracing {state}", label(stage)),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::apigateway::fixtures::{assert_errors, run, stage};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;

    #[test]
    fn tracing_decides() {
        let mut untraced = stage("untraced");
        untraced.tracing_enabled = false;
        let findings = run(&StageXrayTracingEnabled, vec![stage("traced"), untraced]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("a1/traced".into(), Status::Pass),
                ("a1/untraced".into(), Status::Fail)
            ]
        );
        assert_errors(&StageXrayTracingEnabled);
    }
}
