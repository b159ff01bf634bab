//! EC2 and VPC checks, and how their resources appear in findings. The rule arithmetic they share
//! lives in [`crate::network`].

crate::service_checks! {
    default_sg_restricts_all::DefaultSgRestrictsAll,
    ebs_encryption_by_default::EbsEncryptionByDefault,
    ebs_snapshot_not_public::EbsSnapshotNotPublic,
    ebs_volume_encrypted::EbsVolumeEncrypted,
    instance_imdsv2_required::InstanceImdsv2Required,
    instance_profile_attached::InstanceProfileAttached,
    nacl_no_admin_ports_open::NaclNoAdminPortsOpen,
    sg_no_admin_ports_open_ipv4::SgNoAdminPortsOpenIpv4,
    sg_no_admin_ports_open_ipv6::SgNoAdminPortsOpenIpv6,
    sg_no_all_traffic_open::SgNoAllTrafficOpen,
    sg_no_cifs_port_open::SgNoCifsPortOpen,
    sg_no_high_risk_ports_open::SgNoHighRiskPortsOpen,
    vpc_flow_logs_enabled::VpcFlowLogsEnabled,
}

use std::collections::BTreeMap;

use crate::catalog::CheckMeta;
use crate::checks::{Subject, per_regional_resource};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::AccountInfo;
use crate::inventory::Inventory;
use crate::inventory::ec2::{Instance, NetworkAcl, SecurityGroup, Snapshot, Volume, Vpc};
use crate::network::{IpFamily, admin_port_exposures};

/// How EC2 and VPC resources appear in findings: their Security Hub type and ARN.
trait Ec2Kind {
    /// The Security Hub resource type, e.g. `AwsEc2SecurityGroup`.
    const KIND: &'static str;
    /// The resource-type segment of the ARN, e.g. `security-group`.
    const ARN_TYPE: &'static str;
    /// Snapshot ARNs leave the account field empty; every other EC2 ARN names the owner.
    const ARN_NAMES_ACCOUNT: bool = true;

    fn id(&self) -> &str;
    fn tags(&self) -> &BTreeMap<String, String>;

    /// A name that is not a tag (a security group's name); otherwise the `Name` tag names it.
    fn name(&self) -> Option<&str> {
        None
    }
}

/// `arn:{partition}:ec2:{region}:{account}:{type}/{id}`, with its name and tags.
fn ec2_resource<T: Ec2Kind>(item: &T, account: &AccountInfo, region: &str) -> Resource {
    let owner = if T::ARN_NAMES_ACCOUNT {
        account.id.as_str()
    } else {
        ""
    };
    let arn = format!(
        "arn:{}:ec2:{region}:{owner}:{}/{}",
        account.partition,
        T::ARN_TYPE,
        item.id()
    );
    let resource = Resource::new(T::KIND, item.id(), Some(arn), region);
    match item.name() {
        Some(name) => resource.named(name).with_tags(item.tags()),
        None => resource.with_tags(item.tags()),
    }
}

macro_rules! ec2_subject {
    ($type:ty, $kind:literal, $arn_type:literal $(, $names_account:literal)? $(; name = $name:ident)?) => {
        impl Ec2Kind for $type {
            const KIND: &'static str = $kind;
            const ARN_TYPE: &'static str = $arn_type;
            $(const ARN_NAMES_ACCOUNT: bool = $names_account;)?

            fn id(&self) -> &str {
                &self.id
            }

            fn tags(&self) -> &BTreeMap<String, String> {
                &self.tags
            }

            $(fn name(&self) -> Option<&str> {
                Some(&self.$name)
            })?
        }

        impl Subject for $type {
            fn resource(&self, account: &AccountInfo, region: &str) -> Resource {
                ec2_resource(self, account, region)
            }
        }
    };
}

ec2_subject!(SecurityGroup, "AwsEc2SecurityGroup", "security-group"; name = name);
ec2_subject!(NetworkAcl, "AwsEc2NetworkAcl", "network-acl");
ec2_subject!(Instance, "AwsEc2Instance", "instance");
ec2_subject!(Volume, "AwsEc2Volume", "volume");
ec2_subject!(Snapshot, "AwsEc2Snapshot", "snapshot", false);
ec2_subject!(Vpc, "AwsEc2Vpc", "vpc");

/// `sg-1 (web)`: how messages name a security group.
pub fn group_label(group: &SecurityGroup) -> String {
    format!("{} ({})", group.id, group.name)
}

/// The shared evaluator of the "nothing open to the internet" group checks: one finding per group,
/// PASS when `find` reports no exposure (the message then says it `admits` nothing of the kind),
/// FAIL listing every exposure otherwise.
pub fn evaluate_group_exposures(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    admits_none_of: &str,
    find: impl Fn(&SecurityGroup) -> Vec<String>,
) -> Vec<Finding> {
    per_regional_resource(
        inventory,
        meta,
        |regional| &regional.ec2.security_groups,
        |_, group| {
            let exposures = find(group);
            let label = group_label(group);
            Some(if exposures.is_empty() {
                Verdict::Pass(format!("{label} admits no {admits_none_of}"))
            } else {
                Verdict::Fail(format!("{label} allows {}", exposures.join("; ")))
            })
        },
    )
}

/// The one evaluator behind `sg_no_admin_ports_open_ipv4` and `_ipv6`: they differ only in family.
pub fn evaluate_admin_ports(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    family: IpFamily,
) -> Vec<Finding> {
    let admits_none_of = format!("SSH or RDP from {}", family.internet());
    evaluate_group_exposures(inventory, meta, &admits_none_of, |group| {
        admin_port_exposures(group, family)
    })
}

/// Whether an EC2 instance still exists for the purpose of an audit.
pub fn is_live(instance: &Instance) -> bool {
    !instance.state.eq_ignore_ascii_case("terminated")
}

#[cfg(test)]
pub mod fixtures {
    use std::collections::BTreeMap;

    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::{Finding, Status};
    use crate::inventory::Collected;
    use crate::inventory::ec2::{
        Ec2Region, FlowLog, Instance, NaclEntry, NetworkAcl, Permission, SecurityGroup, Snapshot,
        Volume, Vpc,
    };

    pub fn group(id: &str, ingress: Vec<Permission>) -> SecurityGroup {
        SecurityGroup {
            id: id.into(),
            name: format!("{id}-name"),
            vpc_id: Some("vpc-1".into()),
            ingress,
            egress: vec![],
            tags: BTreeMap::new(),
        }
    }

    pub fn rule(
        protocol: &str,
        from: Option<i32>,
        to: Option<i32>,
        v4: &[&str],
        v6: &[&str],
    ) -> Permission {
        Permission {
            protocol: protocol.into(),
            from_port: from,
            to_port: to,
            ipv4_ranges: v4.iter().map(|s| s.to_string()).collect(),
            ipv6_ranges: v6.iter().map(|s| s.to_string()).collect(),
            ..Permission::default()
        }
    }

    /// An ingress entry; a source containing `:` is IPv6.
    pub fn entry(
        rule_number: i32,
        protocol: &str,
        ports: Option<(i32, i32)>,
        source: &str,
        allow: bool,
    ) -> NaclEntry {
        let v6 = source.contains(':');
        NaclEntry {
            rule_number,
            egress: false,
            protocol: protocol.into(),
            allow,
            ipv4_cidr: (!v6).then(|| source.to_string()),
            ipv6_cidr: v6.then(|| source.to_string()),
            from_port: ports.map(|(from, _)| from),
            to_port: ports.map(|(_, to)| to),
        }
    }

    pub fn acl(id: &str, entries: Vec<NaclEntry>) -> NetworkAcl {
        NetworkAcl {
            id: id.into(),
            vpc_id: Some("vpc-1".into()),
            is_default: false,
            entries,
            tags: BTreeMap::new(),
        }
    }

    pub fn instance(id: &str, state: &str) -> Instance {
        Instance {
            id: id.into(),
            state: state.into(),
            http_tokens: Some("required".into()),
            http_endpoint: Some("enabled".into()),
            instance_profile_arn: None,
            public_ip: None,
            tags: BTreeMap::new(),
        }
    }

    pub fn volume(id: &str, encrypted: bool) -> Volume {
        Volume {
            id: id.into(),
            encrypted,
            state: "in-use".into(),
            tags: BTreeMap::new(),
        }
    }

    pub fn snapshot(id: &str, public: Collected<bool>) -> Snapshot {
        Snapshot {
            id: id.into(),
            encrypted: false,
            public,
            tags: BTreeMap::new(),
        }
    }

    pub fn vpc(id: &str) -> Vpc {
        Vpc {
            id: id.into(),
            is_default: false,
            cidr_block: Some("10.0.0.0/16".into()),
            tags: BTreeMap::new(),
        }
    }

    pub fn flow_log(id: &str, resource_id: &str) -> FlowLog {
        FlowLog {
            id: id.into(),
            resource_id: resource_id.into(),
            status: Some("ACTIVE".into()),
            traffic_type: Some("ALL".into()),
        }
    }

    /// Runs `check` over one region whose EC2 data `fill` sets, with default settings.
    pub fn run(check: &dyn Check, fill: impl FnOnce(&mut Ec2Region)) -> Vec<Finding> {
        let inventory = regional(|region| fill(&mut region.ec2));
        check.evaluate(&inventory, &Settings::default())
    }

    /// Runs `check` over these security groups.
    pub fn run_groups(check: &dyn Check, groups: Vec<SecurityGroup>) -> Vec<Finding> {
        run(check, |ec2| ec2.security_groups = Collected::Ok(groups))
    }

    /// Asserts that `check` yields exactly one ERROR, on the region, when `fill` leaves what it
    /// needs uncollected.
    pub fn assert_region_error(check: &dyn Check, fill: impl FnOnce(&mut Ec2Region)) {
        let findings = run(check, fill);
        assert_eq!(
            verdicts(&findings),
            vec![(format!("{ACCOUNT}/{REGION}"), Status::Error)]
        );
        assert!(findings[0].message.contains("AccessDenied"), "{findings:?}");
    }

    /// Asserts that a security-group check yields one region ERROR when the groups failed.
    pub fn assert_groups_error(check: &dyn Check) {
        assert_region_error(check, |ec2| {
            ec2.security_groups = failed("ec2:DescribeSecurityGroups")
        });
    }

    /// The findings' statuses, in order.
    pub fn statuses(findings: &[Finding]) -> Vec<Status> {
        findings.iter().map(|f| f.status).collect()
    }

    /// Asserts every finding has `status`, with the findings in the failure message.
    pub fn assert_all(findings: &[Finding], status: Status) {
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|f| f.status == status), "{findings:#?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::Collected;

    #[test]
    fn snapshot_arns_leave_the_account_out() {
        let account = AccountInfo {
            id: "111122223333".into(),
            partition: "aws-cn".into(),
            caller_arn: String::new(),
        };
        let snap = fixtures::snapshot("snap-1", Collected::Ok(false));
        assert_eq!(
            snap.resource(&account, "cn-north-1").arn.as_deref(),
            Some("arn:aws-cn:ec2:cn-north-1::snapshot/snap-1")
        );
        let vpc = fixtures::vpc("vpc-1");
        assert_eq!(
            vpc.resource(&account, "cn-north-1").arn.as_deref(),
            Some("arn:aws-cn:ec2:cn-north-1:111122223333:vpc/vpc-1")
        );
    }
}
