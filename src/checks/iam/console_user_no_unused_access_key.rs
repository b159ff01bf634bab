//! `iam.console_user_no_unused_access_key`: no IAM user with a console password holds an active access key that has never been used.
//!
//! CIS 1.11 (v3.0; 1.10 in v5.0) cannot see the moment of creation, so its audit reads the
//! credential report instead: a console user whose active key has no last-used date was given a
//! key at setup that nobody needed. The same test is applied here, and a key created within a day
//! of the user is named as created at setup.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{active_keys, credential_gap, key_label, per_user};
use crate::finding::{Finding, Verdict};
use crate::inventory::iam::{AccessKey, Credentials};
use crate::inventory::{Inventory, Source};

pub struct ConsoleUserNoUnusedAccessKey;

impl Check for ConsoleUserNoUnusedAccessKey {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/console_user_no_unused_access_key")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamCredentials]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_user(self.meta(), inventory, evaluate_user)
    }
}

fn evaluate_user(row: &Credentials) -> Verdict {
    let user = &row.user;
    match row.password_enabled {
        None => Verdict::Unknown(credential_gap(
            row,
            "iam:GetLoginProfile",
            format!("whether {user} has a console password is unknown"),
        )),
        Some(false) => Verdict::Pass(format!("{user} has no console password")),
        Some(true) => {
            let unused: Vec<String> = active_keys(row)
                .filter(|(_, key)| key.last_used.is_none())
                .map(|(slot, key)| describe_unused(row, slot, key))
                .collect();
            if unused.is_empty() {
                Verdict::Pass(format!(
                    "{user} has a console password and no active key that was never used"
                ))
            } else {
                let keys = if unused.len() == 1 {
                    "an active access key"
                } else {
                    "active access keys"
                };
                Verdict::Fail(format!(
                    "{user} has a console password and {keys} never used: {}",
                    unused.join(", ")
                ))
            }
        }
    }
}

/// The key's label, saying "created at user setup" when it was made within a day of the user.
fn describe_unused(row: &Credentials, slot: usize, key: &AccessKey) -> String {
    let label = key_label(slot, key);
    let at_setup = row
        .user_creation_time
        .zip(key.last_rotated)
        .is_some_and(|(created, key_created)| (key_created - created).num_hours().abs() < 24);
    if at_setup {
        format!("{label} (created at user setup)")
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{key, root_row, row, with_credentials};
    use crate::finding::Status;

    fn console(user: &str, keys: Vec<AccessKey>) -> Credentials {
        Credentials {
            password_enabled: Some(true),
            access_keys: keys,
            ..row(user)
        }
    }

    #[test]
    fn passes_console_users_whose_keys_were_used_and_users_without_a_password() {
        let programmatic = Credentials {
            access_keys: vec![key(true, 365, None)],
            ..row("ci-bot")
        };
        let inventory = with_credentials(vec![
            root_row(),
            console("alice", vec![key(true, 365, Some(2))]),
            console("bob", vec![key(false, 365, None)]),
            console("carol", Vec::new()),
            programmatic,
        ]);
        let findings = ConsoleUserNoUnusedAccessKey.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("alice".into(), Status::Pass),
                ("bob".into(), Status::Pass),
                ("carol".into(), Status::Pass),
                ("ci-bot".into(), Status::Pass),
            ]
        );
        assert_eq!(findings[3].message, "ci-bot has no console password");
    }

    #[test]
    fn fails_a_console_user_with_an_active_key_never_used_and_names_a_setup_key() {
        // The fixture user was created 365 days before collection: a key rotated then is a setup key.
        let inventory = with_credentials(vec![
            console("learn-initial-key", vec![key(true, 365, None)]),
            console("later", vec![key(true, 365, Some(1)), key(true, 3, None)]),
        ]);
        let findings = ConsoleUserNoUnusedAccessKey.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("learn-initial-key".into(), Status::Fail),
                ("later".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[0].message,
            "learn-initial-key has a console password and an active access key never used: \
             access key 1 (created at user setup)"
        );
        assert!(
            findings[1].message.ends_with(": access key 2"),
            "{}",
            findings[1].message
        );
    }

    #[test]
    fn errors_when_the_password_state_or_the_report_is_unknown() {
        let unknown = Credentials {
            password_enabled: None,
            ..row("mystery")
        };
        let findings = ConsoleUserNoUnusedAccessKey
            .evaluate(&with_credentials(vec![unknown]), &Settings::default());
        assert_eq!(verdicts(&findings), vec![("mystery".into(), Status::Error)]);
        assert!(findings[0].message.contains("iam:GetCredentialReport"));

        let mut inventory = inventory();
        inventory.iam.credentials = failed("iam:GenerateCredentialReport");
        let findings = ConsoleUserNoUnusedAccessKey.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
