//! AWS WAF (wafv2): web ACLs, each with its rule count and its logging configuration: a region's
//! of scope `REGIONAL`, and the account's of scope `CLOUDFRONT`, which AWS WAF serves from
//! us-east-1 only. Which load balancer each protects is read with the load balancers (`elbv2`),
//! since AWS WAF answers that per resource; a distribution names its own web ACL.

use aws_sdk_wafv2::types::Scope;

use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::WebAcl;
use crate::inventory::{Collected, Gap};

/// Where AWS WAF answers for scope CLOUDFRONT.
const CLOUDFRONT_SCOPE_REGION: &str = "us-east-1";

pub async fn regional_web_acls(calls: &Calls) -> Result<Vec<WebAcl>, Gap> {
    web_acls(calls, Scope::Regional).await
}

pub async fn cloudfront_web_acls(calls: &Calls) -> Collected<Vec<WebAcl>> {
    Collected::from(web_acls(&calls.in_region(CLOUDFRONT_SCOPE_REGION), Scope::Cloudfront).await)
}

async fn web_acls(calls: &Calls, scope: Scope) -> Result<Vec<WebAcl>, Gap> {
    let scope = &scope;
    let client = client!(aws_sdk_wafv2, calls);
    let client = &client;
    let mut summaries = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = client
            .list_web_acls()
            .scope(scope.clone())
            .set_next_marker(marker.take())
            .send();
        let page = calls.call("wafv2:ListWebACLs", request).await?;
        summaries.extend(page.web_acls().iter().cloned());
        // An exhausted listing may still carry a marker; an empty page ends it too.
        match page.next_marker() {
            Some(next) if !next.is_empty() && !page.web_acls().is_empty() => {
                marker = Some(next.to_string());
            }
            _ => break,
        }
    }
    Ok(bounded(summaries, |summary| async move {
        let name = summary.name().unwrap_or_default().to_string();
        let id = summary.id().unwrap_or_default().to_string();
        let arn = summary.arn().unwrap_or_default().to_string();
        let (detail, logging) = tokio::join!(
            calls.call(
                "wafv2:GetWebACL",
                client
                    .get_web_acl()
                    .scope(scope.clone())
                    .name(&name)
                    .id(&id)
                    .send(),
            ),
            // A web ACL that does not log answers WAFNonexistentItemException.
            calls.call_optional(
                "wafv2:GetLoggingConfiguration",
                &["WAFNonexistentItemException"],
                client.get_logging_configuration().resource_arn(&arn).send(),
            ),
        );
        WebAcl {
            rule_count: Collected::from(detail.and_then(|output| {
                output
                    .web_acl()
                    .map(|acl| {
                        acl.rules().len()
                            + acl.pre_process_firewall_manager_rule_groups().len()
                            + acl.post_process_firewall_manager_rule_groups().len()
                    })
                    .ok_or_else(|| Gap::new("wafv2:GetWebACL", "the answer holds no web ACL"))
            })),
            log_destinations: Collected::from(logging).map(|output| {
                output
                    .and_then(|output| output.logging_configuration().cloned())
                    .map(|configuration| configuration.log_destination_configs().to_vec())
            }),
            name,
            id,
            arn,
        }
    })
    .await)
}
