//! `iam.user_single_active_access_key`: no IAM user has more than one active access key.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{active_keys, count, key_label, per_user};
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct UserSingleActiveAccessKey;

impl Check for UserSingleActiveAccessKey {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/user_single_active_access_key")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamCredentials]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_user(self.meta(), inventory, |row| {
            let user = &row.user;
            let keys: Vec<String> = active_keys(row)
                .map(|(slot, key)| key_label(slot, key))
                .collect();
            let counted = count(keys.len(), "active access key", "active access keys");
            let message = if keys.len() > 1 {
                format!("{user} has {counted}: {}", keys.join(", "))
            } else {
                format!("{user} has {counted}")
            };
            Verdict::holds(keys.len() <= 1, message)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{key, root_row, row, with_credentials};
    use crate::finding::Status;
    use crate::inventory::iam::Credentials;

    fn with_keys(user: &str, active: &[bool]) -> Credentials {
        Credentials {
            access_keys: active.iter().map(|&a| key(a, 10, None)).collect(),
            ..row(user)
        }
    }

    #[test]
    fn passes_zero_or_one_active_key() {
        let inventory = with_credentials(vec![
            root_row(),
            with_keys("none", &[]),
            with_keys("one", &[true]),
            with_keys("rotating", &[true, false]),
        ]);
        let findings = UserSingleActiveAccessKey.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("none".into(), Status::Pass),
                ("one".into(), Status::Pass),
                ("rotating".into(), Status::Pass),
            ]
        );
        assert_eq!(findings[2].message, "rotating has 1 active access key");
    }

    #[test]
    fn fails_two_active_keys() {
        let inventory = with_credentials(vec![with_keys("learn-two-keys", &[true, true])]);
        let findings = UserSingleActiveAccessKey.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![("learn-two-keys".into(), Status::Fail)]
        );
        assert_eq!(
            findings[0].message,
            "learn-two-keys has 2 active access keys: access key 1, access key 2"
        );
    }

    #[test]
    fn errors_when_credentials_were_not_collected() {
        let mut inventory = inventory();
        inventory.iam.credentials = failed("iam:GetCredentialReport");
        let findings = UserSingleActiveAccessKey.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
