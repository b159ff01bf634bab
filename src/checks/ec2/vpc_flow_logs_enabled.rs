//! `ec2.vpc_flow_logs_enabled`: every VPC has a flow log attached to the VPC itself.
//!
//! Flow logs on single subnets or interfaces do not count: they leave the rest of the VPC unseen.
//! The verdict joins two collections: VPCs (a region ERROR when they failed) and flow logs (an
//! ERROR for each VPC when they failed, since no VPC can then be judged).

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::ec2::{Verdict, per_resource};
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::inventory::ec2::{FlowLog, Vpc};

pub struct VpcFlowLogsEnabled;

impl Check for VpcFlowLogsEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/vpc_flow_logs_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_resource(
            inventory,
            self.meta(),
            |ec2| &ec2.vpcs,
            |ec2, vpc| {
                Some(match ec2.flow_logs.get() {
                    Err(gap) => Verdict::Unknown(gap),
                    Ok(flow_logs) => judge(vpc, flow_logs),
                })
            },
        )
    }
}

fn judge(vpc: &Vpc, flow_logs: &[FlowLog]) -> Verdict {
    let watching: Vec<String> = flow_logs
        .iter()
        .filter(|log| log.resource_id == vpc.id)
        .map(|log| match &log.status {
            Some(status) => format!("{} ({status})", log.id),
            None => log.id.clone(),
        })
        .collect();
    let kind = if vpc.is_default { "default VPC " } else { "" };
    if watching.is_empty() {
        Verdict::Fail(format!(
            "{kind}{} has no flow log capturing its traffic",
            vpc.id
        ))
    } else {
        Verdict::Pass(format!(
            "{kind}{} has flow log {}",
            vpc.id,
            watching.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_region_error, flow_log, run, vpc};
    use crate::checks::fixtures::{failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn passes_only_for_a_flow_log_on_the_vpc_itself() {
        let findings = run(&VpcFlowLogsEnabled, |ec2| {
            ec2.vpcs = Collected::Ok(vec![
                vpc("vpc-logged"),
                Vpc {
                    is_default: true,
                    ..vpc("vpc-subnet-only")
                },
            ]);
            ec2.flow_logs = Collected::Ok(vec![
                flow_log("fl-1", "vpc-logged"),
                flow_log("fl-2", "subnet-0abc"),
            ]);
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("vpc-logged".to_string(), Status::Pass),
                ("vpc-subnet-only".to_string(), Status::Fail),
            ]
        );
        assert_eq!(findings[0].message, "vpc-logged has flow log fl-1 (ACTIVE)");
        assert_eq!(
            findings[1].message,
            "default VPC vpc-subnet-only has no flow log capturing its traffic"
        );
        assert_eq!(
            findings[1].resource.arn.as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:vpc/vpc-subnet-only")
        );
    }

    #[test]
    fn errors_per_vpc_when_flow_logs_failed_and_per_region_when_vpcs_failed() {
        let findings = run(&VpcFlowLogsEnabled, |ec2| {
            ec2.vpcs = Collected::Ok(vec![vpc("vpc-a"), vpc("vpc-b")]);
            ec2.flow_logs = failed("ec2:DescribeFlowLogs");
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("vpc-a".to_string(), Status::Error),
                ("vpc-b".to_string(), Status::Error),
            ]
        );
        assert_region_error(&VpcFlowLogsEnabled, |ec2| {
            ec2.vpcs = failed("ec2:DescribeVpcs");
            ec2.flow_logs = Collected::Ok(vec![]);
        });
    }
}
