//! `efs.file_system_encrypted`: every EFS file system is encrypted at rest.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct FileSystemEncrypted;

impl Check for FileSystemEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("efs/file_system_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.file_systems,
            |_, fs| {
                let label = match fs.tags.get("Name") {
                    Some(name) => format!("file system {} ({name})", fs.id),
                    None => format!("file system {}", fs.id),
                };
                Some(if fs.encrypted {
                    Verdict::Pass(format!("{label} is encrypted at rest"))
                } else {
                    Verdict::Fail(format!("{label} is not encrypted at rest"))
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::FileSystem;

    fn file_system(id: &str, encrypted: bool) -> FileSystem {
        FileSystem {
            id: id.into(),
            arn: format!("arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{id}"),
            encrypted,
            tags: BTreeMap::new(),
        }
    }

    fn run(file_systems: Collected<Vec<FileSystem>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.file_systems = file_systems);
        FileSystemEncrypted.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn encrypted_passes_plain_fails() {
        let mut named = file_system("fs-2", false);
        named.tags.insert("Name".into(), "shared-home".into());
        let findings = run(Collected::Ok(vec![file_system("fs-1", true), named]));
        assert_eq!(
            verdicts(&findings),
            vec![("fs-1".into(), Status::Pass), ("fs-2".into(), Status::Fail)]
        );
        assert_eq!(findings[0].message, "file system fs-1 is encrypted at rest");
        assert_eq!(
            findings[1].message,
            "file system fs-2 (shared-home) is not encrypted at rest"
        );
        assert_eq!(
            findings[1].resource.tags.get("Name").map(String::as_str),
            Some("shared-home")
        );
    }

    #[test]
    fn errors_on_a_region_whose_file_systems_were_not_listed() {
        let findings = run(failed("elasticfilesystem:DescribeFileSystems"));
        let region_error = vec![(format!("{ACCOUNT}/{REGION}"), Status::Error)];
        assert_eq!(verdicts(&findings), region_error);
    }
}
