//! `secretsmanager.secret_rotation_enabled`: every secret has automatic rotation configured.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::services::Secret;

pub struct SecretRotationEnabled;

impl Check for SecretRotationEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("secretsmanager/secret_rotation_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.secrets,
            |_, secret| Some(Verdict::holds(secret.rotation_enabled, message(secret))),
        )
    }
}

fn message(secret: &Secret) -> String {
    let name = &secret.name;
    let last = secret.last_rotated.map_or_else(
        || "it has never been rotated".to_string(),
        |date| format!("last rotated {}", date.format("%Y-%m-%d")),
    );
    if secret.rotation_enabled {
        format!("secret {name} rotates automatically ({last})")
    } else {
        format!("secret {name} has automatic rotation off ({last})")
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, regional, verdicts};
    use crate::checks::secretsmanager::fixtures::secret;
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn run(secrets: Collected<Vec<Secret>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.secrets = secrets);
        SecretRotationEnabled.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn rotating_passes_static_fails() {
        let mut rotating = secret("db-password", true);
        rotating.last_rotated = Utc.with_ymd_and_hms(2026, 10, 20, 8, 0, 0).single();
        let findings = run(Collected::Ok(vec![rotating, secret("api-token", false)]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("db-password".into(), Status::Pass),
                ("api-token".into(), Status::Fail)
            ]
        );
        assert_eq!(
            findings[0].message,
            "secret db-password rotates automatically (last rotated 2026-10-20)"
        );
        assert_eq!(
            findings[1].message,
            "secret api-token has automatic rotation off (it has never been rotated)"
        );
    }

    #[test]
    fn errors_on_a_region_whose_secrets_were_not_listed() {
        let findings = run(failed("secretsmanager:ListSecrets"));
        assert_failed_region(&findings, "secretsmanager:ListSecrets");
    }
}
