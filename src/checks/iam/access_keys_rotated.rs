//! `iam.access_keys_rotated`: every active IAM user access key was created within the last 90 days.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{active_keys, age_days, credential_gap, key_label, per_user, when};
use crate::finding::{Finding, Verdict};
use crate::inventory::iam::Credentials;
use crate::inventory::{Inventory, Source};

pub struct AccessKeysRotated;

impl Check for AccessKeysRotated {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/access_keys_rotated")
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

impl AccessKeysRotated {
    fn evaluate_user(
        &self,
        inventory: &Inventory,
        settings: &Settings,
        row: &Credentials,
    ) -> Verdict {
        let max_age = settings.access_key_max_age_days;
        let user = &row.user;

        let mut old = Vec::new();
        let mut young = Vec::new();
        let mut unknown = Vec::new();
        for (slot, key) in active_keys(row) {
            let label = key_label(slot, key);
            match key.last_rotated {
                Some(created) if age_days(inventory, created) > max_age => {
                    old.push(format!("{label} created {}", when(inventory, created)))
                }
                Some(created) => {
                    young.push(format!("{label} created {}", when(inventory, created)))
                }
                None => unknown.push(label),
            }
        }

        if !old.is_empty() {
            Verdict::Fail(format!(
                "{user} has active access keys older than {max_age} days: {}",
                old.join("; ")
            ))
        } else if !unknown.is_empty() {
            let gap = credential_gap(
                row,
                "iam:ListAccessKeys",
                format!(
                    "the creation date of {user}'s {} is unknown",
                    unknown.join(" and ")
                ),
            );
            Verdict::Unknown(gap)
        } else if young.is_empty() {
            Verdict::Pass(format!("{user} has no active access keys"))
        } else {
            Verdict::Pass(format!(
                "{user}'s active access keys are at most {max_age} days old: {}",
                young.join("; ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{key, root_row, row, with_credentials};
    use crate::finding::Status;
    use crate::inventory::iam::{AccessKey, CredentialSource};

    fn with_keys(user: &str, keys: Vec<AccessKey>) -> Credentials {
        Credentials {
            access_keys: keys,
            ..row(user)
        }
    }

    fn evaluate(rows: Vec<Credentials>) -> Vec<Finding> {
        AccessKeysRotated.evaluate(&with_credentials(rows), &Settings::default())
    }

    #[test]
    fn passes_young_keys_and_users_without_active_keys() {
        let old_root = Credentials {
            access_keys: vec![key(true, 900, None)],
            ..root_row()
        };
        let findings = evaluate(vec![
            old_root,
            with_keys("fresh", vec![key(true, 90, Some(1))]),
            with_keys("retired", vec![key(false, 800, Some(700))]),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("fresh".into(), Status::Pass),
                ("retired".into(), Status::Pass)
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("access key 1 created 90 days ago")
        );
        assert_eq!(findings[1].message, "retired has no active access keys");
    }

    #[test]
    fn fails_an_active_key_past_the_limit() {
        let findings = evaluate(vec![with_keys(
            "stale",
            vec![key(true, 10, Some(1)), key(true, 91, Some(1))],
        )]);
        assert_eq!(verdicts(&findings), vec![("stale".into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .ends_with("access key 2 created 91 days ago (2026-08-02)")
        );

        let strict = Settings {
            access_key_max_age_days: 30,
            ..Settings::default()
        };
        let findings = AccessKeysRotated.evaluate(
            &with_credentials(vec![with_keys("fresh", vec![key(true, 40, None)])]),
            &strict,
        );
        assert_eq!(verdicts(&findings), vec![("fresh".into(), Status::Fail)]);
    }

    #[test]
    fn errors_when_key_dates_or_credentials_are_missing() {
        let undated = AccessKey {
            id: Some("AKIAEXAMPLE".into()),
            last_rotated: None,
            ..key(true, 0, None)
        };
        let row = Credentials {
            source: CredentialSource::PerUserCalls,
            tags: Default::default(),
            ..with_keys("undated", vec![undated])
        };
        let findings = evaluate(vec![row]);
        assert_eq!(verdicts(&findings), vec![("undated".into(), Status::Error)]);
        assert!(findings[0].message.contains("iam:ListAccessKeys"));
        assert!(findings[0].message.contains("AKIAEXAMPLE"));

        let mut inventory = inventory();
        inventory.iam.credentials = failed("iam:GetCredentialReport");
        let findings = AccessKeysRotated.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
