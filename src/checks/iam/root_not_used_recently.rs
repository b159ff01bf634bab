//! `iam.root_not_used_recently`: the root user's password and keys were not used in the recent past.

use chrono::{DateTime, Utc};

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{age_days, key_label, when};
use crate::checks::{account_resource, with_collected};
use crate::finding::Finding;
use crate::inventory::iam::ROOT_USER;
use crate::inventory::{Gap, Inventory, Source};

pub struct RootNotUsedRecently;

impl Check for RootNotUsedRecently {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/root_not_used_recently")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamCredentials]
    }

    fn evaluate(&self, inventory: &Inventory, settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = || account_resource(inventory);
        let window = settings.root_recent_use_days;
        with_collected(meta, &inventory.iam.credentials, account, |rows| {
            let Some(root) = rows.iter().find(|row| row.is_root()) else {
                let gap = Gap::new(
                    "iam:GetCredentialReport",
                    format!(
                        "the credential report has no {ROOT_USER} row, and only that row records when the root user was last used"
                    ),
                );
                return vec![Finding::error(meta, account(), &gap)];
            };
            let mut uses: Vec<(String, DateTime<Utc>)> = Vec::new();
            if let Some(used) = root.password_last_used {
                uses.push(("password".to_string(), used));
            }
            for (slot, key) in root.access_keys.iter().enumerate() {
                if let Some(used) = key.last_used {
                    uses.push((key_label(slot, key), used));
                }
            }
            let recent: Vec<String> = uses
                .iter()
                .filter(|(_, used)| age_days(inventory, *used) <= window)
                .map(|(what, used)| format!("{what} used {}", when(inventory, *used)))
                .collect();
            let finding = if !recent.is_empty() {
                Finding::fail(
                    meta,
                    account(),
                    format!(
                        "The root user was used within the last {window} days: {}",
                        recent.join("; ")
                    ),
                )
            } else {
                match uses.iter().max_by_key(|(_, used)| *used) {
                    Some((what, used)) => Finding::pass(
                        meta,
                        account(),
                        format!(
                            "The root user was last used {} (its {what}), not within the last {window} days",
                            when(inventory, *used)
                        ),
                    ),
                    None => Finding::pass(
                        meta,
                        account(),
                        "The credential report records no use of the root user's password or access keys",
                    ),
                }
            };
            vec![finding]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{days_ago, key, root_row, row, with_credentials};
    use crate::finding::Status;
    use crate::inventory::iam::Credentials;

    fn evaluate(inventory: &Inventory) -> Vec<Finding> {
        RootNotUsedRecently.evaluate(inventory, &Settings::default())
    }

    #[test]
    fn passes_when_root_was_last_used_long_ago_or_never() {
        let old = Credentials {
            password_last_used: Some(days_ago(200)),
            access_keys: vec![key(false, 900, Some(400))],
            ..root_row()
        };
        let findings = evaluate(&with_credentials(vec![old, row("alice")]));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert!(findings[0].message.contains("200 days ago"));

        let never = evaluate(&with_credentials(vec![root_row()]));
        assert_eq!(verdicts(&never), vec![(ACCOUNT.into(), Status::Pass)]);
    }

    #[test]
    fn fails_when_the_password_or_a_key_was_used_recently() {
        let signed_in = Credentials {
            password_last_used: Some(days_ago(2)),
            ..root_row()
        };
        let findings = evaluate(&with_credentials(vec![signed_in]));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("password used 2 days ago"));

        let key_used = Credentials {
            password_last_used: Some(days_ago(300)),
            access_keys: vec![key(true, 500, Some(30))],
            ..root_row()
        };
        let findings = evaluate(&with_credentials(vec![key_used]));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .contains("access key 1 used 30 days ago")
        );
    }

    #[test]
    fn the_window_comes_from_settings() {
        let used = Credentials {
            password_last_used: Some(days_ago(20)),
            ..root_row()
        };
        let settings = Settings {
            root_recent_use_days: 7,
            ..Settings::default()
        };
        let findings = RootNotUsedRecently.evaluate(&with_credentials(vec![used]), &settings);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
    }

    #[test]
    fn errors_without_a_root_row_or_without_the_report() {
        let findings = evaluate(&with_credentials(vec![row("alice")]));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("the credential report has no <root_account> row")
        );

        let mut inventory = inventory();
        inventory.iam.credentials = failed("iam:GetCredentialReport");
        let findings = evaluate(&inventory);
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
