//! `apigateway.stage_backend_client_certificate`: every REST API stage presents a client certificate to its backend.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::apigateway::{label, per_stage};
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct StageBackendClientCertificate;

impl Check for StageBackendClientCertificate {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("apigateway/stage_backend_client_certificate")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_stage(inventory, self.meta(), |stage| {
            let name = label(stage);
            Some(match &stage.client_certificate_id {
                Some(v) => Verdict::Pass(format!(
                    "{name} presents client certificate {v} to its backend"
                )),
                None => Verdict::Fail(format!(
                    "{name} presents no client certificate to its backend, which cannot tell API Gateway from anyone else"
                )),
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
        without.client_certificate_id = None;
        let findings = run(&StageBackendClientCertificate, vec![stage("with"), without]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("a1/with".into(), Status::Pass),
                ("a1/without".into(), Status::Fail)
            ]
        );
        assert_errors(&StageBackendClientCertificate);
    }
}
