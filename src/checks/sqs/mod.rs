//! SQS checks. AWS runs the queues and their storage; who may send or read messages (the access
//! policy) and whether messages are encrypted at rest are the customer's settings.

crate::service_checks! {
    queue_encrypted::QueueEncrypted,
    queue_not_public::QueueNotPublic,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::Queue;

impl Subject for Queue {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsSqsQueue", self.name.clone(), arn, region)
    }
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::{Queue, QueueEncryption};

    /// A queue with SQS-managed encryption and no access policy.
    pub fn queue(name: &str) -> Queue {
        Queue {
            name: name.into(),
            url: format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"),
            arn: format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"),
            policy: Collected::Ok(None),
            encryption: Collected::Ok(QueueEncryption {
                kms_key_id: None,
                sqs_managed_sse: true,
            }),
        }
    }

    pub fn run(check: &dyn Check, queues: Collected<Vec<Queue>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.queues = queues);
        check.evaluate(&inventory, &Settings::default())
    }
}
