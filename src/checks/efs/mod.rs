//! EFS checks.

crate::service_checks! {
    file_system_encrypted::FileSystemEncrypted,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::FileSystem;

impl Subject for FileSystem {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        Resource::new(
            "AwsEfsFileSystem",
            self.id.clone(),
            Some(self.arn.clone()),
            region,
        )
        .with_tags(&self.tags)
    }
}
