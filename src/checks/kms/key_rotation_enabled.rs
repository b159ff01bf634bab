//! `kms.key_rotation_enabled`: every enabled customer managed symmetric key rotates its key material automatically.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::kms::{key_label, per_customer_key};
use crate::finding::{Finding, Verdict};
use crate::inventory::services::KeyMetadata;
use crate::inventory::{Inventory, Source};

pub struct KeyRotationEnabled;

impl Check for KeyRotationEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("kms/key_rotation_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Kms, Source::KmsKeyRotation]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let can_rotate = KeyMetadata::can_rotate_automatically;
        per_customer_key(inventory, self.meta(), can_rotate, |key, _| {
            let label = key_label(key);
            Ok(if *key.rotation_enabled.get()? {
                Verdict::Pass(format!("{label} rotates its key material automatically"))
            } else {
                Verdict::Fail(format!("{label} has automatic key rotation off"))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, regional, verdicts};
    use crate::checks::kms::fixtures::{key, key_with, run, undescribed};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::KmsKey;

    #[test]
    fn judges_rotating_and_static_customer_keys() {
        let mut fixed = key("fixed");
        fixed.rotation_enabled = Collected::Ok(false);
        fixed.aliases = vec!["alias/app".into()];
        let findings = run(&KeyRotationEnabled, vec![key("rotating"), fixed]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("rotating".into(), Status::Pass),
                ("fixed".into(), Status::Fail)
            ]
        );
        assert_eq!(
            findings[0].message,
            "key rotating rotates its key material automatically"
        );
        assert_eq!(
            findings[1].message,
            "key fixed (alias/app) has automatic key rotation off"
        );
    }

    #[test]
    fn skips_keys_that_cannot_rotate() {
        let unasked = |key: KmsKey| KmsKey {
            rotation_enabled: Collected::NotCollected,
            ..key
        };
        let aws_managed = unasked(key_with("aws", |m| m.manager = "AWS".into()));
        let asymmetric = unasked(key_with("rsa", |m| m.spec = "RSA_2048".into()));
        let disabled = unasked(key_with("off", |m| m.state = "Disabled".into()));
        let imported = unasked(key_with("byok", |m| m.origin = "EXTERNAL".into()));
        assert!(
            run(
                &KeyRotationEnabled,
                vec![aws_managed, asymmetric, disabled, imported]
            )
            .is_empty()
        );
    }

    #[test]
    fn errors_on_unread_rotation_metadata_or_key_list() {
        let mut unread = key("unread");
        unread.rotation_enabled = failed("kms:GetKeyRotationStatus");
        let findings = run(&KeyRotationEnabled, vec![unread, undescribed("mystery")]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("unread".into(), Status::Error),
                ("mystery".into(), Status::Error)
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("kms:GetKeyRotationStatus failed")
        );
        assert!(findings[1].message.contains("kms:DescribeKey failed"));
    }

    #[test]
    fn errors_on_a_region_whose_keys_were_not_listed() {
        let inventory = regional(|region| region.services.kms_keys = failed("kms:ListKeys"));
        let findings = KeyRotationEnabled.evaluate(&inventory, &Settings::default());
        assert_failed_region(&findings, "kms:ListKeys");
    }
}
