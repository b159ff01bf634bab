//! EC2 and VPC in one region: security groups, VPCs, network ACLs, instances, volumes, snapshots,
//! EBS encryption by default, flow logs.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{IpPermission, SnapshotAttributeName, Tag};

use super::calls::{Calls, client};
use super::{bounded, only_if};
use crate::inventory::ec2::{
    Ec2Region, FlowLog, Instance, NaclEntry, NetworkAcl, Permission, SecurityGroup, Snapshot,
    Volume, Vpc,
};
use crate::inventory::{Collected, Source};

/// Collects the EC2 parts among `parts`; the others stay not collected and cost no call.
pub async fn collect(calls: &Calls, account_id: &str, parts: &[Source]) -> Ec2Region {
    let client = client!(aws_sdk_ec2, calls);
    let client = &client;
    let wants = |part: Source| parts.contains(&part);
    let (
        security_groups,
        vpcs,
        network_acls,
        instances,
        volumes,
        snapshots,
        ebs_encryption_by_default,
        flow_logs,
    ) = tokio::join!(
        only_if(
            wants(Source::Ec2SecurityGroups),
            security_groups(calls, client)
        ),
        only_if(wants(Source::Ec2Vpcs), vpcs(calls, client)),
        only_if(wants(Source::Ec2NetworkAcls), network_acls(calls, client)),
        only_if(wants(Source::Ec2Instances), instances(calls, client)),
        only_if(wants(Source::Ec2Volumes), volumes(calls, client)),
        only_if(
            wants(Source::Ec2Snapshots),
            snapshots(calls, client, account_id)
        ),
        only_if(wants(Source::Ec2EbsEncryptionByDefault), async {
            let answer = calls
                .call(
                    "ec2:GetEbsEncryptionByDefault",
                    client.get_ebs_encryption_by_default().send(),
                )
                .await;
            Collected::from(answer.map(|o| o.ebs_encryption_by_default().unwrap_or(false)))
        }),
        only_if(wants(Source::Ec2FlowLogs), flow_logs(calls, client)),
    );
    Ec2Region {
        security_groups,
        vpcs,
        network_acls,
        instances,
        volumes,
        snapshots,
        ebs_encryption_by_default,
        flow_logs,
    }
}

fn tags(tags: &[Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .filter_map(|tag| {
            Some((
                tag.key()?.to_string(),
                tag.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

fn permission(permission: &IpPermission) -> Permission {
    Permission {
        protocol: permission.ip_protocol().unwrap_or("-1").to_string(),
        from_port: permission.from_port(),
        to_port: permission.to_port(),
        ipv4_ranges: permission
            .ip_ranges()
            .iter()
            .filter_map(|r| r.cidr_ip().map(str::to_string))
            .collect(),
        ipv6_ranges: permission
            .ipv6_ranges()
            .iter()
            .filter_map(|r| r.cidr_ipv6().map(str::to_string))
            .collect(),
        prefix_lists: permission
            .prefix_list_ids()
            .iter()
            .filter_map(|p| p.prefix_list_id().map(str::to_string))
            .collect(),
        security_groups: permission
            .user_id_group_pairs()
            .iter()
            .filter_map(|p| p.group_id().map(str::to_string))
            .collect(),
    }
}

async fn security_groups(calls: &Calls, client: &Client) -> Collected<Vec<SecurityGroup>> {
    Collected::from(
        calls
            .listing(
                "ec2:DescribeSecurityGroups",
                client
                    .describe_security_groups()
                    .into_paginator()
                    .send()
                    .collect(),
                |page| page.security_groups(),
                |group| SecurityGroup {
                    id: group.group_id().unwrap_or_default().to_string(),
                    name: group.group_name().unwrap_or_default().to_string(),
                    vpc_id: group.vpc_id().map(str::to_string),
                    ingress: group.ip_permissions().iter().map(permission).collect(),
                    egress: group
                        .ip_permissions_egress()
                        .iter()
                        .map(permission)
                        .collect(),
                    tags: tags(group.tags()),
                },
            )
            .await,
    )
}

async fn vpcs(calls: &Calls, client: &Client) -> Collected<Vec<Vpc>> {
    Collected::from(
        calls
            .listing(
                "ec2:DescribeVpcs",
                client.describe_vpcs().into_paginator().send().collect(),
                |page| page.vpcs(),
                |vpc| Vpc {
                    id: vpc.vpc_id().unwrap_or_default().to_string(),
                    is_default: vpc.is_default().unwrap_or(false),
                    cidr_block: vpc.cidr_block().map(str::to_string),
                    tags: tags(vpc.tags()),
                },
            )
            .await,
    )
}

async fn network_acls(calls: &Calls, client: &Client) -> Collected<Vec<NetworkAcl>> {
    Collected::from(
        calls
            .listing(
                "ec2:DescribeNetworkAcls",
                client
                    .describe_network_acls()
                    .into_paginator()
                    .send()
                    .collect(),
                |page| page.network_acls(),
                |acl| NetworkAcl {
                    id: acl.network_acl_id().unwrap_or_default().to_string(),
                    vpc_id: acl.vpc_id().map(str::to_string),
                    is_default: acl.is_default().unwrap_or(false),
                    entries: acl
                        .entries()
                        .iter()
                        .map(|entry| NaclEntry {
                            rule_number: entry.rule_number().unwrap_or(i32::MAX),
                            egress: entry.egress().unwrap_or(false),
                            protocol: entry.protocol().unwrap_or("-1").to_string(),
                            allow: entry
                                .rule_action()
                                .is_some_and(|action| action.as_str() == "allow"),
                            ipv4_cidr: entry.cidr_block().map(str::to_string),
                            ipv6_cidr: entry.ipv6_cidr_block().map(str::to_string),
                            from_port: entry.port_range().and_then(|range| range.from()),
                            to_port: entry.port_range().and_then(|range| range.to()),
                        })
                        .collect(),
                    tags: tags(acl.tags()),
                },
            )
            .await,
    )
}

async fn instances(calls: &Calls, client: &Client) -> Collected<Vec<Instance>> {
    // Instances come grouped in reservations: convert each reservation's, then flatten.
    let reservations = calls
        .listing(
            "ec2:DescribeInstances",
            client
                .describe_instances()
                .into_paginator()
                .send()
                .collect(),
            |page| page.reservations(),
            |reservation| {
                reservation
                    .instances()
                    .iter()
                    .map(instance)
                    .collect::<Vec<_>>()
            },
        )
        .await;
    Collected::from(reservations.map(|reservations| reservations.into_iter().flatten().collect()))
}

fn instance(instance: &aws_sdk_ec2::types::Instance) -> Instance {
    let metadata = instance.metadata_options();
    Instance {
        id: instance.instance_id().unwrap_or_default().to_string(),
        state: instance
            .state()
            .and_then(|state| state.name())
            .map(|name| name.as_str().to_string())
            .unwrap_or_default(),
        http_tokens: metadata
            .and_then(|m| m.http_tokens())
            .map(|t| t.as_str().to_string()),
        http_endpoint: metadata
            .and_then(|m| m.http_endpoint())
            .map(|e| e.as_str().to_string()),
        instance_profile_arn: instance
            .iam_instance_profile()
            .and_then(|p| p.arn())
            .map(str::to_string),
        public_ip: instance.public_ip_address().map(str::to_string),
        tags: tags(instance.tags()),
    }
}

async fn volumes(calls: &Calls, client: &Client) -> Collected<Vec<Volume>> {
    Collected::from(
        calls
            .listing(
                "ec2:DescribeVolumes",
                client.describe_volumes().into_paginator().send().collect(),
                |page| page.volumes(),
                |volume| Volume {
                    id: volume.volume_id().unwrap_or_default().to_string(),
                    encrypted: volume.encrypted().unwrap_or(false),
                    state: volume
                        .state()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    tags: tags(volume.tags()),
                },
            )
            .await,
    )
}

/// The account's own snapshots, each with whether `createVolumePermission` is open to `all`.
/// A second listing, restricted to snapshots restorable by `all`, names the public ones (AWS
/// documents that filter as "all for public snapshots"); only those are confirmed with a
/// `DescribeSnapshotAttribute` call, so a private snapshot costs no call of its own. An endpoint
/// that ignores the filter (moto, LocalStack) lists every snapshot there, and each is confirmed
/// the same way; if that listing fails, every snapshot is.
async fn snapshots(calls: &Calls, client: &Client, account_id: &str) -> Collected<Vec<Snapshot>> {
    let owned = calls.listing(
        "ec2:DescribeSnapshots",
        client
            .describe_snapshots()
            .owner_ids("self")
            .into_paginator()
            .send()
            .collect(),
        |page| page.snapshots(),
        |s| {
            (
                s.owner_id() == Some(account_id),
                s.snapshot_id().unwrap_or_default().to_string(),
                s.encrypted().unwrap_or(false),
                tags(s.tags()),
            )
        },
    );
    let restorable_by_all = calls.listing(
        "ec2:DescribeSnapshots",
        client
            .describe_snapshots()
            .owner_ids("self")
            .restorable_by_user_ids("all")
            .into_paginator()
            .send()
            .collect(),
        |page| page.snapshots(),
        |s| s.snapshot_id().unwrap_or_default().to_string(),
    );
    let (listed, restorable_by_all) = tokio::join!(owned, restorable_by_all);
    let listed = match listed {
        Ok(listed) => listed,
        Err(gap) => return Collected::Failed(gap),
    };
    let maybe_public: Option<BTreeSet<String>> =
        restorable_by_all.ok().map(|ids| ids.into_iter().collect());
    // Some endpoints ignore the OwnerIds filter; audit only what this account owns.
    let owned = listed.into_iter().filter(|(owned, ..)| *owned);
    let maybe_public = &maybe_public;
    let snapshots = bounded(owned, |(_, id, encrypted, tags)| async move {
        let confirm = maybe_public
            .as_ref()
            .is_none_or(|candidates| candidates.contains(&id));
        let public = if confirm {
            Collected::from(public_by_attribute(calls, client, &id).await)
        } else {
            Collected::Ok(false)
        };
        Snapshot {
            id,
            encrypted,
            public,
            tags,
        }
    })
    .await;
    Collected::Ok(snapshots)
}

/// Whether the snapshot's `createVolumePermission` names the `all` group.
async fn public_by_attribute(
    calls: &Calls,
    client: &Client,
    id: &str,
) -> Result<bool, crate::inventory::Gap> {
    let attribute = calls
        .call(
            "ec2:DescribeSnapshotAttribute",
            client
                .describe_snapshot_attribute()
                .snapshot_id(id)
                .attribute(SnapshotAttributeName::CreateVolumePermission)
                .send(),
        )
        .await?;
    Ok(attribute
        .create_volume_permissions()
        .iter()
        .any(|permission| {
            permission
                .group()
                .is_some_and(|group| group.as_str() == "all")
        }))
}

async fn flow_logs(calls: &Calls, client: &Client) -> Collected<Vec<FlowLog>> {
    Collected::from(
        calls
            .listing(
                "ec2:DescribeFlowLogs",
                client
                    .describe_flow_logs()
                    .into_paginator()
                    .send()
                    .collect(),
                |page| page.flow_logs(),
                |log| FlowLog {
                    id: log.flow_log_id().unwrap_or_default().to_string(),
                    resource_id: log.resource_id().unwrap_or_default().to_string(),
                    status: log.flow_log_status().map(str::to_string),
                    traffic_type: log.traffic_type().map(|t| t.as_str().to_string()),
                },
            )
            .await,
    )
}
