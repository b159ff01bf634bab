//! ECR checks. AWS runs the registry and stores the images; who may pull or push them (the
//! repository policy), whether images are scanned, whether tags can move and when old images
//! expire are the customer's.

crate::service_checks! {
    image_scanning_configured::ImageScanningConfigured,
    lifecycle_policy_configured::LifecyclePolicyConfigured,
    repository_not_public::RepositoryNotPublic,
    tag_immutability_enabled::TagImmutabilityEnabled,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::Repository;

impl Subject for Repository {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsEcrRepository", self.name.clone(), arn, region)
    }
}

#[cfg(test)]
pub mod fixtures {
    use crate::checks::fixtures::{ACCOUNT, REGION};
    use crate::inventory::Collected;
    use crate::inventory::services::Repository;

    /// A repository as `CreateRepository` leaves it: no policy, no scan on push, mutable tags, no
    /// lifecycle policy.
    pub fn repository(name: &str) -> Repository {
        Repository {
            name: name.into(),
            arn: format!("arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{name}"),
            policy: Collected::Ok(None),
            scan_on_push: Collected::Ok(false),
            tag_mutability: Collected::Ok("MUTABLE".into()),
            lifecycle_policy: Collected::Ok(None),
        }
    }
}
