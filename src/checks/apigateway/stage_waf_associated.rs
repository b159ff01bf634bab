//! `apigateway.stage_waf_associated`: every REST API stage is screened by an AWS WAF web ACL.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::apigateway::{label, per_stage};
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct StageWafAssociated;

impl Check for StageWafAssociated {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("apigateway/stage_waf_associated")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_stage(inventory, self.meta(), |stage| {
            let name = label(stage);
            Some(match &stage.web_acl_arn {
                Some(v) => Verdict::Pass(format!("{name} is screened by WAF web ACL {v}")),
                None => Verdict::Fail(format!("{name} is associated with no AWS WAF web ACL")),
            })
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
    fn the_setting_decides() {
        let mut without = stage("without");
        without.web_acl_arn = None;
        let findings = run(&StageWafAssociated, vec![stage("with"), without]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("a1/with".into(), Status::Pass),
                ("a1/without".into(), Status::Fail)
            ]
        );
        assert_errors(&StageWafAssociated);
    }
}
