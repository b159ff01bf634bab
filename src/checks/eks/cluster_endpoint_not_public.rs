//! `eks.cluster_endpoint_not_public`: no EKS cluster's Kubernetes API endpoint is reachable from the internet.
//!
//! Security Hub's EKS.1 fails any cluster whose public endpoint is on, even when its CIDR list is
//! narrowed: the API server is still on the internet and one token away. posture follows it and
//! names the CIDRs in the message, so a narrowed endpoint can be muted with that reason.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::eks::per_cluster;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct ClusterEndpointNotPublic;

impl Check for ClusterEndpointNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("eks/cluster_endpoint_not_public")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_cluster(inventory, self.meta(), |name, cluster| {
            if !cluster.endpoint_public_access {
                return Verdict::Pass(format!("cluster {name}'s API endpoint is private only"));
            }
            let from = if cluster.public_access_cidrs.is_empty() {
                "0.0.0.0/0".to_string()
            } else {
                cluster.public_access_cidrs.join(", ")
            };
            Verdict::Fail(format!(
                "cluster {name}'s Kubernetes API endpoint is public (reachable from {from})"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::eks::fixtures::{assert_errors, changed, cluster, run};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;

    #[test]
    fn a_public_endpoint_fails_even_when_narrowed() {
        let open = changed("open", |c| {
            c.endpoint_public_access = true;
            c.public_access_cidrs = vec!["0.0.0.0/0".into()];
        });
        let narrowed = changed("narrowed", |c| {
            c.endpoint_public_access = true;
            c.public_access_cidrs = vec!["203.0.113.0/24".into()];
        });
        let findings = run(
            &ClusterEndpointNotPublic,
            vec![cluster("private"), open, narrowed],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("private".into(), Status::Pass),
                ("open".into(), Status::Fail),
                ("narrowed".into(), Status::Fail),
            ]
        );
        assert!(findings[2].message.contains("203.0.113.0/24"));
        assert_errors(&ClusterEndpointNotPublic);
    }
}
