//! EKS: the region's clusters and the control-plane settings the customer chooses (endpoint
//! exposure, secrets encryption, control-plane logging, Kubernetes version).

use aws_config::SdkConfig;
use aws_sdk_eks::Client;
use aws_sdk_eks::types::Cluster;

use super::failed;
use crate::collect::{bounded, record};
use crate::inventory::services::{EksCluster, EksClusterDetails};
use crate::inventory::{Collected, Gap};

const DESCRIBE_CLUSTER: &str = "eks:DescribeCluster";

pub async fn collect(config: &SdkConfig) -> Result<Vec<EksCluster>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let pages = client
        .list_clusters()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("eks:ListClusters"))?;
    let names = pages
        .into_iter()
        .flat_map(|page| page.clusters.unwrap_or_default());
    Ok(bounded(names, |name| async move {
        let described = client.describe_cluster().name(&name).send().await;
        let details = match record(DESCRIBE_CLUSTER, described) {
            Collected::Ok(output) => match output.cluster {
                Some(cluster) => Collected::Ok(details(&cluster)),
                None => Collected::Failed(Gap::new(
                    DESCRIBE_CLUSTER,
                    format!("the answer for cluster {name} holds no cluster"),
                )),
            },
            Collected::Failed(gap) => Collected::Failed(gap),
            Collected::NotCollected => Collected::NotCollected,
        };
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
