//! The frameworks checks map to. CIS AWS Foundations Benchmark v3.0.0's and v5.0.0's recommendation
//! ids are kept here as data so that a test can prove every id a check claims really exists, and so that
//! `posture checks --compliance cis_aws_3_0` (or `cis_aws_5_0`) can show coverage, manual recommendations included.

/// How CIS assesses a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Assessment {
    Automated,
    Manual,
}

pub struct Recommendation {
    pub id: &'static str,
    pub title: &'static str,
    pub assessment: Assessment,
}

const fn rec(id: &'static str, assessment: Assessment, title: &'static str) -> Recommendation {
    Recommendation {
        id,
        title,
        assessment,
    }
}

use Assessment::{Automated, Manual};

/// CIS Amazon Web Services Foundations Benchmark v3.0.0, in benchmark order.
pub const CIS_AWS_3_0: &[Recommendation] = &[
    rec("1.1", Manual, "Maintain current contact details"),
    rec(
        "1.2",
        Manual,
        "Ensure security contact information is registered",
    ),
    rec(
        "1.3",
        Manual,
        "Ensure security questions are registered in the AWS account",
    ),
    rec(
        "1.4",
        Automated,
        "Ensure no 'root' user account access key exists",
    ),
    rec(
        "1.5",
        Automated,
        "Ensure MFA is enabled for the 'root' user account",
    ),
    rec(
        "1.6",
        Manual,
        "Ensure hardware MFA is enabled for the 'root' user account",
    ),
    rec(
        "1.7",
        Manual,
        "Eliminate use of the 'root' user for administrative and daily tasks",
    ),
    rec(
        "1.8",
        Automated,
        "Ensure IAM password policy requires minimum length of 14 or greater",
    ),
    rec(
        "1.9",
        Automated,
        "Ensure IAM password policy prevents password reuse",
    ),
    rec(
        "1.10",
        Automated,
        "Ensure MFA is enabled for all IAM users that have a console password",
    ),
    rec(
        "1.11",
        Manual,
        "Do not setup access keys during initial user setup for IAM users with a console password",
    ),
    rec(
        "1.12",
        Automated,
        "Ensure credentials unused for 45 days or greater are disabled",
    ),
    rec(
        "1.13",
        Automated,
        "Ensure there is only one active access key for any single IAM user",
    ),
    rec(
        "1.14",
        Automated,
        "Ensure access keys are rotated every 90 days or less",
    ),
    rec(
        "1.15",
        Automated,
        "Ensure IAM users receive permissions only through groups",
    ),
    rec(
        "1.16",
        Automated,
        "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
    ),
    rec(
        "1.17",
        Automated,
        "Ensure a support role has been created to manage incidents with AWS Support",
    ),
    rec(
        "1.18",
        Manual,
        "Ensure IAM instance roles are used for AWS resource access from instances",
    ),
    rec(
        "1.19",
        Automated,
        "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed",
    ),
    rec(
        "1.20",
        Automated,
        "Ensure that IAM Access Analyzer is enabled for all regions",
    ),
    rec(
        "1.21",
        Manual,
        "Ensure IAM users are managed centrally via identity federation or AWS Organizations",
    ),
    rec(
        "1.22",
        Manual,
        "Ensure access to AWSCloudShellFullAccess is restricted",
    ),
    rec(
        "2.1.1",
        Automated,
        "Ensure S3 bucket policy is set to deny HTTP requests",
    ),
    rec(
        "2.1.2",
        Manual,
        "Ensure MFA Delete is enabled on S3 buckets",
    ),
    rec(
        "2.1.3",
        Manual,
        "Ensure all data in Amazon S3 has been discovered, classified and secured when required",
    ),
    rec(
        "2.1.4",
        Automated,
        "Ensure that S3 buckets are configured with 'Block public access (bucket settings)'",
    ),
    rec(
        "2.2.1",
        Automated,
        "Ensure EBS volume encryption is enabled in all regions",
    ),
    rec(
        "2.3.1",
        Automated,
        "Ensure that encryption-at-rest is enabled for RDS instances",
    ),
    rec(
        "2.3.2",
        Automated,
        "Ensure Auto Minor Version Upgrade feature is enabled for RDS instances",
    ),
    rec(
        "2.3.3",
        Automated,
        "Ensure that public access is not given to RDS instances",
    ),
    rec(
        "2.4.1",
        Automated,
        "Ensure that encryption is enabled for EFS file systems",
    ),
    rec(
        "3.1",
        Automated,
        "Ensure CloudTrail is enabled in all regions",
    ),
    rec(
        "3.2",
        Automated,
        "Ensure CloudTrail log file validation is enabled",
    ),
    rec(
        "3.3",
        Automated,
        "Ensure AWS Config is enabled in all regions",
    ),
    rec(
        "3.4",
        Automated,
        "Ensure that S3 bucket access logging is enabled on the CloudTrail S3 bucket",
    ),
    rec(
        "3.5",
        Automated,
        "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
    ),
    rec(
        "3.6",
        Automated,
        "Ensure rotation for customer-created symmetric CMKs is enabled",
    ),
    rec(
        "3.7",
        Automated,
        "Ensure VPC flow logging is enabled in all VPCs",
    ),
    rec(
        "3.8",
        Automated,
        "Ensure that object-level logging for write events is enabled for S3 buckets",
    ),
    rec(
        "3.9",
        Automated,
        "Ensure that object-level logging for read events is enabled for S3 buckets",
    ),
    rec(
        "4.1",
        Automated,
        "Ensure unauthorized API calls are monitored",
    ),
    rec(
        "4.2",
        Automated,
        "Ensure management console sign-in without MFA is monitored",
    ),
    rec(
        "4.3",
        Automated,
        "Ensure usage of the 'root' account is monitored",
    ),
    rec("4.4", Automated, "Ensure IAM policy changes are monitored"),
    rec(
        "4.5",
        Automated,
        "Ensure CloudTrail configuration changes are monitored",
    ),
    rec(
        "4.6",
        Automated,
        "Ensure AWS Management Console authentication failures are monitored",
    ),
    rec(
        "4.7",
        Automated,
        "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
    ),
    rec(
        "4.8",
        Automated,
        "Ensure S3 bucket policy changes are monitored",
    ),
    rec(
        "4.9",
        Automated,
        "Ensure AWS Config configuration changes are monitored",
    ),
    rec(
        "4.10",
        Automated,
        "Ensure security group changes are monitored",
    ),
    rec(
        "4.11",
        Automated,
        "Ensure Network Access Control List (NACL) changes are monitored",
    ),
    rec(
        "4.12",
        Automated,
        "Ensure changes to network gateways are monitored",
    ),
    rec(
        "4.13",
        Automated,
        "Ensure route table changes are monitored",
    ),
    rec("4.14", Automated, "Ensure VPC changes are monitored"),
    rec(
        "4.15",
        Automated,
        "Ensure AWS Organizations changes are monitored",
    ),
    rec("4.16", Automated, "Ensure AWS Security Hub is enabled"),
    rec(
        "5.1",
        Automated,
        "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
    ),
    rec(
        "5.2",
        Automated,
        "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
    ),
    rec(
        "5.3",
        Automated,
        "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
    ),
    rec(
        "5.4",
        Automated,
        "Ensure the default security group of every VPC restricts all traffic",
    ),
    rec(
        "5.5",
        Manual,
        "Ensure routing tables for VPC peering are \"least access\"",
    ),
    rec(
        "5.6",
        Automated,
        "Ensure that EC2 Metadata Service only allows IMDSv2",
    ),
];

/// CIS Amazon Web Services Foundations Benchmark v5.0.0, in benchmark order, titles shortened.
///
/// Against v3.0 it drops the security-questions item (old 1.3), so the rest of section 1 moves
/// down by one; RDS becomes 2.2 and EFS 2.3; EBS encryption joins EC2 as 5.1.1 beside the new
/// CIFS item 5.1.2, and the network items move to 5.2-5.7. Assessments follow the CIS export as
/// Prowler publishes it (monitoring 4.1-4.15 manual); Steampipe's mod disagrees on 3.1, 3.4 and
/// 4.1 (automated there) and on 5.1.2 (manual there). posture checks the monitoring items anyway,
/// through the CloudWatch route the benchmark describes, which is the one the API can show.
pub const CIS_AWS_5_0: &[Recommendation] = &[
    rec("1.1", Manual, "Account contact details are current"),
    rec("1.2", Manual, "A security contact is registered"),
    rec("1.3", Automated, "The root user has no access key"),
    rec("1.4", Automated, "The root user has MFA"),
    rec("1.5", Manual, "The root user has hardware MFA"),
    rec("1.6", Manual, "The root user is not used for daily work"),
    rec("1.7", Automated, "Password policy: at least 14 characters"),
    rec("1.8", Automated, "Password policy: no password reuse"),
    rec(
        "1.9",
        Automated,
        "Every IAM user with a console password has MFA",
    ),
    rec(
        "1.10",
        Manual,
        "No access key created at setup for console users",
    ),
    rec(
        "1.11",
        Automated,
        "Credentials unused for 45 days are disabled",
    ),
    rec(
        "1.12",
        Automated,
        "At most one active access key per IAM user",
    ),
    rec("1.13", Automated, "Access keys rotated within 90 days"),
    rec(
        "1.14",
        Automated,
        "IAM users get permissions only through groups",
    ),
    rec(
        "1.15",
        Automated,
        "No attached policy grants full \"*:*\" admin",
    ),
    rec(
        "1.16",
        Automated,
        "A support role exists for AWS Support incidents",
    ),
    rec("1.17", Automated, "Instances use IAM roles for AWS access"),
    rec(
        "1.18",
        Automated,
        "No expired TLS certificates stored in IAM",
    ),
    rec(
        "1.19",
        Automated,
        "IAM external access analyzer on in every region",
    ),
    rec(
        "1.20",
        Manual,
        "Users managed centrally (federation or Organizations)",
    ),
    rec("1.21", Manual, "AWSCloudShellFullAccess is restricted"),
    rec("2.1.1", Automated, "Bucket policies deny plain HTTP"),
    rec("2.1.2", Manual, "S3 buckets have MFA Delete"),
    rec(
        "2.1.3",
        Manual,
        "S3 data is discovered, classified and secured",
    ),
    rec("2.1.4", Automated, "S3 Block Public Access is on"),
    rec("2.2.1", Automated, "RDS instances are encrypted at rest"),
    rec("2.2.2", Automated, "RDS auto minor version upgrade is on"),
    rec(
        "2.2.3",
        Automated,
        "RDS instances are not publicly accessible",
    ),
    rec("2.2.4", Manual, "RDS uses Multi-AZ deployments"),
    rec("2.3.1", Automated, "EFS file systems are encrypted"),
    rec("3.1", Manual, "CloudTrail is on in every region"),
    rec("3.2", Automated, "CloudTrail log file validation is on"),
    rec("3.3", Automated, "AWS Config is on in every region"),
    rec(
        "3.4",
        Manual,
        "The CloudTrail bucket has server access logging",
    ),
    rec(
        "3.5",
        Automated,
        "CloudTrail logs are encrypted with KMS keys",
    ),
    rec("3.6", Automated, "Customer symmetric KMS keys rotate"),
    rec("3.7", Automated, "Every VPC has flow logs"),
    rec("3.8", Automated, "S3 object-level write events are logged"),
    rec("3.9", Automated, "S3 object-level read events are logged"),
    rec("4.1", Manual, "Unauthorized API calls are monitored"),
    rec("4.2", Manual, "Console sign-in without MFA is monitored"),
    rec("4.3", Manual, "Root user activity is monitored"),
    rec("4.4", Manual, "IAM policy changes are monitored"),
    rec(
        "4.5",
        Manual,
        "CloudTrail configuration changes are monitored",
    ),
    rec(
        "4.6",
        Manual,
        "Console authentication failures are monitored",
    ),
    rec(
        "4.7",
        Manual,
        "Disabling or deleting customer KMS keys is monitored",
    ),
    rec("4.8", Manual, "S3 bucket policy changes are monitored"),
    rec(
        "4.9",
        Manual,
        "AWS Config configuration changes are monitored",
    ),
    rec("4.10", Manual, "Security group changes are monitored"),
    rec("4.11", Manual, "Network ACL changes are monitored"),
    rec("4.12", Manual, "Network gateway changes are monitored"),
    rec("4.13", Manual, "Route table changes are monitored"),
    rec("4.14", Manual, "VPC changes are monitored"),
    rec("4.15", Manual, "AWS Organizations changes are monitored"),
    rec("4.16", Automated, "Security Hub is enabled"),
    rec(
        "5.1.1",
        Automated,
        "EBS encryption by default in every region",
    ),
    rec(
        "5.1.2",
        Automated,
        "CIFS (port 445) reachable only from trusted networks",
    ),
    rec(
        "5.2",
        Automated,
        "No network ACL opens admin ports to 0.0.0.0/0",
    ),
    rec(
        "5.3",
        Automated,
        "No security group opens admin ports to 0.0.0.0/0",
    ),
    rec(
        "5.4",
        Automated,
        "No security group opens admin ports to ::/0",
    ),
    rec(
        "5.5",
        Automated,
        "Default security groups restrict all traffic",
    ),
    rec("5.6", Manual, "VPC peering routes are least access"),
    rec("5.7", Automated, "Instances require IMDSv2"),
];

/// FSBP control ids follow `<Service>.<number>`; the catalogue cannot list them all, so ids are
/// checked for shape and for consistent severities across checks instead.
pub fn is_fsbp_id(id: &str) -> bool {
    id.split_once('.').is_some_and(|(service, number)| {
        !service.is_empty()
            && service.chars().all(|c| c.is_ascii_alphanumeric())
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
    })
}

/// A compliance framework the catalog maps checks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Framework {
    #[value(name = "cis_aws_3_0")]
    CisAws30,
    #[value(name = "cis_aws_5_0")]
    CisAws50,
    #[value(name = "aws_fsbp")]
    AwsFsbp,
}

impl Framework {
    pub const ALL: [Framework; 3] = [Framework::CisAws30, Framework::CisAws50, Framework::AwsFsbp];

    /// The benchmark's recommendation table, for frameworks that have a fixed one (FSBP has none
    /// here: its ids are checked for shape instead).
    pub fn recommendations(self) -> Option<&'static [Recommendation]> {
        match self {
            Framework::CisAws30 => Some(CIS_AWS_3_0),
            Framework::CisAws50 => Some(CIS_AWS_5_0),
            Framework::AwsFsbp => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Framework::CisAws30 => "cis_aws_3_0",
            Framework::CisAws50 => "cis_aws_5_0",
            Framework::AwsFsbp => "aws_fsbp",
        }
    }
}
