//! `ec2.instance_profile_attached`: every instance runs with an IAM instance profile (a role).
//!
//! A role gives software on the instance short-lived credentials that rotate on their own; without
//! one, the usual workaround is long-term access keys copied onto the disk. Terminated instances
//! are skipped.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::ec2::is_live;
use crate::checks::per_regional_resource;
use crate::finding::Finding;
use crate::finding::Verdict;
use crate::inventory::{Inventory, Source};

pub struct InstanceProfileAttached;

impl Check for InstanceProfileAttached {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/instance_profile_attached")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2Instances]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |regional| &regional.ec2.instances,
            |_, instance| {
                let id = &instance.id;
                is_live(instance).then(|| match &instance.instance_profile_arn {
                    Some(arn) => Verdict::Pass(format!("{id} runs with instance profile {arn}")),
                    None => Verdict::Fail(format!(
                        "{id} ({}) has no IAM instance profile attached",
                        instance.state
                    )),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_region_error, instance, run};
    use crate::checks::fixtures::{failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::ec2::Instance;

    #[test]
    fn passes_with_a_profile_fails_without_and_skips_terminated() {
        let profile = "arn:aws:iam::111122223333:instance-profile/app";
        let findings = run(&InstanceProfileAttached, |ec2| {
            ec2.instances = Collected::Ok(vec![
                Instance {
                    instance_profile_arn: Some(profile.into()),
                    ..instance("i-role", "running")
                },
                instance("i-keys", "stopped"),
                instance("i-gone", "terminated"),
            ])
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("i-role".to_string(), Status::Pass),
                ("i-keys".to_string(), Status::Fail)
            ]
        );
        assert_eq!(
            findings[0].message,
            format!("i-role runs with instance profile {profile}")
        );
        assert_eq!(
            findings[1].message,
            "i-keys (stopped) has no IAM instance profile attached"
        );
    }

    #[test]
    fn errors_when_instances_were_not_collected() {
        assert_region_error(&InstanceProfileAttached, |ec2| {
            ec2.instances = failed("ec2:DescribeInstances")
        });
    }
}
