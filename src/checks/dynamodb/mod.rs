//! DynamoDB checks.

crate::service_checks! {
    table_pitr_enabled::TablePitrEnabled,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::Table;

impl Subject for Table {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        Resource::new(
            "AwsDynamoDbTable",
            self.name.clone(),
            Some(self.arn.clone()),
            region,
        )
    }
}
