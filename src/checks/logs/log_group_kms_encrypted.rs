//! `logs.log_group_kms_encrypted`: every CloudWatch Logs log group is encrypted with a KMS key.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::logs::per_log_group;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct LogGroupKmsEncrypted;

impl Check for LogGroupKmsEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("logs/log_group_kms_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_log_group(inventory, self.meta(), |group| {
            let name = &group.name;
            match &group.kms_key_id {
                Some(key) => (true, format!("log group {name} is encrypted with {key}")),
                None => (
                    false,
                    format!(
                        "log group {name} has no KMS key (only the service's default encryption)"
                    ),
                ),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, verdicts};
    use crate::checks::logs::fixtures::{group, run};
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn passes_groups_with_a_key_and_fails_the_others() {
        let key = "arn:aws:kms:us-east-1:111122223333:key/k-1";
        let findings = run(
            &LogGroupKmsEncrypted,
            Collected::Ok(vec![
                group("audit", None, Some(key)),
                group("app", None, None),
            ]),
        );
        assert_eq!(
            verdicts(&findings),
            vec![("audit".into(), Status::Pass), ("app".into(), Status::Fail)]
        );
        assert!(findings[0].message.ends_with(key));
    }

    #[test]
    fn errors_when_groups_were_not_listed() {
        let findings = run(&LogGroupKmsEncrypted, failed("logs:DescribeLogGroups"));
        assert_failed_region(&findings, "logs:DescribeLogGroups");
    }
}
