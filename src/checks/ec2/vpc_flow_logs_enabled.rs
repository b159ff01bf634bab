//! `ec2.vpc_flow_logs_enabled`: every VPC has a flow log attached to the VPC itself.
//!
//! Flow logs on single subnets or interfaces do not count: they leave the rest of the VPC unseen.
//! Nor does a log that is not active, or one that records only accepted traffic: CIS 3.7 asks
//! for rejected traffic at least, the evidence of probing and blocked attacks.
//! The verdict joins two collections: VPCs (a region ERROR when they failed) and flow logs (an
//! ERROR for each VPC when they failed, since no VPC can then be judged).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::Finding;
use crate::finding::Verdict;
use crate::inventory::ec2::{FlowLog, Vpc};
use crate::inventory::{Inventory, Source};

pub struct VpcFlowLogsEnabled;

impl Check for VpcFlowLogsEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/vpc_flow_logs_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2Vpcs, Source::Ec2FlowLogs]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |regional| &regional.ec2.vpcs,
            |regional, vpc| {
                Some(match regional.ec2.flow_logs.get() {
                    Err(gap) => Verdict::Unknown(gap),
                    Ok(flow_logs) => judge(vpc, flow_logs),
                })
            },
        )
    }
}

/// Whether a flow log on the VPC records what CIS 3.7 and EC2.6 need: active, with rejected
/// traffic (`REJECT` or `ALL`). An endpoint that does not report status or type is given the
/// benefit of the doubt for that field only.
fn records_rejected_traffic(log: &FlowLog) -> bool {
    let active = log
        .status
        .as_deref()
        .is_none_or(|status| status.eq_ignore_ascii_case("ACTIVE"));
    let rejected = log
        .traffic_type
        .as_deref()
        .is_none_or(|kind| kind.eq_ignore_ascii_case("ALL") || kind.eq_ignore_ascii_case("REJECT"));
    active && rejected
}

fn describe(log: &FlowLog) -> String {
    let details: Vec<&str> = [log.status.as_deref(), log.traffic_type.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if details.is_empty() {
        log.id.clone()
    } else {
        format!("{} ({})", log.id, details.join(", "))
    }
}

fn judge(vpc: &Vpc, flow_logs: &[FlowLog]) -> Verdict {
    let (watching, partial): (Vec<&FlowLog>, Vec<&FlowLog>) = flow_logs
        .iter()
        .filter(|log| log.resource_id == vpc.id)
        .partition(|log| records_rejected_traffic(log));
    let kind = if vpc.is_default { "default VPC " } else { "" };
    let list = |logs: &[&FlowLog]| {
        logs.iter()
            .map(|log| describe(log))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !watching.is_empty() {
        Verdict::Pass(format!("{kind}{} has flow log {}", vpc.id, list(&watching)))
    } else if !partial.is_empty() {
        Verdict::Fail(format!(
            "{kind}{} has flow log {} but none active and recording rejected traffic",
            vpc.id,
            list(&partial)
        ))
    } else {
        Verdict::Fail(format!(
            "{kind}{} has no flow log capturing its traffic",
            vpc.id
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
        assert_eq!(
            findings[0].message,
            "vpc-logged has flow log fl-1 (ACTIVE, ALL)"
        );
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
    fn an_inactive_or_accept_only_flow_log_does_not_count() {
        let findings = run(&VpcFlowLogsEnabled, |ec2| {
            ec2.vpcs = Collected::Ok(vec![
                vpc("vpc-accept-only"),
                vpc("vpc-failed-log"),
                vpc("vpc-rejects"),
            ]);
            ec2.flow_logs = Collected::Ok(vec![
                FlowLog {
                    traffic_type: Some("ACCEPT".into()),
                    ..flow_log("fl-1", "vpc-accept-only")
                },
                FlowLog {
                    status: Some("FAILED".into()),
                    ..flow_log("fl-2", "vpc-failed-log")
                },
                FlowLog {
                    traffic_type: Some("REJECT".into()),
                    ..flow_log("fl-3", "vpc-rejects")
                },
            ]);
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("vpc-accept-only".to_string(), Status::Fail),
                ("vpc-failed-log".to_string(), Status::Fail),
                ("vpc-rejects".to_string(), Status::Pass),
            ]
        );
        assert_eq!(
            findings[0].message,
            "vpc-accept-only has flow log fl-1 (ACTIVE, ACCEPT) but none active and recording rejected traffic"
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
