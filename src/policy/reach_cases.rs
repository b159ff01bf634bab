//! The reach analysis over a table of policy documents. Each case names where its document (or the
//! rule it exercises) comes from: an AWS documentation example, a Security Hub control's definition,
//! or a published technique. The policy's own account is 111122223333 throughout.

use serde_json::{Value, json};

use super::PolicyDocument;
use super::reach::analyse;

const OWN: &str = "111122223333";

struct Case {
    name: &'static str,
    source: &'static str,
    statements: Value,
    /// The reach code of every surviving grant, in document order.
    expected: &'static [&'static str],
}

fn allow_star(action: &str, condition: Value) -> Value {
    json!({"Effect": "Allow", "Principal": "*", "Action": action,
           "Resource": "arn:aws:s3:::b/*", "Condition": condition})
}

fn allow_to(principal: Value, action: &str) -> Value {
    json!({"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "*"})
}

fn allow_service(service: &str, condition: Value) -> Value {
    json!({"Effect": "Allow", "Principal": {"Service": service},
           "Action": "lambda:InvokeFunction", "Resource": "*", "Condition": condition})
}

fn deny_star(action: &str, condition: Value) -> Value {
    json!({"Effect": "Deny", "Principal": "*", "Action": action, "Resource": "*",
           "Condition": condition})
}

fn cases() -> Vec<Case> {
    let none = json!({});
    vec![
        Case {
            name: "anonymous read of objects",
            source: "S3 User Guide, bucket policy examples: granting read-only permission to a public anonymous user",
            statements: json!([allow_star("s3:GetObject", none.clone())]),
            expected: &["public"],
        },
        Case {
            name: "AWS star is the same as star",
            source: "IAM User Guide, Principal element: {\"AWS\": \"*\"} is equivalent to \"*\" in resource policies",
            statements: json!([allow_to(json!({"AWS": "*"}), "s3:GetObject")]),
            expected: &["public"],
        },
        Case {
            name: "own account root",
            source: "KMS Developer Guide, default key policy: the account principal",
            statements: json!([allow_to(
                json!({"AWS": "arn:aws:iam::111122223333:root"}),
                "kms:*"
            )]),
            expected: &["this-account"],
        },
        Case {
            name: "own account by bare id",
            source: "IAM User Guide, Principal element: an account id is shorthand for its root ARN",
            statements: json!([allow_to(json!({"AWS": "111122223333"}), "sqs:SendMessage")]),
            expected: &["this-account"],
        },
        Case {
            name: "cross-account root",
            source: "S3 User Guide, example: bucket owner granting cross-account bucket permissions",
            statements: json!([allow_to(
                json!({"AWS": "arn:aws:iam::444455556666:root"}),
                "s3:GetObject"
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "cross-account role",
            source: "IAM User Guide, cross-account access with a role ARN principal",
            statements: json!([allow_to(
                json!({"AWS": "arn:aws:iam::444455556666:role/Reader"}),
                "s3:GetObject"
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "own and external accounts together",
            source: "IAM User Guide, Principal element: a list of account principals",
            statements: json!([allow_to(
                json!({"AWS": ["111122223333", "444455556666"]}),
                "s3:GetObject"
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "a star among named accounts",
            source: "IAM User Guide, Principal element: any value \"*\" opens the statement to everyone",
            statements: json!([allow_to(
                json!({"AWS": ["arn:aws:iam::444455556666:root", "*"]}),
                "s3:GetObject"
            )]),
            expected: &["public"],
        },
        Case {
            name: "assumed-role session principal",
            source: "IAM User Guide, Principal element: role session principals (arn:aws:sts::...:assumed-role)",
            statements: json!([allow_to(
                json!({"AWS": "arn:aws:sts::444455556666:assumed-role/r/session"}),
                "s3:GetObject"
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "principal id of a deleted user",
            source: "IAM User Guide, Principal element: a deleted principal's ARN is replaced by its unique id",
            statements: json!([allow_to(
                json!({"AWS": "AIDAJQABLZS4A3QDU576Q"}),
                "s3:GetObject"
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "Allow with NotPrincipal",
            source: "IAM User Guide, NotPrincipal element: with Allow it grants everyone except the named principals",
            statements: json!([{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:root"},
                                "Action": "s3:*", "Resource": "*"}]),
            expected: &["public"],
        },
        Case {
            name: "fixed VPC endpoint",
            source: "S3 User Guide, controlling access from VPC endpoints with bucket policies (aws:SourceVpce)",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "deny unless the VPC endpoint",
            source: "S3 User Guide, restricting access to a specific VPC endpoint (Deny with StringNotEquals)",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star(
                    "s3:*",
                    json!({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})
                )
            ]),
            expected: &["pinned"],
        },
        Case {
            name: "VPC endpoint wildcard",
            source: "AWS Config kms-key-policy-no-public-access: only fixed values without wildcards narrow",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringLike": {"aws:SourceVpce": "vpce-*"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "VPC endpoint with IfExists",
            source: "IAM User Guide, condition operators: ...IfExists is true when the key is absent",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "fixed VPC",
            source: "IAM User Guide, global condition keys: aws:SourceVpc",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {"aws:SourceVpc": "vpc-111bbb22"}})
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "narrow IP range",
            source: "S3 User Guide, bucket policy examples: managing access based on specific IP addresses",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}})
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "the whole IPv4 internet",
            source: "S3 User Guide, Block Public Access: a range as wide as the internet is public",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "one wide range among narrow ones",
            source: "IAM User Guide, condition values are ORed: the broadest value decides",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "0.0.0.0/1"]}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "Allow with NotIpAddress",
            source: "IAM User Guide, condition operators: a negated operator admits everyone else",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "deny outside an IP range",
            source: "S3 User Guide, bucket policy example: Deny with NotIpAddress on aws:SourceIp",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star(
                    "s3:*",
                    json!({"NotIpAddress": {"aws:SourceIp": "54.240.143.0/24"}})
                )
            ]),
            expected: &["pinned"],
        },
        Case {
            name: "narrow IPv6 range",
            source: "S3 User Guide, bucket policy example mixing IPv4 and IPv6 ranges",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}})
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "organization id",
            source: "IAM User Guide, global condition keys: aws:PrincipalOrgID",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}})
            )]),
            expected: &["org:o-xxxxxxxxxx"],
        },
        Case {
            name: "organization id wildcard",
            source: "AWS Config kms-key-policy-no-public-access: a wildcard value does not narrow; a caller key still needs a signed-in caller",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringLike": {"aws:PrincipalOrgID": "o-*"}})
            )]),
            expected: &["any-account"],
        },
        Case {
            name: "condition keys are case-insensitive",
            source: "IAM User Guide, Condition element: key names are not case-sensitive",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {"AWS:PrincipalOrgID": ["o-xxxxxxxxxx"]}})
            )]),
            expected: &["org:o-xxxxxxxxxx"],
        },
        Case {
            name: "organizational unit path",
            source: "IAM User Guide, aws:PrincipalOrgPaths example with ForAnyValue:StringLike",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}})
            )]),
            expected: &["org:o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"],
        },
        Case {
            name: "ForAllValues on an absent key",
            source: "IAM User Guide, multivalued context keys: ForAllValues returns true when the key is absent",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "ForAnyValue on a single-valued key",
            source: "IAM User Guide, multivalued context keys: ForAnyValue is false when the key is absent",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}})
            )]),
            expected: &["org:o-xxxxxxxxxx"],
        },
        Case {
            name: "deny outside the organization",
            source: "AWS data perimeter policy examples: Deny with StringNotEquals aws:PrincipalOrgID",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star(
                    "*",
                    json!({"StringNotEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}})
                )
            ]),
            expected: &["org:o-xxxxxxxxxx"],
        },
        Case {
            name: "deny outside the organization, IfExists",
            source: "IAM User Guide, ...IfExists: an absent key makes the Deny apply",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star(
                    "*",
                    json!({"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}})
                )
            ]),
            expected: &["org:o-xxxxxxxxxx"],
        },
        Case {
            name: "fixed principal account",
            source: "IAM User Guide, global condition keys: aws:PrincipalAccount",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {"aws:PrincipalAccount": "444455556666"}})
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "principal account ignoring case",
            source: "IAM User Guide, condition operators: StringEqualsIgnoreCase",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEqualsIgnoreCase": {"aws:PrincipalAccount": "444455556666"}})
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "everyone but one account",
            source: "IAM User Guide, condition operators: StringNotEquals admits every other value",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "fixed principal ARN",
            source: "IAM User Guide, global condition keys: aws:PrincipalArn",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::444455556666:role/x"}})
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "principal ARN in any account",
            source: "IAM User Guide, ARN operators: wildcards in any ARN field; an absent key excludes anonymous callers",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/cross"}})
            )]),
            expected: &["any-account"],
        },
        Case {
            name: "principal ARN wildcard within this account",
            source: "IAM User Guide, ARN operators: a wildcard in the resource field keeps the account fixed",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}})
            )]),
            expected: &["this-account"],
        },
        Case {
            name: "fixed unique user id",
            source: "S3 User Guide, Block Public Access: aws:userid is among the keys that make a policy non-public",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {"aws:userid": "AIDAEXAMPLE"}})
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "unique id wildcard",
            source: "AWS Config kms-key-policy-no-public-access: wildcard values are not fixed",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringLike": {"aws:userid": "AROAEXAMPLE:*"}})
            )]),
            expected: &["any-account"],
        },
        Case {
            name: "policy variable in a pinning key",
            source: "AWS Config kms-key-policy-no-public-access: values with policy variables are not fixed",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {"aws:userid": "${aws:userid}"}})
            )]),
            expected: &["undecided"],
        },
        Case {
            name: "TLS condition does not pin callers",
            source: "IAM User Guide, aws:SecureTransport says how, not who",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"Bool": {"aws:SecureTransport": "true"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "prefix condition does not pin callers",
            source: "S3 User Guide, s3:prefix condition examples",
            statements: json!([allow_star(
                "s3:ListBucket",
                json!({"StringEquals": {"s3:prefix": "public/"}})
            )]),
            expected: &["public"],
        },
        Case {
            name: "source account behind a star principal",
            source: "Lambda Developer Guide, resource-based policies: aws:SourceAccount",
            statements: json!([allow_star(
                "lambda:InvokeFunction",
                json!({"StringEquals": {"AWS:SourceAccount": "111122223333"}})
            )]),
            expected: &["this-account"],
        },
        Case {
            name: "service principal without a source condition",
            source: "Security Hub Lambda.1: a service principal without aws:SourceAccount is public",
            statements: json!([allow_service("s3.amazonaws.com", none.clone())]),
            expected: &["service:s3.amazonaws.com/public"],
        },
        Case {
            name: "service principal pinned to a bucket",
            source: "Lambda Developer Guide, add-permission with --source-arn for an S3 trigger",
            statements: json!([allow_service(
                "s3.amazonaws.com",
                json!({"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}})
            )]),
            expected: &["service:s3.amazonaws.com/pinned"],
        },
        Case {
            name: "service principal pinned to this account",
            source: "IAM User Guide, the confused deputy problem: aws:SourceAccount",
            statements: json!([allow_service(
                "s3.amazonaws.com",
                json!({"StringEquals": {"aws:SourceAccount": "111122223333"}})
            )]),
            expected: &["service:s3.amazonaws.com/this-account"],
        },
        Case {
            name: "service principal acting for another account",
            source: "IAM User Guide, the confused deputy problem: aws:SourceAccount of another account",
            statements: json!([allow_service(
                "s3.amazonaws.com",
                json!({"StringEquals": {"aws:SourceAccount": "444455556666"}})
            )]),
            expected: &["service:s3.amazonaws.com/external:444455556666"],
        },
        Case {
            name: "service principal pinned to another account's topic",
            source: "SNS Developer Guide, invoking Lambda from a topic: aws:SourceArn",
            statements: json!([allow_service(
                "sns.amazonaws.com",
                json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:444455556666:topic"}})
            )]),
            expected: &["service:sns.amazonaws.com/external:444455556666"],
        },
        Case {
            name: "source ARN with a wildcard account",
            source: "AWS Config kms-key-policy-no-public-access: wildcard values are not fixed",
            statements: json!([allow_service(
                "sns.amazonaws.com",
                json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:*:topic"}})
            )]),
            expected: &["service:sns.amazonaws.com/public"],
        },
        Case {
            name: "source ARN with a bucket-name wildcard",
            source: "IAM User Guide, confused deputy: bucket names are global, anyone may create a matching one",
            statements: json!([allow_service(
                "s3.amazonaws.com",
                json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::upload*"}})
            )]),
            expected: &["service:s3.amazonaws.com/public"],
        },
        Case {
            name: "source owner",
            source: "SNS Developer Guide, topic access policy with aws:SourceOwner",
            statements: json!([allow_service(
                "ses.amazonaws.com",
                json!({"StringEquals": {"aws:SourceOwner": "111122223333"}})
            )]),
            expected: &["service:ses.amazonaws.com/this-account"],
        },
        Case {
            name: "SNS default topic policy",
            source: "SNS Developer Guide, the default access policy of a new topic: every principal, only when AWS:SourceOwner is the topic's account (condition keys are case-insensitive)",
            statements: json!([allow_star(
                "SNS:Publish",
                json!({"StringEquals": {"AWS:SourceOwner": "111122223333"}})
            )]),
            expected: &["this-account"],
        },
        Case {
            name: "source account with IfExists",
            source: "IAM User Guide, ...IfExists is true when the key is absent",
            statements: json!([allow_service(
                "s3.amazonaws.com",
                json!({"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}})
            )]),
            expected: &["service:s3.amazonaws.com/public"],
        },
        Case {
            name: "Null check on the source account",
            source: "IAM User Guide, Null condition operator: presence says nothing about which account",
            statements: json!([allow_service(
                "s3.amazonaws.com",
                json!({"Null": {"aws:SourceAccount": "false"}})
            )]),
            expected: &["service:s3.amazonaws.com/public"],
        },
        Case {
            name: "source organization",
            source: "IAM User Guide, global condition keys: aws:SourceOrgID",
            statements: json!([allow_service(
                "events.amazonaws.com",
                json!({"StringEquals": {"aws:SourceOrgID": "o-xxxxxxxxxx"}})
            )]),
            expected: &["service:events.amazonaws.com/org:o-xxxxxxxxxx"],
        },
        Case {
            name: "an AWS and a service principal in one statement",
            source: "IAM User Guide, Principal element: several principal types in one statement",
            statements: json!([allow_to(
                json!({"AWS": "444455556666", "Service": "events.amazonaws.com"}),
                "sqs:SendMessage"
            )]),
            expected: &[
                "external:444455556666",
                "service:events.amazonaws.com/public",
            ],
        },
        Case {
            name: "CloudTrail bucket policy",
            source: "CloudTrail User Guide, S3 bucket policy for CloudTrail with aws:SourceArn",
            statements: json!([{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                                "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail/AWSLogs/111122223333/*",
                                "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}}]),
            expected: &["service:cloudtrail.amazonaws.com/this-account"],
        },
        Case {
            name: "caller account through a service",
            source: "KMS Developer Guide, the aws/ebs key policy: kms:CallerAccount with kms:ViaService",
            statements: json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
                                "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333",
                                                               "kms:ViaService": "ec2.us-east-1.amazonaws.com"}}}]),
            expected: &["this-account"],
        },
        Case {
            name: "via a service only",
            source: "Issue 10 lists kms:ViaService among the keys that narrow (AWS Config treats a fixed value as non-public)",
            statements: json!([allow_star(
                "kms:Decrypt",
                json!({"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}})
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "caller account wildcard",
            source: "Prowler issue 970 and AWS Config: kms:CallerAccount narrows only with a fixed value",
            statements: json!([allow_star(
                "kms:Decrypt",
                json!({"StringLike": {"kms:CallerAccount": "*"}})
            )]),
            expected: &["any-account"],
        },
        Case {
            name: "an unconditional Deny of everything",
            source: "IAM User Guide, policy evaluation logic: an explicit deny overrides any allow",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star("*", none.clone())
            ]),
            expected: &[],
        },
        Case {
            name: "a Deny on some of the actions",
            source: "IAM User Guide, policy evaluation logic: a deny removes only the requests it matches",
            statements: json!([
                {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"},
                deny_star("s3:PutObject", none.clone())
            ]),
            expected: &["public"],
        },
        Case {
            name: "a TLS-only Deny does not narrow callers",
            source: "S3 User Guide, enforcing TLS with aws:SecureTransport",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star("s3:*", json!({"Bool": {"aws:SecureTransport": "false"}}))
            ]),
            expected: &["public"],
        },
        Case {
            name: "a Deny on another resource",
            source: "IAM User Guide, policy evaluation logic: a deny applies only to the resources it names",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::other/*"}
            ]),
            expected: &["public"],
        },
        Case {
            name: "Deny with NotPrincipal exempts this account",
            source: "IAM User Guide, NotPrincipal with Deny: deny everyone except the named account",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*", "Resource": "*"}
            ]),
            expected: &["this-account"],
        },
        Case {
            name: "a Deny on one named account",
            source: "IAM User Guide, policy evaluation logic: a deny names whom it applies to",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                {"Effect": "Deny", "Principal": {"AWS": "444455556666"}, "Action": "*", "Resource": "*"}
            ]),
            expected: &["public"],
        },
        Case {
            name: "a Deny with NotAction covering the grant",
            source: "IAM User Guide, NotAction with Deny: every action but the listed ones",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                {"Effect": "Deny", "Principal": "*", "NotAction": "s3:PutObject", "Resource": "*"}
            ]),
            expected: &[],
        },
        Case {
            name: "Allow with NotAction",
            source: "IAM User Guide, NotAction with Allow grants every other action",
            statements: json!([{"Effect": "Allow", "Principal": "*", "NotAction": "iam:*", "Resource": "*"}]),
            expected: &["public"],
        },
        Case {
            name: "Allow with NotResource",
            source: "IAM User Guide, NotResource with Allow covers every other resource",
            statements: json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                "NotResource": "arn:aws:s3:::b/private/*"}]),
            expected: &["public"],
        },
        Case {
            name: "a Deny with two negated conditions",
            source: "S3 User Guide, VPC endpoint policies with an account exception: a deny's conditions are ANDed",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star(
                    "s3:*",
                    json!({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d", "aws:PrincipalAccount": "111122223333"}})
                )
            ]),
            expected: &["undecided"],
        },
        Case {
            name: "a Deny with two negated account conditions",
            source: "IAM User Guide, policy evaluation logic: what a deny leaves is any one condition false",
            statements: json!([
                allow_star("s3:GetObject", none.clone()),
                deny_star(
                    "s3:*",
                    json!({"StringNotEquals": {"aws:PrincipalAccount": "111122223333", "aws:SourceAccount": "444455556666"}})
                )
            ]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "web identity trust",
            source: "IAM User Guide, roles for web identity federation: Cognito trust policy",
            statements: json!([{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                                "Action": "sts:AssumeRoleWithWebIdentity"}]),
            expected: &["federated:cognito-identity.amazonaws.com"],
        },
        Case {
            name: "EC2 trust",
            source: "IAM User Guide, roles for EC2: the ec2.amazonaws.com trust policy",
            statements: json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
            expected: &["service:ec2.amazonaws.com/public"],
        },
        Case {
            name: "third-party trust with an external id",
            source: "IAM User Guide, using an external ID for third-party access",
            statements: json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                                "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "12345"}}}]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "canonical user",
            source: "S3 User Guide, granting a CloudFront origin access identity by canonical user id",
            statements: json!([allow_to(
                json!({"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}),
                "s3:GetObject"
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "statement without a principal",
            source: "IAM User Guide, resource-based policies must name a principal",
            statements: json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]),
            expected: &["undecided"],
        },
        Case {
            name: "wildcard account in a principal ARN",
            source: "IAM User Guide, Principal element: wildcards are not allowed in principal ARNs",
            statements: json!([allow_to(
                json!({"AWS": "arn:aws:iam::*:root"}),
                "s3:GetObject"
            )]),
            expected: &["undecided"],
        },
        Case {
            name: "access point delegation",
            source: "S3 User Guide, delegating access control to access points: s3:DataAccessPointAccount",
            statements: json!([allow_star(
                "s3:*",
                json!({"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}})
            )]),
            expected: &["this-account"],
        },
        Case {
            name: "conditions are ANDed",
            source: "IAM User Guide, Condition element: several conditions must all hold",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({
                "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}, "IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})
            )]),
            expected: &["pinned"],
        },
        Case {
            name: "organization and account together",
            source: "IAM User Guide, Condition element: the narrower bound wins",
            statements: json!([allow_star(
                "s3:GetObject",
                json!({"StringEquals": {
                "aws:PrincipalOrgID": "o-xxxxxxxxxx", "aws:PrincipalAccount": "444455556666"}})
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "principal and condition name different accounts",
            source: "IAM User Guide, policy evaluation logic: a statement whose conditions exclude its principal grants nothing",
            statements: json!([{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject",
                                "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "777788889999"}}}]),
            expected: &[],
        },
        Case {
            name: "SQS queue open to any account's SNS topic",
            source: "SQS Developer Guide, allowing an SNS topic to send messages: without aws:SourceArn any topic may",
            statements: json!([{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*"}]),
            expected: &["service:sns.amazonaws.com/public"],
        },
        Case {
            name: "secret shared with another account",
            source: "Secrets Manager User Guide, cross-account access to a secret",
            statements: json!([allow_to(
                json!({"AWS": "arn:aws:iam::444455556666:role/app"}),
                "secretsmanager:GetSecretValue"
            )]),
            expected: &["external:444455556666"],
        },
        Case {
            name: "ECR repository pull for everyone",
            source: "Security Hub ECR controls and ECR User Guide, repository policy examples: allow pull to all",
            statements: json!([allow_to(json!("*"), "ecr:BatchGetImage")]),
            expected: &["public"],
        },
        Case {
            name: "event bus open to the organization",
            source: "EventBridge User Guide, event bus permissions with aws:PrincipalOrgID",
            statements: json!([{"Effect": "Allow", "Principal": "*", "Action": "events:PutEvents",
                                "Resource": "arn:aws:events:us-east-1:111122223333:event-bus/default",
                                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}}]),
            expected: &["org:o-xxxxxxxxxx"],
        },
        Case {
            name: "role trust to any AWS principal",
            source: "Rhino Security Labs and IAM User Guide: a trust policy with AWS \"*\" lets anyone assume the role",
            statements: json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]),
            expected: &["public"],
        },
        Case {
            name: "role trust to any account's role, narrowed by name only",
            source: "IAM User Guide, ARN operators: a name pattern does not fix the account",
            statements: json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                                "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/deployer"}}}]),
            expected: &["any-account"],
        },
    ]
}

#[test]
fn the_table_has_at_least_sixty_documents_each_with_a_source() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for case in &cases {
        assert!(!case.source.is_empty(), "{} has no source", case.name);
    }
}

#[test]
fn every_document_reaches_what_its_case_says() {
    let mut wrong = Vec::new();
    for case in cases() {
        let document =
            PolicyDocument::parse(&json!({"Version": "2012-10-17", "Statement": case.statements}))
                .unwrap_or_else(|error| panic!("{}: {error}", case.name));
        let reached: Vec<String> = analyse(&document, OWN)
            .iter()
            .map(|grant| grant.reach.code())
            .collect();
        if reached != case.expected {
            wrong.push(format!(
                "{} ({}): expected {:?}, got {:?}",
                case.name, case.source, case.expected, reached
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
