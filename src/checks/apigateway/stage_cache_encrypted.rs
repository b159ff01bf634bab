//! `apigateway.stage_cache_encrypted`: every REST API method that caches responses encrypts the cache.
//!
//! Security Hub's APIGateway.5 judges the methods with caching on; a stage that caches nothing has
//! nothing to encrypt and yields no finding.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::apigateway::{label, per_stage};
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct StageCacheEncrypted;

impl Check for StageCacheEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("apigateway/stage_cache_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_stage(inventory, self.meta(), |stage| {
            let caching: Vec<(&String, bool)> = stage
                .method_settings
                .iter()
                .filter(|(_, setting)| setting.caching_enabled)
                .map(|(path, setting)| (path, setting.cache_data_encrypted))
                .collect();
            if caching.is_empty() {
                return None;
            }
            let plain: Vec<&str> = caching
                .iter()
                .filter(|(_, encrypted)| !encrypted)
                .map(|(path, _)| path.as_str())
                .collect();
            let name = label(stage);
            Some(if plain.is_empty() {
                Verdict::Pass(format!("{name} encrypts every cached response"))
            } else {
                Verdict::Fail(format!(
                    "{name} caches responses unencrypted for {}",
                    plain.join(", ")
                ))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::apigateway::fixtures::{assert_errors, run, setting, stage};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;

    #[test]
    fn only_caching_methods_are_judged() {
        let mut encrypted = stage("encrypted");
        encrypted
            .method_settings
            .insert("*/*".into(), setting(Some("INFO"), true, true));
        let mut plain = stage("plain");
        plain
            .method_settings
            .insert("*/*".into(), setting(Some("INFO"), true, false));
        let findings = run(
            &StageCacheEncrypted,
            vec![stage("no-cache"), encrypted, plain],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("a1/encrypted".into(), Status::Pass),
                ("a1/plain".into(), Status::Fail)
            ]
        );
        assert_errors(&StageCacheEncrypted);
    }
}
