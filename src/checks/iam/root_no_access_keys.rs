//! `iam.root_no_access_keys`: the root user has no access keys.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::account_resource;
use crate::checks::iam::{count, summary_value};
use crate::finding::Finding;
use crate::inventory::iam::ROOT_USER;
use crate::inventory::{Inventory, Source};

pub struct RootNoAccessKeys;

impl Check for RootNoAccessKeys {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/root_no_access_keys")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAccountSummary, Source::IamCredentials]
    }

    /// Two sources answer the question: the account summary (`AccountAccessKeysPresent`, which counts
    /// inactive keys too) and the credential report's root row. Either one reporting keys fails the
    /// check; one reporting none passes it only if the other does not contradict it.
    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = account_resource(inventory);
        let summary = summary_value(inventory, "AccountAccessKeysPresent");
        let report_keys = inventory
            .iam
            .credentials
            .ok()
            .and_then(|rows| rows.iter().find(|row| row.is_root()))
            .map(|root| root.active_keys().count());

        let finding = match (summary, report_keys) {
            (Ok(present), _) if present > 0 => Finding::fail(
                meta,
                account,
                format!("The root user has access keys (AccountAccessKeysPresent = {present})"),
            ),
            (_, Some(active)) if active > 0 => Finding::fail(
                meta,
                account,
                format!(
                    "The credential report's {ROOT_USER} row shows {}",
                    count(active, "active access key", "active access keys")
                ),
            ),
            (Ok(_), Some(_)) => Finding::pass(
                meta,
                account,
                format!(
                    "The root user has no access keys (AccountAccessKeysPresent = 0, and the {ROOT_USER} row shows none active)"
                ),
            ),
            (Ok(_), None) => Finding::pass(
                meta,
                account,
                "The root user has no access keys (AccountAccessKeysPresent = 0)",
            ),
            (Err(gap), Some(_)) => Finding::pass(
                meta,
                account,
                format!(
                    "The credential report's {ROOT_USER} row shows no active access keys (the account summary was unavailable: {gap})"
                ),
            ),
            (Err(gap), None) => Finding::error(meta, account, &gap),
        };
        vec![finding]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{key, root_row, row};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::iam::Credentials;

    fn account(present: Option<i64>, rows: Option<Vec<Credentials>>) -> Inventory {
        let mut inventory = inventory();
        inventory.iam.account_summary = match present {
            Some(n) => Collected::Ok([("AccountAccessKeysPresent".to_string(), n)].into()),
            None => failed("iam:GetAccountSummary"),
        };
        inventory.iam.credentials = match rows {
            Some(rows) => Collected::Ok(rows),
            None => failed("iam:GetCredentialReport"),
        };
        inventory
    }

    fn root_with_key(active: bool) -> Credentials {
        Credentials {
            access_keys: vec![key(active, 400, Some(3))],
            ..root_row()
        }
    }

    fn status(inventory: &Inventory) -> Vec<(String, Status)> {
        verdicts(&RootNoAccessKeys.evaluate(inventory, &Settings::default()))
    }

    #[test]
    fn passes_when_no_source_reports_keys() {
        let pass = vec![(ACCOUNT.to_string(), Status::Pass)];
        assert_eq!(status(&account(Some(0), None)), pass);
        assert_eq!(status(&account(Some(0), Some(vec![root_row()]))), pass);
        // moto's report has no root row: the summary alone decides.
        assert_eq!(status(&account(Some(0), Some(vec![row("alice")]))), pass);
        // An inactive key in the report does not contradict a summary of 0.
        assert_eq!(
            status(&account(Some(0), Some(vec![root_with_key(false)]))),
            pass
        );
        // The report alone can answer when the summary failed.
        let findings =
            RootNoAccessKeys.evaluate(&account(None, Some(vec![root_row()])), &Settings::default());
        assert_eq!(verdicts(&findings), pass);
        assert!(findings[0].message.contains("iam:GetAccountSummary"));
    }

    #[test]
    fn fails_when_either_source_reports_keys() {
        let findings = RootNoAccessKeys.evaluate(&account(Some(1), None), &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("AccountAccessKeysPresent = 1"));

        let findings = RootNoAccessKeys.evaluate(
            &account(Some(0), Some(vec![root_with_key(true)])),
            &Settings::default(),
        );
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("1 active access key"));

        assert_eq!(
            status(&account(None, Some(vec![root_with_key(true)]))),
            vec![(ACCOUNT.into(), Status::Fail)]
        );
    }

    #[test]
    fn errors_when_neither_source_can_answer() {
        let error = vec![(ACCOUNT.to_string(), Status::Error)];
        assert_eq!(status(&account(None, None)), error);
        assert_eq!(status(&account(None, Some(vec![row("alice")]))), error);
    }
}
