//! Secrets Manager checks.

crate::service_checks! {
    secret_rotation_enabled::SecretRotationEnabled,
}

use crate::checks::Subject;
use crate::finding::{AccountInfo, Resource};
use crate::inventory::services::Secret;

impl Subject for Secret {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsSecretsManagerSecret", self.name.clone(), arn, region)
    }
}
