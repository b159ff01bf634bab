//! EKS checks. AWS runs the Kubernetes control plane (its servers, etcd, upgrades when asked); the
//! customer decides who can reach its API endpoint, whether secrets are encrypted with a KMS key,
//! what the control plane logs and which Kubernetes version it runs, and owns the nodes and workloads.

crate::service_checks! {
    cluster_audit_logging_enabled::ClusterAuditLoggingEnabled,
    cluster_endpoint_not_public::ClusterEndpointNotPublic,
    cluster_secrets_encrypted::ClusterSecretsEncrypted,
    cluster_version_supported::ClusterVersionSupported,
}

use crate::catalog::CheckMeta;
use crate::checks::{Subject, per_regional_resource};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::AccountInfo;
use crate::inventory::Inventory;
use crate::inventory::services::{EksCluster, EksClusterDetails};

impl Subject for EksCluster {
    fn resource(&self, account: &AccountInfo, region: &str) -> Resource {
        let arn = self.details.ok().map_or_else(
            || {
                format!(
                    "arn:{}:eks:{region}:{}:cluster/{}",
                    account.partition, account.id, self.name
                )
            },
            |details| details.arn.clone(),
        );
        Resource::new("AwsEksCluster", self.name.clone(), Some(arn), region)
    }
}

/// One finding per cluster from its described settings; a cluster whose `DescribeCluster` failed
/// is an ERROR naming it.
pub fn per_cluster(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&str, &EksClusterDetails) -> Verdict,
) -> Vec<Finding> {
    per_regional_resource(
        inventory,
        meta,
        |r| &r.services.eks_clusters,
        |_, cluster| {
            Some(
                cluster
                    .details
                    .get()
                    .map(|details| judge(&cluster.name, details)),
            )
        },
    )
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, assert_failed_region, failed, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::{EksCluster, EksClusterDetails};

    /// A private, encrypted, audit-logging cluster on 1.35.
    pub fn cluster(name: &str) -> EksCluster {
        EksCluster {
            name: name.into(),
            details: Collected::Ok(EksClusterDetails {
                arn: format!("arn:aws:eks:{REGION}:{ACCOUNT}:cluster/{name}"),
                version: Some("1.35".into()),
                endpoint_public_access: false,
                public_access_cidrs: Vec::new(),
                secrets_key_arn: Some(format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/k")),
                enabled_log_types: vec!["api".into(), "audit".into()],
            }),
        }
    }

    /// `cluster(name)` with its details changed by `change`.
    pub fn changed(name: &str, change: impl FnOnce(&mut EksClusterDetails)) -> EksCluster {
        let mut cluster = cluster(name);
        if let Collected::Ok(details) = &mut cluster.details {
            change(details);
        }
        cluster
    }

    pub fn run(check: &dyn Check, clusters: Vec<EksCluster>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.eks_clusters = Collected::Ok(clusters));
        check.evaluate(&inventory, &Settings::default())
    }

    /// ERROR on a cluster that could not be described, and on the region when none were listed.
    pub fn assert_errors(check: &dyn Check) {
        let unread = EksCluster {
            name: "unread".into(),
            details: failed("eks:DescribeCluster"),
        };
        let findings = run(check, vec![unread]);
        assert_eq!(findings[0].status, crate::finding::Status::Error);
        assert!(findings[0].message.contains("eks:DescribeCluster failed"));
        let inventory =
            regional(|region| region.services.eks_clusters = failed("eks:ListClusters"));
        assert_failed_region(
            &check.evaluate(&inventory, &Settings::default()),
            "eks:ListClusters",
        );
    }
}
