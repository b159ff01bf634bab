//! `dynamodb.table_pitr_enabled`: every DynamoDB table has point-in-time recovery enabled.

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::per_region;
use crate::finding::{Finding, Resource};
use crate::inventory::Inventory;

pub struct TablePitrEnabled;

impl Check for TablePitrEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("dynamodb/table_pitr_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_region(
            inventory,
            meta,
            |r| &r.services.tables,
            |region, tables| {
                tables
                    .iter()
                    .map(|table| {
                        let resource = Resource::new(
                            "AwsDynamoDbTable",
                            table.name.clone(),
                            Some(table.arn.clone()),
                            region,
                        );
                        let name = &table.name;
                        match table.point_in_time_recovery.get() {
                            Ok(true) => Finding::pass(
                                meta,
                                resource,
                                format!("table {name} has point-in-time recovery on"),
                            ),
                            Ok(false) => Finding::fail(
                                meta,
                                resource,
                                format!("table {name} has point-in-time recovery off"),
                            ),
                            Err(gap) => Finding::error(meta, resource, &gap),
                        }
                    })
                    .collect()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Table;

    fn table(name: &str, pitr: Collected<bool>) -> Table {
        Table {
            name: name.into(),
            arn: format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"),
            point_in_time_recovery: pitr,
        }
    }

    fn run(tables: Collected<Vec<Table>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.tables = tables);
        TablePitrEnabled.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn judges_each_table_and_errs_on_unread_backups() {
        let findings = run(Collected::Ok(vec![
            table("orders", Collected::Ok(true)),
            table("sessions", Collected::Ok(false)),
            table("unread", failed("dynamodb:DescribeContinuousBackups")),
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("orders".into(), Status::Pass),
                ("sessions".into(), Status::Fail),
                ("unread".into(), Status::Error),
            ]
        );
        assert_eq!(
            findings[1].message,
            "table sessions has point-in-time recovery off"
        );
        assert!(
            findings[2]
                .message
                .contains("dynamodb:DescribeContinuousBackups failed")
        );
    }

    #[test]
    fn errors_on_a_region_whose_tables_were_not_listed() {
        let findings = run(failed("dynamodb:ListTables"));
        let region_error = vec![(format!("{ACCOUNT}/{REGION}"), Status::Error)];
        assert_eq!(verdicts(&findings), region_error);
    }
}
