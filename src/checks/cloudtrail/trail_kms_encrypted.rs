//! `cloudtrail.trail_kms_encrypted`: every trail encrypts its log files with a KMS key (SSE-KMS).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudtrail::per_trail;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct TrailKmsEncrypted;

impl Check for TrailKmsEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudtrail/trail_kms_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_trail(inventory, self.meta(), |trail| {
            let name = &trail.name;
            match trail.kms_key_id.as_deref() {
                Some(key) if !key.is_empty() => {
                    Verdict::Pass(format!("trail {name} encrypts its logs with KMS key {key}"))
                }
                _ => Verdict::Fail(format!(
                    "trail {name} has no KMS key: its logs get only the bucket's default \
                     encryption"
                )),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudtrail::fixtures::{assert_region_error, trail, with_trails};
    use crate::checks::fixtures::{ACCOUNT, REGION, regional, verdicts};
    use crate::finding::Status;

    #[test]
    fn passes_with_a_key_and_fails_without() {
        let mut plain = trail("plain");
        plain.kms_key_id = None;
        let inventory = regional(|region| with_trails(region, vec![trail("sealed"), plain]));
        let findings = TrailKmsEncrypted.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("plain".into(), Status::Fail),
                ("sealed".into(), Status::Pass)
            ]
        );
        assert!(
            findings[0]
                .message
                .starts_with("trail plain has no KMS key")
        );
        assert_eq!(
            findings[1].message,
            format!(
                "trail sealed encrypts its logs with KMS key arn:aws:kms:{REGION}:{ACCOUNT}:key/k-1"
            )
        );
    }

    #[test]
    fn errors_on_a_region_whose_trails_were_not_listed() {
        assert_region_error(&TrailKmsEncrypted);
    }
}
