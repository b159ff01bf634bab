//! Secrets Manager checks.

crate::service_checks! {
    secret_policy_not_public::SecretPolicyNotPublic,
    secret_rotation_enabled::SecretRotationEnabled,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::Secret;

impl Subject for Secret {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsSecretsManagerSecret", self.name.clone(), arn, region)
    }
}

#[cfg(test)]
pub mod fixtures {
    use crate::checks::fixtures::{ACCOUNT, REGION};
    use crate::inventory::Collected;
    use crate::inventory::services::Secret;

    /// A secret without a resource policy.
    pub fn secret(name: &str, rotation_enabled: bool) -> Secret {
        Secret {
            name: name.into(),
            arn: format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-AbCdEf"),
            rotation_enabled,
            last_rotated: None,
            policy: Collected::Ok(None),
        }
    }
}
