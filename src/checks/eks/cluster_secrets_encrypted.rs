//! `eks.cluster_secrets_encrypted`: every EKS cluster envelope-encrypts Kubernetes secrets with a customer KMS key.
//!
//! EKS now envelope-encrypts all Kubernetes API data with a key AWS owns; Security Hub's EKS.3 still
//! asks for a KMS key in the customer's account, the one the customer can audit, rotate and revoke.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::eks::per_cluster;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct ClusterSecretsEncrypted;

impl Check for ClusterSecretsEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("eks/cluster_secrets_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_cluster(inventory, self.meta(), |name, cluster| {
            match &cluster.secrets_key_arn {
                Some(key) => Verdict::Pass(format!(
                    "cluster {name} encrypts Kubernetes secrets with KMS key {key}"
                )),
                None => Verdict::Fail(format!(
                    "cluster {name} wraps Kubernetes secrets only with EKS's default AWS-owned key, \
                     not a KMS key of this account"
                )),
            }
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
    fn a_secrets_key_decides() {
        let plain = changed("plain", |c| c.secrets_key_arn = None);
        let findings = run(&ClusterSecretsEncrypted, vec![cluster("encrypted"), plain]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("encrypted".into(), Status::Pass),
                ("plain".into(), Status::Fail)
            ]
        );
        assert_errors(&ClusterSecretsEncrypted);
    }
}
