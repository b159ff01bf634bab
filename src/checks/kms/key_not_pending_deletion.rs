//! `kms.key_not_pending_deletion`: no customer managed key is scheduled for deletion.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::kms::{key_label, per_customer_key};
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct KeyNotPendingDeletion;

/// `PendingReplicaDeletion` is the state of a multi-Region replica key scheduled for deletion.
const PENDING_STATES: &[&str] = &["PendingDeletion", "PendingReplicaDeletion"];

impl Check for KeyNotPendingDeletion {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("kms/key_not_pending_deletion")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Kms]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_customer_key(
            inventory,
            self.meta(),
            |_| true,
            |key, metadata| {
                let label = key_label(key);
                let state = &metadata.state;
                if !PENDING_STATES.contains(&state.as_str()) {
                    return Ok(Verdict::Pass(format!(
                        "{label} is not scheduled for deletion (state {state})"
                    )));
                }
                let when = metadata.deletion_date.map_or_else(
                    || "at the end of its waiting period".to_string(),
                    |date| format!("on {}", date.format("%Y-%m-%d %H:%M UTC")),
                );
                Ok(Verdict::Fail(format!(
                    "{label} is scheduled for deletion {when} (state {state})"
                )))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::checks::fixtures::verdicts;
    use crate::checks::kms::fixtures::{key_with, run, undescribed};
    use crate::finding::Status;

    #[test]
    fn fails_naming_the_deletion_date() {
        let doomed = key_with("doomed", |m| {
            m.state = "PendingDeletion".into();
            m.deletion_date = Utc.with_ymd_and_hms(2026, 11, 8, 9, 30, 0).single();
        });
        let disabled = key_with("resting", |m| m.state = "Disabled".into());
        let aws_managed = key_with("aws", |m| {
            m.manager = "AWS".into();
            m.state = "PendingDeletion".into();
        });
        let findings = run(&KeyNotPendingDeletion, vec![doomed, disabled, aws_managed]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("doomed".into(), Status::Fail),
                ("resting".into(), Status::Pass)
            ]
        );
        assert_eq!(
            findings[0].message,
            "key doomed is scheduled for deletion on 2026-11-08 09:30 UTC (state PendingDeletion)"
        );
        assert_eq!(
            findings[1].message,
            "key resting is not scheduled for deletion (state Disabled)"
        );
    }

    #[test]
    fn errors_on_a_key_whose_metadata_was_not_read() {
        let findings = run(&KeyNotPendingDeletion, vec![undescribed("mystery")]);
        assert_eq!(verdicts(&findings), vec![("mystery".into(), Status::Error)]);
    }
}
