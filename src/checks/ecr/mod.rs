//! ECR checks. AWS runs the registry and stores the images; who may pull or push them (the
//! repository policy) is the customer's.

crate::service_checks! {
    repository_not_public::RepositoryNotPublic,
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
