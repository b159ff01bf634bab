//! EKS: the region's clusters and the control-plane settings the customer chooses (endpoint
//! exposure, secrets encryption, control-plane logging, Kubernetes version).

use aws_sdk_eks::types::Cluster;

use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::{EksCluster, EksClusterDetails};
use crate::inventory::{Collected, Gap};

const DESCRIBE_CLUSTER: &str = "eks:DescribeCluster";

pub async fn collect(calls: &Calls) -> Result<Vec<EksCluster>, Gap> {
    let client = client!(aws_sdk_eks, calls);
    let client = &client;
    let listing = client.list_clusters().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("eks:ListClusters", listing).await?;
    let names = pages
        .into_iter()
        .flat_map(|page| page.clusters.unwrap_or_default());
    Ok(bounded(names, |name| async move {
        let described = calls
            .call(
                DESCRIBE_CLUSTER,
                client.describe_cluster().name(&name).send(),
            )
            .await
            .and_then(|output| {
                output.cluster.ok_or_else(|| {
                    Gap::new(
                        DESCRIBE_CLUSTER,
                        format!("the answer for cluster {name} holds no cluster"),
                    )
                })
            });
        let details = Collected::from(described.map(|cluster| details(&cluster)));
        EksCluster { details, name }
    })
    .await)
}

fn details(cluster: &Cluster) -> EksClusterDetails {
    let vpc = cluster.resources_vpc_config();
    EksClusterDetails {
        arn: cluster.arn().unwrap_or_default().to_string(),
        version: cluster.version().map(str::to_string),
        endpoint_public_access: vpc.is_some_and(|vpc| vpc.endpoint_public_access()),
        public_access_cidrs: vpc
            .map(|vpc| vpc.public_access_cidrs().to_vec())
            .unwrap_or_default(),
        // The resources list is deprecated: EKS now encrypts all API data, and a configured
        // provider key is what says the customer's own KMS key wraps it.
        secrets_key_arn: cluster
            .encryption_config()
            .iter()
            .find_map(|config| config.provider().and_then(|provider| provider.key_arn()))
            .map(str::to_string),
        enabled_log_types: cluster
            .logging()
            .map(|logging| {
                logging
                    .cluster_logging()
                    .iter()
                    .filter(|setup| setup.enabled() == Some(true))
                    .flat_map(|setup| setup.types())
                    .map(|kind| kind.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default(),
    }
}
