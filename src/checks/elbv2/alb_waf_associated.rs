//! `elbv2.alb_waf_associated`: every internet-facing Application Load Balancer is protected by an
//! AWS WAF web ACL (ELB.16, narrowed to what the internet reaches).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::elbv2::{is_application, label};
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct AlbWafAssociated;

impl Check for AlbWafAssociated {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("elbv2/alb_waf_associated")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Elbv2, Source::Waf]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.load_balancers,
            |_, balancer| {
                let facing = balancer.scheme.eq_ignore_ascii_case("internet-facing");
                (is_application(balancer) && facing).then(|| {
                    let name = label(balancer);
                    balancer.web_acl.get().map(|acl| match acl {
                        Some(arn) => Verdict::Pass(format!("{name} is protected by web ACL {arn}")),
                        None => Verdict::Fail(format!("{name} has no AWS WAF web ACL")),
                    })
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::elbv2::fixtures::{alb, assert_region_error, run};
    use crate::checks::fixtures::{failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::LoadBalancer;

    #[test]
    fn internet_facing_albs_need_a_web_acl() {
        let protected = LoadBalancer {
            web_acl: Collected::Ok(Some(
                "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/1".into(),
            )),
            ..alb("protected", &[], vec![])
        };
        let internal = LoadBalancer {
            scheme: "internal".into(),
            ..alb("internal", &[], vec![])
        };
        let network = LoadBalancer {
            kind: "network".into(),
            web_acl: Collected::NotCollected,
            ..alb("network", &[], vec![])
        };
        let unread = LoadBalancer {
            web_acl: failed("wafv2:GetWebACLForResource"),
            ..alb("unread", &[], vec![])
        };
        let findings = run(
            &AlbWafAssociated,
            vec![
                protected,
                alb("bare", &[], vec![]),
                internal,
                network,
                unread,
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("protected".into(), Status::Pass),
                ("bare".into(), Status::Fail),
                ("unread".into(), Status::Error)
            ]
        );
        assert_eq!(
            findings[1].message,
            "application load balancer bare (internet-facing) has no AWS WAF web ACL"
        );
        assert!(
            findings[2]
                .message
                .contains("wafv2:GetWebACLForResource failed")
        );
        assert_region_error(&AlbWafAssociated);
    }
}
