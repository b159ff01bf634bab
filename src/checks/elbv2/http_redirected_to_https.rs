//! `elbv2.http_redirected_to_https`: every HTTP listener of an Application Load Balancer redirects to HTTPS.
//!
//! Security Hub's ELB.1 (and the Config rule behind it) judges the listeners' default action: a
//! plain-HTTP listener that forwards requests serves them unencrypted, whatever its rules do for
//! some paths. Network and Gateway Load Balancers speak TCP, TLS or GENEVE and are not judged.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::elbv2::{is_application, label};
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::services::{Listener, LoadBalancer};
use crate::inventory::{Inventory, Source};

pub struct HttpRedirectedToHttps;

impl Check for HttpRedirectedToHttps {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("elbv2/http_redirected_to_https")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Elbv2, Source::Elbv2Listeners]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.load_balancers,
            |_, balancer| is_application(balancer).then(|| judge(balancer)),
        )
    }
}

fn redirects_to_https(listener: &Listener) -> bool {
    listener.default_actions.iter().any(|action| {
        action.kind.eq_ignore_ascii_case("redirect")
            && action
                .redirect_protocol
                .as_deref()
                .is_some_and(|protocol| protocol.eq_ignore_ascii_case("HTTPS"))
    })
}

fn judge(balancer: &LoadBalancer) -> Result<Verdict, crate::inventory::Gap> {
    let name = label(balancer);
    let http: Vec<&Listener> = balancer
        .listeners
        .get()?
        .iter()
        .filter(|listener| listener.protocol.eq_ignore_ascii_case("HTTP"))
        .collect();
    let plain: Vec<String> = http
        .iter()
        .filter(|listener| !redirects_to_https(listener))
        .map(|listener| {
            let port = listener.port.map_or_else(String::new, |p| format!(" {p}"));
            format!("HTTP{port}")
        })
        .collect();
    Ok(if http.is_empty() {
        Verdict::Pass(format!("{name} has no plain-HTTP listener"))
    } else if plain.is_empty() {
        Verdict::Pass(format!("{name} redirects every HTTP listener to HTTPS"))
    } else {
        Verdict::Fail(format!(
            "{name} serves plain HTTP without redirecting to HTTPS on: {}",
            plain.join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::elbv2::fixtures::{alb, assert_region_error, listener, run};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn http_listeners_must_redirect_to_https() {
        let redirected = alb(
            "redirected",
            &[],
            vec![
                listener("HTTP", 80, &[("redirect", Some("HTTPS"))]),
                listener("HTTPS", 443, &[("forward", None)]),
            ],
        );
        let forwarding = alb(
            "forwarding",
            &[],
            vec![
                listener("HTTP", 80, &[("forward", None)]),
                listener("HTTP", 8080, &[("redirect", Some("#{protocol}"))]),
            ],
        );
        let https_only = alb(
            "https-only",
            &[],
            vec![listener("HTTPS", 443, &[("forward", None)])],
        );
        let mut network = alb("nlb", &[], vec![listener("TCP", 80, &[("forward", None)])]);
        network.kind = "network".into();
        let findings = run(
            &HttpRedirectedToHttps,
            vec![redirected, forwarding, https_only, network],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("redirected".into(), Status::Pass),
                ("forwarding".into(), Status::Fail),
                ("https-only".into(), Status::Pass),
            ]
        );
        assert!(findings[1].message.ends_with("on: HTTP 80, HTTP 8080"));
    }

    #[test]
    fn unread_listeners_and_unlisted_balancers_are_errors() {
        let mut unread = alb("unread", &[], vec![]);
        unread.listeners = Collected::Failed(crate::inventory::Gap::new(
            "elasticloadbalancing:DescribeListeners",
            "denied",
        ));
        let findings = run(&HttpRedirectedToHttps, vec![unread]);
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert_region_error(&HttpRedirectedToHttps);
    }
}
