//! `iam.user_console_mfa_enabled`: every IAM user with a console password also has MFA.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{credential_gap, per_user};
use crate::finding::{Finding, Verdict};
use crate::inventory::iam::Credentials;
use crate::inventory::{Inventory, Source};

pub struct UserConsoleMfaEnabled;

impl Check for UserConsoleMfaEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/user_console_mfa_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamCredentials]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_user(self.meta(), inventory, |row| self.evaluate_user(row))
    }
}

impl UserConsoleMfaEnabled {
    fn evaluate_user(&self, row: &Credentials) -> Verdict {
        let user = &row.user;
        match (row.password_enabled, row.mfa_active) {
            (Some(true), true) => Verdict::Pass(format!(
                "{user} has a console password and an active MFA device"
            )),
            (Some(true), false) => Verdict::Fail(format!(
                "{user} can sign in to the console with a password alone (no MFA device)"
            )),
            (Some(false), _) => Verdict::Pass(format!("{user} has no console password")),
            (None, _) => Verdict::Unknown(credential_gap(
                row,
                "iam:GetLoginProfile",
                format!("whether {user} has a console password is unknown"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{root_row, row, with_credentials};
    use crate::finding::Status;
    use crate::inventory::iam::CredentialSource;

    fn console(user: &str, mfa: bool) -> Credentials {
        Credentials {
            password_enabled: Some(true),
            mfa_active: mfa,
            ..row(user)
        }
    }

    #[test]
    fn passes_with_mfa_or_without_a_console_password() {
        let inventory = with_credentials(vec![root_row(), console("alice", true), row("ci-bot")]);
        let findings = UserConsoleMfaEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("alice".into(), Status::Pass),
                ("ci-bot".into(), Status::Pass)
            ]
        );
        assert_eq!(findings[1].message, "ci-bot has no console password");
        assert_eq!(findings[0].resource.kind, "AwsIamUser");
        assert_eq!(
            findings[0].resource.arn.as_deref(),
            Some("arn:aws:iam::111122223333:user/alice")
        );
    }

    #[test]
    fn fails_with_a_password_and_no_mfa() {
        let inventory = with_credentials(vec![console("learn-console-no-mfa", false)]);
        let findings = UserConsoleMfaEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![("learn-console-no-mfa".into(), Status::Fail)]
        );
        assert!(findings[0].message.contains("no MFA device"));
    }

    #[test]
    fn errors_when_credentials_or_the_password_state_are_unknown() {
        let mut inventory = inventory();
        inventory.iam.credentials = failed("iam:GetCredentialReport");
        let findings = UserConsoleMfaEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);

        let unknown = Credentials {
            password_enabled: None,
            source: CredentialSource::PerUserCalls,
            tags: Default::default(),
            ..row("bob")
        };
        let findings =
            UserConsoleMfaEnabled.evaluate(&with_credentials(vec![unknown]), &Settings::default());
        assert_eq!(verdicts(&findings), vec![("bob".into(), Status::Error)]);
        assert!(findings[0].message.contains("iam:GetLoginProfile"));
    }
}
