//! Elastic Load Balancing v2: the region's Application, Network and Gateway Load Balancers, each
//! with its attributes and listeners, and the TLS protocols of the ELB security policies.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::types::{Action, Listener as SdkListener};

use crate::collect::calls::{Calls, client};
use crate::collect::{bounded, only_if};
use crate::inventory::services::{Listener, ListenerAction, LoadBalancer};
use crate::inventory::{Collected, Gap};

/// What to ask of each load balancer beyond its listing: a call each, made only for a check that
/// reads the answer.
#[derive(Debug, Clone, Copy)]
pub struct PerBalancer {
    pub attributes: bool,
    pub listeners: bool,
    /// Ask AWS WAF which web ACL protects each Application Load Balancer.
    pub web_acl: bool,
}

pub async fn load_balancers(calls: &Calls, wanted: PerBalancer) -> Result<Vec<LoadBalancer>, Gap> {
    let client = client!(aws_sdk_elasticloadbalancingv2, calls);
    let client = &client;
    let waf = wanted.web_acl.then(|| client!(aws_sdk_wafv2, calls));
    let waf = waf.as_ref();
    let listing = client
        .describe_load_balancers()
        .into_paginator()
        .send()
        .collect();
    let pages: Vec<_> = calls
        .call("elasticloadbalancing:DescribeLoadBalancers", listing)
        .await?;
    let listed = pages.iter().flat_map(|page| page.load_balancers());
    Ok(bounded(listed, |balancer| async move {
        let arn = balancer.load_balancer_arn().unwrap_or_default().to_string();
        let is_application = balancer
            .r#type()
            .is_some_and(|kind| kind.as_str() == "application");
        let (attributes, listeners, web_acl) = tokio::join!(
            only_if(wanted.attributes, async {
                let answer = calls
                    .call(
                        "elasticloadbalancing:DescribeLoadBalancerAttributes",
                        client
                            .describe_load_balancer_attributes()
                            .load_balancer_arn(&arn)
                            .send(),
                    )
                    .await;
                Collected::from(answer).map(|output| {
                    output
                        .attributes()
                        .iter()
                        .filter_map(|attribute| {
                            Some((attribute.key()?.to_string(), attribute.value()?.to_string()))
                        })
                        .collect()
                })
            }),
            only_if(wanted.listeners, async {
                let answer = calls
                    .call(
                        "elasticloadbalancing:DescribeListeners",
                        client
                            .describe_listeners()
                            .load_balancer_arn(&arn)
                            .into_paginator()
                            .send()
                            .collect::<Result<Vec<_>, _>>(),
                    )
                    .await;
                Collected::from(answer).map(|pages| {
                    pages
                        .iter()
                        .flat_map(|page| page.listeners())
                        .map(listener)
                        .collect()
                })
            }),
            web_acl_of(calls, waf.filter(|_| is_application), &arn),
        );
        LoadBalancer {
            name: balancer
                .load_balancer_name()
                .unwrap_or_default()
                .to_string(),
            kind: balancer
                .r#type()
                .map(|kind| kind.as_str().to_string())
                .unwrap_or_default(),
            scheme: balancer
                .scheme()
                .map(|scheme| scheme.as_str().to_string())
                .unwrap_or_default(),
            availability_zones: balancer
                .availability_zones()
                .iter()
                .filter_map(|zone| zone.zone_name().map(str::to_string))
                .collect(),
            attributes,
            listeners,
            web_acl,
            arn,
        }
    })
    .await)
}

/// The web ACL protecting `arn`; `NotCollected` without a WAF client (not asked for, or not an
/// Application Load Balancer, which is the only kind AWS WAF protects).
async fn web_acl_of(
    calls: &Calls,
    waf: Option<&aws_sdk_wafv2::Client>,
    arn: &str,
) -> Collected<Option<String>> {
    let Some(waf) = waf else {
        return Collected::NotCollected;
    };
    let answer = calls
        .call(
            "wafv2:GetWebACLForResource",
            waf.get_web_acl_for_resource().resource_arn(arn).send(),
        )
        .await;
    Collected::from(answer).map(|output| output.web_acl().map(|acl| acl.arn().to_string()))
}

fn listener(listener: &SdkListener) -> Listener {
    Listener {
        arn: listener.listener_arn().unwrap_or_default().to_string(),
        port: listener.port(),
        protocol: listener
            .protocol()
            .map(|protocol| protocol.as_str().to_string())
            .unwrap_or_default(),
        ssl_policy: listener.ssl_policy().map(str::to_string),
        default_actions: listener.default_actions().iter().map(action).collect(),
    }
}

fn action(action: &Action) -> ListenerAction {
    ListenerAction {
        kind: action
            .r#type()
            .map(|kind| kind.as_str().to_string())
            .unwrap_or_default(),
        redirect_protocol: action
            .redirect_config()
            .and_then(|redirect| redirect.protocol())
            .map(str::to_string),
    }
}

/// Every security policy the region offers, with the protocols it allows: what a listener's policy
/// name means is read from AWS, not guessed from the name.
pub async fn ssl_policies(calls: &Calls) -> Result<BTreeMap<String, Vec<String>>, Gap> {
    let client = client!(aws_sdk_elasticloadbalancingv2, calls);
    let mut policies = BTreeMap::new();
    let mut marker: Option<String> = None;
    loop {
        let request = client
            .describe_ssl_policies()
            .set_marker(marker.take())
            .send();
        let page = calls
            .call("elasticloadbalancing:DescribeSSLPolicies", request)
            .await?;
        for policy in page.ssl_policies() {
            if let Some(name) = policy.name() {
                policies.insert(name.to_string(), policy.ssl_protocols().to_vec());
            }
        }
        match page.next_marker() {
            Some(next) if !next.is_empty() => marker = Some(next.to_string()),
            _ => return Ok(policies),
        }
    }
}
