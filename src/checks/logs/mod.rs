//! CloudWatch Logs checks: one finding per log group of every audited region.

crate::service_checks! {
    log_group_kms_encrypted::LogGroupKmsEncrypted,
    log_group_retention_sufficient::LogGroupRetentionSufficient,
}

use crate::catalog::CheckMeta;
use crate::checks::{Subject, per_regional_resource};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::AccountInfo;
use crate::inventory::Inventory;
use crate::inventory::services::LogGroup;

impl Subject for LogGroup {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        Resource::new(
            "AwsLogsLogGroup",
            self.name.clone(),
            (!self.arn.is_empty()).then(|| self.arn.clone()),
            region,
        )
    }
}

/// One finding per log group of every audited region (`judge` gives whether it passes and the
/// message), or one ERROR per region whose groups could not be listed.
pub fn per_log_group(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&LogGroup) -> (bool, String),
) -> Vec<Finding> {
    per_regional_resource(
        inventory,
        meta,
        |region| &region.services.log_groups,
        |_, group| {
            let (passed, message) = judge(group);
            Some(Verdict::holds(passed, message))
        },
    )
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{REGION, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::LogGroup;

    pub fn group(name: &str, retention_days: Option<i32>, kms_key_id: Option<&str>) -> LogGroup {
        LogGroup {
            name: name.into(),
            arn: format!("arn:aws:logs:{REGION}:111122223333:log-group:{name}:*"),
            retention_days,
            kms_key_id: kms_key_id.map(str::to_string),
        }
    }

    pub fn run(check: &dyn Check, groups: Collected<Vec<LogGroup>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.log_groups = groups);
        check.evaluate(&inventory, &Settings::default())
    }
}
