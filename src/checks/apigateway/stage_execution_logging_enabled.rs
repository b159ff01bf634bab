//! `apigateway.stage_execution_logging_enabled`: every REST API stage logs execution at ERROR or INFO level.
//!
//! Security Hub's APIGateway.1 accepts ERROR or INFO. The stage default (`*/*`) must log, and no
//! method may turn logging off for itself.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::apigateway::{label, per_stage};
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::services::ApiStage;

pub struct StageExecutionLoggingEnabled;

const STAGE_DEFAULT: &str = "*/*";

fn logs(level: Option<&str>) -> bool {
    level.is_some_and(|level| {
        level.eq_ignore_ascii_case("ERROR") || level.eq_ignore_ascii_case("INFO")
    })
}

impl Check for StageExecutionLoggingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("apigateway/stage_execution_logging_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_stage(inventory, self.meta(), |stage| Some(judge(stage)))
    }
}

fn judge(stage: &ApiStage) -> Verdict {
    let name = label(stage);
    let default = stage
        .method_settings
        .get(STAGE_DEFAULT)
        .and_then(|setting| setting.logging_level.as_deref());
    if !logs(default) {
        return Verdict::Fail(format!(
            "{name} has execution logging {}",
            default.map_or_else(|| "unset (off)".to_string(), |level| format!("at {level}"))
        ));
    }
    let silent: Vec<&str> = stage
        .method_settings
        .iter()
        .filter(|(path, setting)| {
            *path != STAGE_DEFAULT
                && setting.logging_level.is_some()
                && !logs(setting.logging_level.as_deref())
        })
        .map(|(path, _)| path.as_str())
        .collect();
    if silent.is_empty() {
        Verdict::Pass(format!(
            "{name} logs execution at {}",
            default.unwrap_or_default()
        ))
    } else {
        Verdict::Fail(format!(
            "{name} logs by default, but not for {}",
            silent.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::apigateway::fixtures::{assert_errors, run, setting, stage};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;

    #[test]
    fn the_default_must_log_and_no_method_may_opt_out() {
        let mut off = stage("off");
        off.method_settings.clear();
        let mut opted_out = stage("opted-out");
        opted_out
            .method_settings
            .insert("/pets/GET".into(), setting(Some("OFF"), false, false));
        let findings = run(
            &StageExecutionLoggingEnabled,
            vec![stage("logged"), off, opted_out],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("a1/logged".into(), Status::Pass),
                ("a1/off".into(), Status::Fail),
                ("a1/opted-out".into(), Status::Fail),
            ]
        );
        assert!(findings[1].message.ends_with("unset (off)"));
        assert!(findings[2].message.ends_with("not for /pets/GET"));
        assert_errors(&StageExecutionLoggingEnabled);
    }
}
