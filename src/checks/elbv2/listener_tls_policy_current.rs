//! `elbv2.listener_tls_policy_current`: every HTTPS or TLS listener's security policy allows TLS 1.2 or later only.
//!
//! Security Hub's ELB.17 names a list of recommended policies; what makes them recommended is that
//! none still accepts TLS 1.0 or 1.1. posture judges a policy by the protocols AWS says it allows
//! (`DescribeSSLPolicies`), so a new policy is judged correctly the day it appears, and a policy
//! the region does not describe is an ERROR, never a guess from its name.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::elbv2::label;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::services::LoadBalancer;
use crate::inventory::{Gap, Inventory, RegionInventory, Source};

pub struct ListenerTlsPolicyCurrent;

/// Protocols that no current policy should accept.
const OUTDATED: &[&str] = &["SSLv3", "TLSv1", "TLSv1.1"];

impl Check for ListenerTlsPolicyCurrent {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("elbv2/listener_tls_policy_current")
    }

    fn needs(&self) -> &'static [Source] {
        &[
            Source::Elbv2,
            Source::Elbv2Listeners,
            Source::Elbv2SslPolicies,
        ]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.load_balancers,
            |regional, balancer| judge(regional, balancer).transpose(),
        )
    }
}

/// `None` for a load balancer without HTTPS or TLS listeners: there is no policy to judge.
fn judge(regional: &RegionInventory, balancer: &LoadBalancer) -> Result<Option<Verdict>, Gap> {
    let encrypted: Vec<_> = balancer
        .listeners
        .get()?
        .iter()
        .filter(|l| {
            l.protocol.eq_ignore_ascii_case("HTTPS") || l.protocol.eq_ignore_ascii_case("TLS")
        })
        .collect();
    if encrypted.is_empty() {
        return Ok(None);
    }
    let policies = regional.services.ssl_policies.get()?;
    let name = label(balancer);
    let mut outdated = Vec::new();
    let mut current = Vec::new();
    for listener in encrypted {
        let port = listener.port.map_or_else(String::new, |p| format!(" {p}"));
        let where_ = format!("{}{port}", listener.protocol);
        let Some(policy) = listener.ssl_policy.as_deref() else {
            return Err(Gap::new(
                "elasticloadbalancing:DescribeListeners",
                format!("{name}'s {where_} listener reports no security policy"),
            ));
        };
        let Some(protocols) = policies.get(policy) else {
            return Err(Gap::new(
                "elasticloadbalancing:DescribeSSLPolicies",
                format!(
                    "security policy {policy} of {name}'s {where_} listener is not described in this region"
                ),
            ));
        };
        let old: Vec<&str> = protocols
            .iter()
            .map(String::as_str)
            .filter(|protocol| OUTDATED.iter().any(|o| o.eq_ignore_ascii_case(protocol)))
            .collect();
        if old.is_empty() {
            current.push(format!("{where_} ({policy})"));
        } else {
            outdated.push(format!(
                "{where_} uses {policy}, which allows {}",
                old.join(", ")
            ));
        }
    }
    Ok(Some(if outdated.is_empty() {
        Verdict::Pass(format!(
            "{name} accepts TLS 1.2 or later only on {}",
            current.join(", ")
        ))
    } else {
        Verdict::Fail(format!("{name}: {}", outdated.join("; ")))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::elbv2::fixtures::{alb, assert_region_error, listener};
    use crate::checks::fixtures::{regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Listener;

    fn https(policy: &str) -> Listener {
        Listener {
            ssl_policy: Some(policy.into()),
            ..listener("HTTPS", 443, &[("forward", None)])
        }
    }

    fn run(balancers: Vec<LoadBalancer>) -> Vec<Finding> {
        let inventory = regional(|region| {
            region.services.load_balancers = Collected::Ok(balancers);
            region.services.ssl_policies = Collected::Ok(
                [
                    (
                        "ELBSecurityPolicy-TLS13-1-2-2021-06",
                        vec!["TLSv1.2", "TLSv1.3"],
                    ),
                    (
                        "ELBSecurityPolicy-2016-08",
                        vec!["TLSv1", "TLSv1.1", "TLSv1.2"],
                    ),
                ]
                .into_iter()
                .map(|(name, protocols)| {
                    (
                        name.to_string(),
                        protocols.into_iter().map(str::to_string).collect(),
                    )
                })
                .collect(),
            );
        });
        ListenerTlsPolicyCurrent.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn policies_are_judged_by_the_protocols_they_allow() {
        let findings = run(vec![
            alb(
                "current",
                &[],
                vec![https("ELBSecurityPolicy-TLS13-1-2-2021-06")],
            ),
            alb("legacy", &[], vec![https("ELBSecurityPolicy-2016-08")]),
            alb(
                "http-only",
                &[],
                vec![listener("HTTP", 80, &[("forward", None)])],
            ),
            alb("unknown", &[], vec![https("Custom-Policy")]),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("current".into(), Status::Pass),
                ("legacy".into(), Status::Fail),
                ("unknown".into(), Status::Error),
            ]
        );
        assert!(findings[1].message.contains("allows TLSv1, TLSv1.1"));
        assert!(findings[2].message.contains("Custom-Policy"));
    }

    #[test]
    fn unread_policies_are_an_error() {
        let inventory = regional(|region| {
            region.services.load_balancers = Collected::Ok(vec![alb(
                "a",
                &[],
                vec![https("ELBSecurityPolicy-2016-08")],
            )]);
            region.services.ssl_policies =
                crate::checks::fixtures::failed("elasticloadbalancing:DescribeSSLPolicies");
        });
        let findings = ListenerTlsPolicyCurrent.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![("a".into(), Status::Error)]);
        assert_region_error(&ListenerTlsPolicyCurrent);
    }
}
