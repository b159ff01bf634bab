//! Elastic Load Balancing v2 checks. AWS runs the load balancer fleet, scales it and patches it;
//! the customer decides what it listens on, which TLS versions it accepts, whether HTTP is sent on
//! to HTTPS, what it logs and whether it can be deleted by mistake.

crate::service_checks! {
    access_logging_enabled::AccessLoggingEnabled,
    alb_waf_associated::AlbWafAssociated,
    deletion_protection_enabled::DeletionProtectionEnabled,
    drops_invalid_headers::DropsInvalidHeaders,
    http_redirected_to_https::HttpRedirectedToHttps,
    listener_tls_policy_current::ListenerTlsPolicyCurrent,
    spans_multiple_azs::SpansMultipleAzs,
}

use crate::catalog::CheckMeta;
use crate::checks::{Subject, per_regional_resource};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::AccountInfo;
use crate::inventory::services::LoadBalancer;
use crate::inventory::{Gap, Inventory};

impl Subject for LoadBalancer {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsElbv2LoadBalancer", self.name.clone(), arn, region)
    }
}

/// `application load balancer web (internet-facing)`: how messages name a load balancer.
pub fn label(balancer: &LoadBalancer) -> String {
    format!(
        "{} load balancer {} ({})",
        balancer.kind, balancer.name, balancer.scheme
    )
}

pub fn is_application(balancer: &LoadBalancer) -> bool {
    balancer.kind.eq_ignore_ascii_case("application")
}

/// Whether a boolean attribute is `true`. An attribute the answer leaves out has AWS's default,
/// which for every attribute these checks read is `false`.
pub fn attribute_on(balancer: &LoadBalancer, key: &str) -> Result<bool, Gap> {
    let attributes = balancer.attributes.get()?;
    Ok(attributes
        .get(key)
        .is_some_and(|value| value.eq_ignore_ascii_case("true")))
}

/// The shared evaluator of the checks that one boolean attribute decides: one finding per load
/// balancer `applies` selects, PASS when `key` is `true`, FAIL saying `what` is off otherwise.
pub fn attribute_check(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    applies: fn(&LoadBalancer) -> bool,
    key: &str,
    what: &str,
) -> Vec<Finding> {
    per_regional_resource(
        inventory,
        meta,
        |r| &r.services.load_balancers,
        |_, balancer| {
            applies(balancer).then(|| {
                let name = label(balancer);
                attribute_on(balancer, key).map(|on| {
                    let state = if on { "on" } else { "off" };
                    Verdict::holds(on, format!("{name} has {what} {state} ({key} = {on})"))
                })
            })
        },
    )
}

#[cfg(test)]
pub mod fixtures {
    use std::collections::BTreeMap;

    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, assert_failed_region, failed, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::{Listener, ListenerAction, LoadBalancer};

    /// An internet-facing ALB in two zones with the given attributes and listeners.
    pub fn alb(name: &str, attributes: &[(&str, &str)], listeners: Vec<Listener>) -> LoadBalancer {
        LoadBalancer {
            arn: format!(
                "arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/{name}/1"
            ),
            name: name.into(),
            kind: "application".into(),
            scheme: "internet-facing".into(),
            availability_zones: vec!["us-east-1a".into(), "us-east-1b".into()],
            attributes: Collected::Ok(
                attributes
                    .iter()
                    .map(|(key, value)| (key.to_string(), value.to_string()))
                    .collect::<BTreeMap<_, _>>(),
            ),
            listeners: Collected::Ok(listeners),
            web_acl: Collected::Ok(None),
        }
    }

    pub fn listener(protocol: &str, port: i32, actions: &[(&str, Option<&str>)]) -> Listener {
        Listener {
            arn: format!("listener-{protocol}-{port}"),
            port: Some(port),
            protocol: protocol.into(),
            ssl_policy: None,
            default_actions: actions
                .iter()
                .map(|(kind, protocol)| ListenerAction {
                    kind: kind.to_string(),
                    redirect_protocol: protocol.map(str::to_string),
                })
                .collect(),
        }
    }

    /// Asserts PASS with `key` true, FAIL with it false or absent, ERROR when attributes were not
    /// read, on balancers of kind `kind`.
    pub fn assert_attribute_verdicts(check: &dyn Check, kind: &str, key: &str) {
        let with = |name: &str, attributes: &[(&str, &str)]| LoadBalancer {
            kind: kind.into(),
            ..alb(name, attributes, vec![])
        };
        let mut unread = with("unread", &[]);
        unread.attributes = failed("elasticloadbalancing:DescribeLoadBalancerAttributes");
        let findings = run(
            check,
            vec![
                with("on", &[(key, "true")]),
                with("off", &[(key, "false")]),
                with("unset", &[]),
                unread,
            ],
        );
        let statuses: Vec<_> = findings
            .iter()
            .map(|f| (f.resource.id.as_str(), f.status))
            .collect();
        use crate::finding::Status;
        assert_eq!(
            statuses,
            vec![
                ("on", Status::Pass),
                ("off", Status::Fail),
                ("unset", Status::Fail),
                ("unread", Status::Error)
            ]
        );
        assert!(findings[1].message.contains(&format!("({key} = false)")));
        assert_region_error(check);
    }

    pub fn run(check: &dyn Check, balancers: Vec<LoadBalancer>) -> Vec<Finding> {
        let inventory =
            regional(|region| region.services.load_balancers = Collected::Ok(balancers));
        check.evaluate(&inventory, &Settings::default())
    }

    /// One ERROR on the region, naming the call, when load balancers were not listed.
    pub fn assert_region_error(check: &dyn Check) {
        let call = "elasticloadbalancing:DescribeLoadBalancers";
        let inventory = regional(|region| region.services.load_balancers = failed(call));
        assert_failed_region(&check.evaluate(&inventory, &Settings::default()), call);
    }
}
