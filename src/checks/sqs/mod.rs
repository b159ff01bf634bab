//! SQS checks. AWS runs the queues and their storage; who may send or read messages (the access
//! policy) and whether messages are encrypted at rest are the customer's settings.

pub mod queue_encrypted;
pub mod queue_not_public;

use crate::check::{Check, CheckMeta};
use crate::checks::per_region;
use crate::finding::{Finding, Resource};
use crate::inventory::services::Queue;
use crate::inventory::{Gap, Inventory};

/// Sorted by id.
pub const CHECKS: &[&dyn Check] = &[
    &queue_encrypted::QueueEncrypted,
    &queue_not_public::QueueNotPublic,
];

/// One finding per queue in every audited region: `judge` returns (passed, message) or the gap
/// that leaves the verdict unknown. A region whose queues could not be listed yields one ERROR.
pub fn per_queue(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&Queue) -> Result<(bool, String), Gap>,
) -> Vec<Finding> {
    per_region(
        inventory,
        meta,
        |r| &r.services.queues,
        |region, queues| {
            queues
                .iter()
                .map(|queue| {
                    let arn = (!queue.arn.is_empty()).then(|| queue.arn.clone());
                    let resource = Resource::new("AwsSqsQueue", queue.name.clone(), arn, region);
                    match judge(queue) {
                        Ok((passed, message)) => Finding::verdict(meta, resource, passed, message),
                        Err(gap) => Finding::error(meta, resource, &gap),
                    }
                })
                .collect()
        },
    )
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
