//! `shield.advanced_protects_internet_facing`: each internet-facing resource posture sees
//! (CloudFront distributions, internet-facing Application Load Balancers) is covered by a Shield
//! Advanced protection. Informational: Shield Advanced is a paid service, and the finding shows
//! where Shield Standard's free coverage ends.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::{account_resource, per_account_resource, per_regional_resource};
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct AdvancedProtectsInternetFacing;

impl Check for AdvancedProtectsInternetFacing {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("shield/advanced_protects_internet_facing")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Shield, Source::CloudFront, Source::Elbv2]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let shield = match inventory.shield.get() {
            Ok(shield) => shield,
            Err(gap) => return vec![Finding::error(meta, account_resource(inventory), &gap)],
        };
        let subscribed = shield.active_at(inventory.collected_at);
        let judge = |what: String, arn: &str| -> Verdict {
            let protected = shield.protected_resources.iter().any(|p| p == arn);
            match (protected, &subscribed) {
                (true, Ok(true)) => {
                    Verdict::Pass(format!("{what} is covered by a Shield Advanced protection"))
                }
                (true, Ok(false)) => Verdict::Fail(format!(
                    "{what} has a Shield Advanced protection, but the account's subscription is not active"
                )),
                // A protection without a readable subscription may guard nothing: not seen.
                (true, Err(gap)) => Verdict::Unknown(gap.clone()),
                (false, Ok(false)) => Verdict::Fail(format!(
                    "{what} has Shield Standard only: the account has no active Shield Advanced subscription"
                )),
                (false, _) => Verdict::Fail(format!(
                    "{what} is not covered by any of the account's {} Shield Advanced protections",
                    shield.protected_resources.len()
                )),
            }
        };
        let mut findings = per_account_resource(inventory, meta, &inventory.cloudfront, |d| {
            Some(judge(format!("distribution {}", d.id), &d.arn))
        });
        findings.extend(per_regional_resource(
            inventory,
            meta,
            |r| &r.services.load_balancers,
            |_, balancer| {
                (balancer.kind == "application" && balancer.scheme == "internet-facing")
                    .then(|| judge(format!("load balancer {}", balancer.name), &balancer.arn))
            },
        ));
        findings
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::checks::cloudfront::fixtures::{distribution, hardened};
    use crate::checks::elbv2::fixtures::alb;
    use crate::checks::fixtures::{ACCOUNT, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::LoadBalancer;
    use crate::inventory::shield::{ShieldAdvanced, ShieldSubscription};

    fn balancer(name: &str, kind: &str, scheme: &str) -> LoadBalancer {
        LoadBalancer {
            kind: kind.into(),
            scheme: scheme.into(),
            ..alb(name, &[], Vec::new())
        }
    }

    /// A distribution, an internet-facing ALB, an internal ALB and an internet-facing NLB.
    fn audited(shield: Collected<ShieldAdvanced>) -> Vec<Finding> {
        let mut inventory = regional(|region| {
            let internal = balancer("inside", "application", "internal");
            let nlb = balancer("edge-nlb", "network", "internet-facing");
            region.services.load_balancers = Collected::Ok(vec![
                balancer("web", "application", "internet-facing"),
                internal,
                nlb,
            ]);
        });
        inventory.cloudfront = Collected::Ok(vec![distribution("CDN", hardened())]);
        inventory.shield = shield;
        AdvancedProtectsInternetFacing.evaluate(&inventory, &Settings::default())
    }

    fn subscribed(ends_in_days: Option<i64>, protected: &[String]) -> Collected<ShieldAdvanced> {
        let collected_at = crate::checks::fixtures::inventory().collected_at;
        Collected::Ok(ShieldAdvanced {
            subscription: Collected::Ok(Some(ShieldSubscription {
                start_time: Some(collected_at - Duration::days(30)),
                end_time: ends_in_days.map(|days| collected_at + Duration::days(days)),
            })),
            protected_resources: protected.to_vec(),
        })
    }

    #[test]
    fn without_a_subscription_every_internet_facing_resource_has_shield_standard_only() {
        let findings = audited(Collected::Ok(ShieldAdvanced {
            subscription: Collected::Ok(None),
            protected_resources: Vec::new(),
        }));
        assert_eq!(
            verdicts(&findings),
            vec![("CDN".into(), Status::Fail), ("web".into(), Status::Fail)]
        );
        assert_eq!(
            findings[0].message,
            "distribution CDN has Shield Standard only: the account has no active Shield Advanced subscription"
        );
    }

    #[test]
    fn with_a_subscription_each_resource_is_judged_by_its_protection() {
        let protected = [format!("arn:aws:cloudfront::{ACCOUNT}:distribution/CDN")];
        let findings = audited(subscribed(None, &protected));
        assert_eq!(
            verdicts(&findings),
            vec![("CDN".into(), Status::Pass), ("web".into(), Status::Fail)]
        );
        assert_eq!(
            findings[1].message,
            "load balancer web is not covered by any of the account's 1 Shield Advanced protections"
        );
        // A subscription that ended no longer protects anything.
        let ended = audited(subscribed(Some(-1), &protected));
        assert_eq!(verdicts(&ended)[0], ("CDN".into(), Status::Fail));
        assert!(ended[0].message.ends_with("subscription is not active"));
        assert_eq!(
            verdicts(&audited(subscribed(Some(200), &protected)))[0],
            ("CDN".into(), Status::Pass)
        );
    }

    #[test]
    fn unread_protections_are_one_error_and_an_unread_subscription_leaves_protected_ones_unknown() {
        let findings = audited(failed("shield:ListProtections"));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("shield:ListProtections failed")
        );

        let protected = vec![format!("arn:aws:cloudfront::{ACCOUNT}:distribution/CDN")];
        let findings = audited(Collected::Ok(ShieldAdvanced {
            subscription: failed("shield:DescribeSubscription"),
            protected_resources: protected,
        }));
        // The protected distribution is not seen to be guarded; the ALB has no protection at all.
        assert_eq!(
            verdicts(&findings),
            vec![("CDN".into(), Status::Error), ("web".into(), Status::Fail)]
        );
        assert!(
            findings[0]
                .message
                .contains("shield:DescribeSubscription failed")
        );
    }
}
