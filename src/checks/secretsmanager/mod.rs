//! Secrets Manager checks.

pub mod secret_policy_not_public;
pub mod secret_rotation_enabled;

use crate::check::Check;
use crate::finding::Resource;
use crate::inventory::services::Secret;

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[
    &secret_policy_not_public::SecretPolicyNotPublic,
    &secret_rotation_enabled::SecretRotationEnabled,
];

pub fn secret_resource(secret: &Secret, region: &str) -> Resource {
    let arn = (!secret.arn.is_empty()).then(|| secret.arn.clone());
    Resource::new("AwsSecretsManagerSecret", secret.name.clone(), arn, region)
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
