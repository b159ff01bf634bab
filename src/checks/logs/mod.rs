//! CloudWatch Logs checks: one finding per log group of every audited region.

pub mod log_group_kms_encrypted;
pub mod log_group_retention_sufficient;

use crate::check::{Check, CheckMeta};
use crate::checks::per_region;
use crate::finding::{Finding, Resource};
use crate::inventory::Inventory;
use crate::inventory::services::LogGroup;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[
    &log_group_kms_encrypted::LogGroupKmsEncrypted,
    &log_group_retention_sufficient::LogGroupRetentionSufficient,
];

/// One finding per log group (`judge` gives whether it passes and the message), or one ERROR per
/// region whose groups could not be listed.
pub fn per_log_group(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&LogGroup) -> (bool, String),
) -> Vec<Finding> {
    per_region(
        inventory,
        meta,
        |region| &region.services.log_groups,
        |region, groups| {
            groups
                .iter()
                .map(|group| {
                    let resource = Resource::new(
                        "AwsLogsLogGroup",
                        group.name.clone(),
                        (!group.arn.is_empty()).then(|| group.arn.clone()),
                        region,
                    );
                    let (passed, message) = judge(group);
                    Finding::verdict(meta, resource, passed, message)
                })
                .collect()
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
