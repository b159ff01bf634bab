//! `dynamodb.table_pitr_enabled`: every DynamoDB table has point-in-time recovery enabled.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct TablePitrEnabled;

impl Check for TablePitrEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("dynamodb/table_pitr_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.tables,
            |_, table| {
                let name = &table.name;
                Some(table.point_in_time_recovery.get().map(|on| {
                    let state = if *on { "on" } else { "off" };
                    Verdict::holds(
                        *on,
                        format!("table {name} has point-in-time recovery {state}"),
                    )
                }))
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
