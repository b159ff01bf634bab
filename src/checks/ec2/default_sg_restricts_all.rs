//! `ec2.default_sg_restricts_all`: every VPC's default security group has no inbound or outbound rules.
//!
//! AWS creates a group named `default` in each VPC and attaches it to any instance or interface
//! launched without a group. It cannot be deleted, so the safe state is an empty rule set: whatever
//! lands in it by accident then gets no connectivity. The shipped rules (all traffic from members
//! of the group itself, all traffic out) fail, as does any other rule.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::Finding;
use crate::finding::Verdict;
use crate::inventory::ec2::{Permission, SecurityGroup};
use crate::inventory::{Inventory, Source};
use crate::network::describe_permission;

pub struct DefaultSgRestrictsAll;

/// The name AWS gives every VPC's default group; no other group may use it.
const DEFAULT_GROUP: &str = "default";

impl Check for DefaultSgRestrictsAll {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/default_sg_restricts_all")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2SecurityGroups]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |regional| &regional.ec2.security_groups,
            |_, group| (group.name == DEFAULT_GROUP).then(|| judge(group)),
        )
    }
}

fn judge(group: &SecurityGroup) -> Verdict {
    let subject = match &group.vpc_id {
        Some(vpc) => format!("{}, the default security group of {vpc},", group.id),
        None => format!("{}, a default security group outside any VPC,", group.id),
    };
    let rules: Vec<String> = described(&group.ingress, "inbound", "from")
        .chain(described(&group.egress, "outbound", "to"))
        .collect();
    if rules.is_empty() {
        Verdict::Pass(format!("{subject} has no inbound or outbound rules"))
    } else {
        Verdict::Fail(format!("{subject} still has rules: {}", rules.join("; ")))
    }
}

fn described<'a>(
    permissions: &'a [Permission],
    direction: &'a str,
    preposition: &'a str,
) -> impl Iterator<Item = String> + 'a {
    permissions
        .iter()
        .map(move |p| format!("{direction} {}", describe_permission(p, preposition)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_groups_error, group, rule, run_groups, statuses};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;

    fn default_group(id: &str, ingress: Vec<Permission>, egress: Vec<Permission>) -> SecurityGroup {
        SecurityGroup {
            name: DEFAULT_GROUP.into(),
            egress,
            ..group(id, ingress)
        }
    }

    #[test]
    fn fails_while_the_default_group_keeps_any_rule() {
        let mut self_reference = rule("-1", None, None, &[], &[]);
        self_reference.security_groups = vec!["sg-shipped".into()];
        let findings = run_groups(
            &DefaultSgRestrictsAll,
            vec![
                default_group(
                    "sg-shipped",
                    vec![self_reference],
                    vec![rule("-1", None, None, &["0.0.0.0/0"], &[])],
                ),
                default_group(
                    "sg-egress-only",
                    vec![],
                    vec![rule("tcp", Some(443), Some(443), &[], &["::/0"])],
                ),
            ],
        );
        assert_eq!(statuses(&findings), [Status::Fail, Status::Fail]);
        assert_eq!(
            findings[0].message,
            "sg-shipped, the default security group of vpc-1, still has rules: \
             inbound all traffic from sg-shipped; outbound all traffic to 0.0.0.0/0"
        );
        assert!(findings[1].message.ends_with("outbound 443/tcp to ::/0"));
    }

    #[test]
    fn passes_an_emptied_default_group_and_skips_other_groups() {
        let findings = run_groups(
            &DefaultSgRestrictsAll,
            vec![
                default_group("sg-closed", vec![], vec![]),
                group(
                    "sg-web",
                    vec![rule("tcp", Some(443), Some(443), &["0.0.0.0/0"], &[])],
                ),
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![("sg-closed".to_string(), Status::Pass)]
        );
        assert_eq!(
            findings[0].resource.arn.as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:security-group/sg-closed")
        );
    }

    #[test]
    fn errors_when_groups_were_not_collected() {
        assert_groups_error(&DefaultSgRestrictsAll);
    }
}
