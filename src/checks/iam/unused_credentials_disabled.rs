//! `iam.unused_credentials_disabled`: no IAM user keeps a password or active key unused for 45+ days.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{active_keys, age_days, credential_gap, key_label, per_user, when};
use crate::finding::{Finding, Verdict};
use crate::inventory::iam::Credentials;
use crate::inventory::{Inventory, Source};

pub struct UnusedCredentialsDisabled;

/// One credential's standing: a sentence about its last use, and whether that use is too old.
struct Usage {
    text: String,
    stale: bool,
}

impl Check for UnusedCredentialsDisabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/unused_credentials_disabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamCredentials]
    }

    fn evaluate(&self, inventory: &Inventory, settings: &Settings) -> Vec<Finding> {
        per_user(self.meta(), inventory, |row| {
            self.evaluate_user(inventory, settings, row)
        })
    }
}

impl UnusedCredentialsDisabled {
    fn evaluate_user(
        &self,
        inventory: &Inventory,
        settings: &Settings,
        row: &Credentials,
    ) -> Verdict {
        let limit = settings.unused_credentials_days;
        let user = &row.user;
        let usage = |text: String, since| Usage {
            text,
            stale: age_days(inventory, since) >= limit,
        };

        let mut usages = Vec::new();
        let mut unknown = Vec::new();
        match row.password_enabled {
            Some(true) => match (
                row.password_last_used,
                row.password_last_changed.or(row.user_creation_time),
            ) {
                (Some(used), _) => usages.push(usage(
                    format!("console password last used {}", when(inventory, used)),
                    used,
                )),
                (None, Some(set)) => usages.push(usage(
                    format!("console password never used, set {}", when(inventory, set)),
                    set,
                )),
                (None, None) => unknown.push(format!(
                    "when {user}'s console password was last used or set is unknown"
                )),
            },
            Some(false) => {}
            None => unknown.push(format!("whether {user} has a console password is unknown")),
        }
        for (slot, key) in active_keys(row) {
            let label = key_label(slot, key);
            match (key.last_used, key.last_rotated) {
                (Some(used), _) => usages.push(usage(
                    format!("{label} last used {}", when(inventory, used)),
                    used,
                )),
                (None, Some(created)) => usages.push(usage(
                    format!("{label} never used, created {}", when(inventory, created)),
                    created,
                )),
                (None, None) => {
                    unknown.push(format!("when {user}'s {label} was last used is unknown"))
                }
            }
        }

        let stale: Vec<&str> = usages
            .iter()
            .filter(|u| u.stale)
            .map(|u| u.text.as_str())
            .collect();
        if !stale.is_empty() {
            return Verdict::Fail(format!(
                "{user} has credentials unused for {limit} days or more: {}",
                stale.join("; ")
            ));
        }
        if let Some(what) = unknown.into_iter().next() {
            return Verdict::Unknown(credential_gap(row, "iam:GetAccessKeyLastUsed", what));
        }
        if usages.is_empty() {
            return Verdict::Pass(format!(
                "{user} has no console password and no active access keys"
            ));
        }
        let texts: Vec<&str> = usages.iter().map(|u| u.text.as_str()).collect();
        Verdict::Pass(format!(
            "{user}'s credentials were all used within {limit} days: {}",
            texts.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{days_ago, key, root_row, row, with_credentials};
    use crate::finding::Status;
    use crate::inventory::iam::AccessKey;

    fn evaluate(rows: Vec<Credentials>) -> Vec<Finding> {
        UnusedCredentialsDisabled.evaluate(&with_credentials(rows), &Settings::default())
    }

    fn console(user: &str, last_used: Option<i64>, changed: Option<i64>) -> Credentials {
        Credentials {
            password_enabled: Some(true),
            password_last_used: last_used.map(days_ago),
            password_last_changed: changed.map(days_ago),
            ..row(user)
        }
    }

    #[test]
    fn passes_recently_used_or_absent_credentials() {
        let busy = Credentials {
            access_keys: vec![key(true, 300, Some(1)), key(false, 900, Some(800))],
            ..console("alice", Some(3), Some(100))
        };
        let fresh = Credentials {
            access_keys: vec![key(true, 10, None)],
            ..row("new-bot")
        };
        let findings = evaluate(vec![root_row(), busy, fresh, row("idle")]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("alice".into(), Status::Pass),
                ("new-bot".into(), Status::Pass),
                ("idle".into(), Status::Pass),
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("console password last used 3 days ago")
        );
        assert!(
            findings[1]
                .message
                .contains("access key 1 never used, created 10 days ago")
        );
        assert_eq!(
            findings[2].message,
            "idle has no console password and no active access keys"
        );
    }

    #[test]
    fn fails_stale_passwords_and_keys() {
        let stale_password = console("old-login", Some(60), Some(200));
        let never_logged_in = console("never-logged-in", None, Some(50));
        let stale_key = Credentials {
            access_keys: vec![
                key(true, 5, Some(1)),
                AccessKey {
                    id: Some("AKIAEXAMPLE".into()),
                    ..key(true, 400, Some(45))
                },
            ],
            ..row("old-key")
        };
        let unused_key = Credentials {
            access_keys: vec![key(true, 46, None)],
            ..row("unused-key")
        };
        let findings = evaluate(vec![stale_password, never_logged_in, stale_key, unused_key]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("old-login".into(), Status::Fail),
                ("never-logged-in".into(), Status::Fail),
                ("old-key".into(), Status::Fail),
                ("unused-key".into(), Status::Fail),
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("console password last used 60 days ago")
        );
        assert!(
            findings[1]
                .message
                .contains("console password never used, set 50 days ago")
        );
        assert!(
            findings[2]
                .message
                .ends_with("access key AKIAEXAMPLE last used 45 days ago (2026-09-17)")
        );
        assert!(
            findings[3]
                .message
                .contains("access key 1 never used, created 46 days ago")
        );
    }

    #[test]
    fn a_never_used_password_falls_back_to_the_creation_time() {
        let findings = evaluate(vec![console("created-long-ago", None, None)]);
        assert_eq!(
            verdicts(&findings),
            vec![("created-long-ago".into(), Status::Fail)]
        );
        assert!(findings[0].message.contains("set 365 days ago"));
    }

    #[test]
    fn the_threshold_comes_from_settings() {
        let settings = Settings {
            unused_credentials_days: 90,
            ..Settings::default()
        };
        let findings = UnusedCredentialsDisabled.evaluate(
            &with_credentials(vec![console("old-login", Some(60), None)]),
            &settings,
        );
        assert_eq!(
            verdicts(&findings),
            vec![("old-login".into(), Status::Pass)]
        );
    }

    #[test]
    fn errors_when_usage_is_unknown_or_not_collected() {
        let unknown = Credentials {
            user_creation_time: None,
            ..console("mystery", None, None)
        };
        let findings = evaluate(vec![unknown]);
        assert_eq!(verdicts(&findings), vec![("mystery".into(), Status::Error)]);
        assert!(findings[0].message.contains("iam:GetCredentialReport"));

        let mut inventory = inventory();
        inventory.iam.credentials = failed("iam:GetCredentialReport");
        let findings = UnusedCredentialsDisabled.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
