//! `eks.cluster_audit_logging_enabled`: every EKS cluster sends its Kubernetes audit log to CloudWatch Logs.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::eks::per_cluster;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct ClusterAuditLoggingEnabled;

impl Check for ClusterAuditLoggingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("eks/cluster_audit_logging_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_cluster(inventory, self.meta(), |name, cluster| {
            let types = &cluster.enabled_log_types;
            let listed = if types.is_empty() {
                "no control-plane log".to_string()
            } else {
                types.join(", ")
            };
            Verdict::holds(
                types.iter().any(|kind| kind.eq_ignore_ascii_case("audit")),
                format!("cluster {name} sends {listed} to CloudWatch Logs"),
            )
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
    fn the_audit_log_type_must_be_enabled() {
        let api_only = changed("api-only", |c| c.enabled_log_types = vec!["api".into()]);
        let none = changed("none", |c| c.enabled_log_types.clear());
        let findings = run(
            &ClusterAuditLoggingEnabled,
            vec![cluster("audited"), api_only, none],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("audited".into(), Status::Pass),
                ("api-only".into(), Status::Fail),
                ("none".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[2].message,
            "cluster none sends no control-plane log to CloudWatch Logs"
        );
        assert_errors(&ClusterAuditLoggingEnabled);
    }
}
