//! `iam.no_privilege_escalation`: no user, group or role can grant itself more than it has through a known escalation path.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{
    Principal, PrincipalKind, customer_principals, from_authorization, malformed_policy,
};
use crate::finding::{Finding, Verdict};
use crate::inventory::iam::{AttachedPolicy, Authorization, InlinePolicy};
use crate::inventory::{Gap, Inventory, Source};
use crate::policy::{Effect, PolicyDocument, Statement, wildcard_matches};

pub struct NoPrivilegeEscalation;

/// Which resources an escalation step must be allowed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Any resource of the service (the step creates or runs something).
    Any,
    /// IAM resources of a kind, marked as in their ARNs (`user/`, `role/`, `group/`, `policy/`).
    Iam(&'static str),
    /// Users other than the principal itself: keys or a password for oneself give nothing new.
    OtherUsers,
}

/// One published technique: the actions that together make it, each on the resources it needs.
struct Technique {
    path: &'static str,
    steps: &'static [(&'static str, Target)],
}

const PASS_ROLE: (&str, Target) = ("iam:PassRole", Target::Iam("role/"));

/// The escalation paths Rhino Security Labs published (and later write-ups added to), in words.
const TECHNIQUES: &[Technique] = &[
    Technique {
        path: "create a new default version of a managed policy",
        steps: &[("iam:CreatePolicyVersion", Target::Iam("policy/"))],
    },
    Technique {
        path: "switch a managed policy to another of its versions",
        steps: &[("iam:SetDefaultPolicyVersion", Target::Iam("policy/"))],
    },
    Technique {
        path: "attach any managed policy to a user",
        steps: &[("iam:AttachUserPolicy", Target::Iam("user/"))],
    },
    Technique {
        path: "attach any managed policy to a group",
        steps: &[("iam:AttachGroupPolicy", Target::Iam("group/"))],
    },
    Technique {
        path: "attach any managed policy to a role",
        steps: &[("iam:AttachRolePolicy", Target::Iam("role/"))],
    },
    Technique {
        path: "write an inline policy into a user",
        steps: &[("iam:PutUserPolicy", Target::Iam("user/"))],
    },
    Technique {
        path: "write an inline policy into a group",
        steps: &[("iam:PutGroupPolicy", Target::Iam("group/"))],
    },
    Technique {
        path: "write an inline policy into a role",
        steps: &[("iam:PutRolePolicy", Target::Iam("role/"))],
    },
    Technique {
        path: "add a user to a more privileged group",
        steps: &[("iam:AddUserToGroup", Target::Iam("group/"))],
    },
    Technique {
        path: "create access keys for another user",
        steps: &[("iam:CreateAccessKey", Target::OtherUsers)],
    },
    Technique {
        path: "create a console password for another user",
        steps: &[("iam:CreateLoginProfile", Target::OtherUsers)],
    },
    Technique {
        path: "change another user's console password",
        steps: &[("iam:UpdateLoginProfile", Target::OtherUsers)],
    },
    Technique {
        path: "rewrite a role's trust policy and assume the role",
        steps: &[
            ("iam:UpdateAssumeRolePolicy", Target::Iam("role/")),
            ("sts:AssumeRole", Target::Iam("role/")),
        ],
    },
    Technique {
        path: "pass a role to a new EC2 instance and use its credentials",
        steps: &[PASS_ROLE, ("ec2:RunInstances", Target::Any)],
    },
    Technique {
        path: "pass a role to a new Lambda function and invoke it",
        steps: &[
            PASS_ROLE,
            ("lambda:CreateFunction", Target::Any),
            ("lambda:InvokeFunction", Target::Any),
        ],
    },
    Technique {
        path: "pass a role to a new Lambda function triggered by an event source",
        steps: &[
            PASS_ROLE,
            ("lambda:CreateFunction", Target::Any),
            ("lambda:CreateEventSourceMapping", Target::Any),
        ],
    },
    Technique {
        path: "replace the code of an existing Lambda function and run with its role",
        steps: &[("lambda:UpdateFunctionCode", Target::Any)],
    },
    Technique {
        path: "pass a role to a new Glue development endpoint",
        steps: &[PASS_ROLE, ("glue:CreateDevEndpoint", Target::Any)],
    },
    Technique {
        path: "take over an existing Glue development endpoint",
        steps: &[("glue:UpdateDevEndpoint", Target::Any)],
    },
    Technique {
        path: "pass a role to a new CloudFormation stack",
        steps: &[PASS_ROLE, ("cloudformation:CreateStack", Target::Any)],
    },
    Technique {
        path: "pass a role to a new Data Pipeline",
        steps: &[
            PASS_ROLE,
            ("datapipeline:CreatePipeline", Target::Any),
            ("datapipeline:PutPipelineDefinition", Target::Any),
        ],
    },
    Technique {
        path: "pass a role to a new SageMaker notebook and open it",
        steps: &[
            PASS_ROLE,
            ("sagemaker:CreateNotebookInstance", Target::Any),
            ("sagemaker:CreatePresignedNotebookInstanceUrl", Target::Any),
        ],
    },
    Technique {
        path: "pass a role to a new ECS task",
        steps: &[
            PASS_ROLE,
            ("ecs:RegisterTaskDefinition", Target::Any),
            ("ecs:RunTask", Target::Any),
        ],
    },
    Technique {
        path: "pass a role to a new CodeBuild project and start a build",
        steps: &[
            PASS_ROLE,
            ("codebuild:CreateProject", Target::Any),
            ("codebuild:StartBuild", Target::Any),
        ],
    },
];

/// The AWS managed policy whose document is the same everywhere: every action on every resource.
const ADMINISTRATOR_ACCESS: &str = "AdministratorAccess";

impl Check for NoPrivilegeEscalation {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/no_privilege_escalation")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization, Source::IamAwsManagedPolicies]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        from_authorization(meta, inventory, |auth| {
            customer_principals(auth)
                .map(|principal| {
                    let resource = principal.resource();
                    match judge(auth, &principal, &inventory.account.id) {
                        Ok((passed, message)) => {
                            Verdict::holds(passed, message).into_finding(meta, resource)
                        }
                        Err(gap) => Finding::error(meta, resource, &gap),
                    }
                })
                .collect()
        })
    }
}

/// What one principal's policies allow, as far as collected.
struct Effective {
    statements: Vec<Statement>,
    /// Attached policies whose documents the inventory does not hold.
    unseen: Vec<String>,
    full_admin: bool,
}

fn judge(
    auth: &Authorization,
    principal: &Principal<'_>,
    account: &str,
) -> Result<(bool, String), Gap> {
    let label = principal.label();
    let effective = effective_policies(auth, principal)?;
    let boundary = boundary(auth, principal)?;
    let allowed = |action: &str, target: Target| {
        let in_identity = usable(
            &effective.statements,
            action,
            target,
            principal.arn,
            account,
        );
        in_identity
            && boundary
                .as_ref()
                .is_none_or(|b| usable(b, action, target, principal.arn, account))
    };
    if effective.full_admin && allowed("*", Target::Any) {
        return Ok((
            true,
            format!(
                "{label} already holds every action on every resource (full administrator): it has \
                 nothing to escalate to, and is reported as an administrator, not here"
            ),
        ));
    }
    let paths: Vec<String> = TECHNIQUES
        .iter()
        .filter(|technique| {
            technique
                .steps
                .iter()
                .all(|(action, target)| allowed(action, *target))
        })
        .map(|technique| {
            let actions: Vec<&str> = technique.steps.iter().map(|(action, _)| *action).collect();
            format!("{} ({})", technique.path, actions.join(", "))
        })
        .collect();
    if !paths.is_empty() {
        return Ok((
            false,
            format!("{label} can escalate its privileges: {}", paths.join("; ")),
        ));
    }
    if !effective.unseen.is_empty() {
        // No call failed: the snapshot predates the reading of AWS managed policies, so the gap
        // names no call.
        return Err(Gap::new(
            "",
            format!(
                "the snapshot holds no document for the managed policies ({}) attached to \
                 {label}, so posture cannot rule out an escalation path through them",
                effective.unseen.join(", ")
            ),
        ));
    }
    let bounded = if boundary.is_some() {
        " within its permissions boundary"
    } else {
        ""
    };
    Ok((
        true,
        format!("{label} has no known privilege-escalation path{bounded}"),
    ))
}

/// The identity policies of a principal: its inline and attached policies and, for a user, its
/// groups'. A document that does not parse is a gap.
fn effective_policies(auth: &Authorization, principal: &Principal<'_>) -> Result<Effective, Gap> {
    let mut inline: Vec<(String, &InlinePolicy)> = principal
        .inline_policies
        .iter()
        .map(|policy| (principal.inline_policy_id(policy), policy))
        .collect();
    let mut attached: Vec<&AttachedPolicy> = principal.attached_policies.iter().collect();
    if principal.kind == PrincipalKind::User {
        let user = auth.users.iter().find(|user| user.name == principal.name);
        for group_name in user.map(|user| user.groups.as_slice()).unwrap_or_default() {
            let Some(group) = auth.groups.iter().find(|group| &group.name == group_name) else {
                continue;
            };
            inline.extend(
                group
                    .inline_policies
                    .iter()
                    .map(|policy| (format!("group/{}/{}", group.name, policy.name), policy)),
            );
            attached.extend(group.attached_policies.iter());
        }
    }
    let mut effective = Effective {
        statements: Vec::new(),
        unseen: Vec::new(),
        full_admin: false,
    };
    for (id, policy) in inline {
        let document =
            PolicyDocument::parse(&policy.document).map_err(|e| malformed_policy(&id, &e))?;
        effective.statements.extend(document.statements);
    }
    for policy in attached {
        match managed_document(auth, policy)? {
            Some(document) => effective.statements.extend(document.statements),
            None if is_administrator_access(policy) => effective.full_admin = true,
            None => effective.unseen.push(policy.name.clone()),
        }
    }
    if effective.full_admin {
        effective.statements.extend(everything());
    }
    effective.full_admin |= effective.statements.iter().any(|s| {
        s.effect == Effect::Allow && s.covers_every_action_of("*") && s.covers_every_resource()
    });
    Ok(effective)
}

fn is_administrator_access(policy: &AttachedPolicy) -> bool {
    crate::checks::iam::is_aws_managed(policy, ADMINISTRATOR_ACCESS)
}

/// The statements of AdministratorAccess.
fn everything() -> Vec<Statement> {
    let document =
        serde_json::json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    PolicyDocument::parse(&document)
        .map(|document| document.statements)
        .unwrap_or_default()
}

/// A managed policy's parsed document when posture collected it: customer managed policies from
/// the authorization listing, AWS managed ones read by ARN (a failed read is that call's gap).
/// `None` for a document the snapshot does not hold (one taken before AWS managed policies were
/// read).
fn managed_document(
    auth: &Authorization,
    policy: &AttachedPolicy,
) -> Result<Option<PolicyDocument>, Gap> {
    let document = match auth
        .policies
        .iter()
        .find(|managed| managed.arn == policy.arn)
    {
        Some(managed) => managed.default_version.as_ref(),
        None => match auth.aws_managed_policies.get(&policy.arn) {
            Some(collected) => Some(collected.get()?),
            None => None,
        },
    };
    let Some(document) = document else {
        return Ok(None);
    };
    PolicyDocument::parse(document)
        .map(Some)
        .map_err(|error| malformed_policy(&policy.name, &error))
}

/// The principal's permissions boundary as statements, when one is set. A boundary whose document
/// posture does not have is a gap: it could forbid every path or none.
fn boundary(
    auth: &Authorization,
    principal: &Principal<'_>,
) -> Result<Option<Vec<Statement>>, Gap> {
    let arn = match principal.kind {
        PrincipalKind::User => auth
            .users
            .iter()
            .find(|user| user.name == principal.name)
            .and_then(|user| user.permissions_boundary.as_ref()),
        PrincipalKind::Role => auth
            .roles
            .iter()
            .find(|role| role.name == principal.name)
            .and_then(|role| role.permissions_boundary.as_ref()),
        PrincipalKind::Group => None,
    };
    let Some(arn) = arn else {
        return Ok(None);
    };
    let policy = AttachedPolicy {
        name: arn.rsplit('/').next().unwrap_or(arn).to_string(),
        arn: arn.clone(),
    };
    match managed_document(auth, &policy)? {
        Some(document) => Ok(Some(document.statements)),
        None if is_administrator_access(&policy) => Ok(Some(everything())),
        None => Err(Gap::new(
            "",
            format!(
                "the snapshot holds no document for {}'s permissions boundary {}, so posture \
                 cannot tell which paths the boundary leaves open",
                principal.label(),
                policy.name
            ),
        )),
    }
}

/// Whether `statements` allow `action` on some resource of `target`, not cancelled by an
/// unconditional Deny of the same. A conditional Deny may not apply, so it blocks nothing.
fn usable(
    statements: &[Statement],
    action: &str,
    target: Target,
    self_arn: &str,
    account: &str,
) -> bool {
    statements
        .iter()
        .filter(|s| s.effect == Effect::Allow && s.covers_action(action))
        .flat_map(|s| reached_resources(s, target, self_arn, account))
        .any(|resource| {
            !statements.iter().any(|deny| {
                deny.effect == Effect::Deny
                    && deny.conditions.is_empty()
                    && deny.covers_action(action)
                    && deny_covers_resource(deny, &resource)
            })
        })
}

/// The statement's resource patterns that reach the target (`*` standing for a NotResource that
/// leaves some of it).
fn reached_resources(
    statement: &Statement,
    target: Target,
    self_arn: &str,
    account: &str,
) -> Vec<String> {
    let probe = |kind: &str| format!("arn:aws:iam::{account}:{kind}posture-probe");
    let reaches = |pattern: &str| match target {
        Target::Any => true,
        Target::Iam(kind) => {
            wildcard_matches(pattern, &probe(kind)) || pattern.contains(&format!(":{kind}"))
        }
        Target::OtherUsers => {
            let user = wildcard_matches(pattern, &probe("user/")) || pattern.contains(":user/");
            // Only oneself: the own ARN, or the ${aws:username} variable in place of a name.
            user && pattern != self_arn && !pattern.contains("${aws:username}")
        }
    };
    match (&statement.resource, &statement.not_resource) {
        (Some(resources), _) => resources.iter().filter(|r| reaches(r)).cloned().collect(),
        (None, Some(excluded)) => {
            let probe_arn = match target {
                Target::Any => "*".to_string(),
                Target::Iam(kind) => probe(kind),
                Target::OtherUsers => probe("user/"),
            };
            if excluded.iter().any(|e| wildcard_matches(e, &probe_arn)) {
                Vec::new()
            } else {
                vec!["*".to_string()]
            }
        }
        (None, None) => vec!["*".to_string()],
    }
}

fn deny_covers_resource(deny: &Statement, resource: &str) -> bool {
    match (&deny.resource, &deny.not_resource) {
        (Some(denied), _) => denied.iter().any(|d| wildcard_matches(d, resource)),
        (None, Some(excluded)) => {
            resource != "*" && !excluded.iter().any(|e| wildcard_matches(e, resource))
        }
        (None, None) => true,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{
        allow_all, attached, group, inline, read_only_s3, role, user, with_authorization,
    };
    use crate::finding::Status;
    use crate::inventory::iam::{Group, ManagedPolicy, Role, User};

    fn run(auth: Authorization) -> Vec<Finding> {
        NoPrivilegeEscalation.evaluate(&with_authorization(auth), &Settings::default())
    }

    fn allow(action: Value, resource: Value) -> Value {
        json!({"Effect": "Allow", "Action": action, "Resource": resource})
    }

    fn document(statements: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    fn role_with(name: &str, statements: Value) -> Role {
        Role {
            inline_policies: vec![inline("p", document(statements))],
            ..role(name)
        }
    }

    /// The verdict and message for one role holding `statements`.
    fn one_role(statements: Value) -> (Status, String) {
        let findings = run(Authorization {
            roles: vec![role_with("r", statements)],
            ..Authorization::default()
        });
        assert_eq!(findings.len(), 1);
        (findings[0].status, findings[0].message.clone())
    }

    #[test]
    fn each_technique_is_found_from_its_actions() {
        for technique in TECHNIQUES {
            let actions: Vec<&str> = technique.steps.iter().map(|(action, _)| *action).collect();
            let (status, message) = one_role(json!([allow(json!(actions), json!("*"))]));
            assert_eq!(status, Status::Fail, "{}: {message}", technique.path);
            assert!(message.contains(technique.path), "{message}");
        }
    }

    #[test]
    fn one_step_alone_is_no_path() {
        let (status, message) = one_role(json!([allow(
            json!(["iam:PassRole", "lambda:CreateFunction"]),
            json!("*")
        )]));
        assert_eq!(status, Status::Pass, "{message}");
        assert_eq!(message, "role r has no known privilege-escalation path");
    }

    #[test]
    fn the_finding_names_the_path_and_its_actions() {
        let (status, message) =
            one_role(json!([allow(json!("iam:CreatePolicyVersion"), json!("*"))]));
        assert_eq!(status, Status::Fail);
        assert_eq!(
            message,
            "role r can escalate its privileges: create a new default version of a managed policy \
             (iam:CreatePolicyVersion)"
        );
    }

    #[test]
    fn wildcards_and_not_action_enable_paths() {
        assert_eq!(
            one_role(json!([allow(json!("iam:Put*"), json!("*"))])).0,
            Status::Fail
        );
        let not_action = json!([{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]);
        assert_eq!(one_role(not_action).0, Status::Fail);
    }

    #[test]
    fn an_unconditional_deny_blocks_a_path_and_a_conditional_one_does_not() {
        let blocked = json!([
            allow(json!("iam:*"), json!("*")),
            {"Effect": "Deny", "Action": ["iam:*"], "Resource": "*"}
        ]);
        assert_eq!(one_role(blocked).0, Status::Pass);
        let conditional = json!([
            allow(json!("iam:CreatePolicyVersion"), json!("*")),
            {"Effect": "Deny", "Action": "iam:*", "Resource": "*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
        ]);
        assert_eq!(one_role(conditional).0, Status::Fail);
    }

    #[test]
    fn a_resource_scope_that_excludes_the_targets_blocks_a_path() {
        // Keys and a password for oneself only.
        let own = json!([allow(
            json!([
                "iam:CreateAccessKey",
                "iam:CreateLoginProfile",
                "iam:UpdateLoginProfile"
            ]),
            json!("arn:aws:iam::111122223333:user/${aws:username}")
        )]);
        assert_eq!(one_role(own).0, Status::Pass);
        // Policy versions allowed only on a bucket: no policy is reached.
        let elsewhere = json!([allow(
            json!("iam:CreatePolicyVersion"),
            json!("arn:aws:s3:::bucket")
        )]);
        assert_eq!(one_role(elsewhere).0, Status::Pass);
        // Keys for every user reach other users.
        let others = json!([allow(
            json!("iam:CreateAccessKey"),
            json!("arn:aws:iam::111122223333:user/*")
        )]);
        assert_eq!(one_role(others).0, Status::Fail);
        // A Deny on the resources the Allow names blocks it too.
        let denied_there = json!([
            allow(json!("iam:AttachRolePolicy"), json!("arn:aws:iam::111122223333:role/app-*")),
            {"Effect": "Deny", "Action": "iam:AttachRolePolicy", "Resource": "arn:aws:iam::111122223333:role/*"}
        ]);
        assert_eq!(one_role(denied_there).0, Status::Pass);
    }

    #[test]
    fn a_permissions_boundary_blocks_what_it_does_not_allow() {
        let boundary_arn = format!("arn:aws:iam::{ACCOUNT}:policy/boundary");
        let boundary = ManagedPolicy {
            name: "boundary".into(),
            arn: boundary_arn.clone(),
            attachment_count: 0,
            default_version: Some(read_only_s3()),
        };
        let bounded = Role {
            permissions_boundary: Some(boundary_arn.clone()),
            ..role_with("bounded", json!([allow(json!("iam:*"), json!("*"))]))
        };
        let unknown = Role {
            permissions_boundary: Some(format!("arn:aws:iam::{ACCOUNT}:policy/not-collected")),
            ..role_with(
                "unknown-boundary",
                json!([allow(json!("iam:*"), json!("*"))]),
            )
        };
        let findings = run(Authorization {
            roles: vec![bounded, unknown],
            policies: vec![boundary],
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("bounded".into(), Status::Pass),
                ("unknown-boundary".into(), Status::Error)
            ]
        );
        assert_eq!(
            findings[0].message,
            "role bounded has no known privilege-escalation path within its permissions boundary"
        );
        assert!(
            findings[1]
                .message
                .contains("permissions boundary not-collected")
        );
    }

    #[test]
    fn users_inherit_their_groups_policies_and_managed_policies_count() {
        let managed = ManagedPolicy {
            name: "pass-and-run".into(),
            arn: format!("arn:aws:iam::{ACCOUNT}:policy/pass-and-run"),
            attachment_count: 1,
            default_version: Some(document(json!([allow(
                json!(["iam:PassRole", "ec2:RunInstances"]),
                json!("*")
            )]))),
        };
        let devs = Group {
            attached_policies: vec![attached(&managed.arn)],
            ..group("devs")
        };
        let alice = User {
            groups: vec!["devs".into()],
            ..user("alice")
        };
        let findings = run(Authorization {
            users: vec![alice],
            groups: vec![devs],
            policies: vec![managed],
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("alice".into(), Status::Fail),
                ("devs".into(), Status::Fail)
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("pass a role to a new EC2 instance")
        );
    }

    #[test]
    fn administrators_pass_here_and_unseen_documents_are_errors() {
        let admin = Role {
            inline_policies: vec![inline("all", allow_all())],
            ..role("admin")
        };
        let aws_admin = Role {
            attached_policies: vec![attached("arn:aws:iam::aws:policy/AdministratorAccess")],
            ..role("aws-admin")
        };
        let unseen = Role {
            attached_policies: vec![attached("arn:aws:iam::aws:policy/ReadOnlyAccess")],
            ..role("reader")
        };
        let unseen_but_escalating = Role {
            attached_policies: vec![attached("arn:aws:iam::aws:policy/ReadOnlyAccess")],
            inline_policies: vec![inline(
                "p",
                document(json!([allow(json!("iam:PutRolePolicy"), json!("*"))])),
            )],
            ..role("reader-plus")
        };
        let findings = run(Authorization {
            roles: vec![admin, aws_admin, unseen, unseen_but_escalating],
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("admin".into(), Status::Pass),
                ("aws-admin".into(), Status::Pass),
                ("reader".into(), Status::Error),
                ("reader-plus".into(), Status::Fail),
            ]
        );
        assert!(findings[0].message.contains("full administrator"));
        assert!(findings[2].message.contains("ReadOnlyAccess"));
        assert!(
            !findings[2].message.contains("failed"),
            "{}",
            findings[2].message
        );
    }

    #[test]
    fn aws_managed_documents_read_from_the_account_are_judged_and_failed_reads_are_errors() {
        let escalating = "arn:aws:iam::aws:policy/IAMFullAccess";
        let reader = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        let unread = "arn:aws:iam::aws:policy/PowerUserAccess";
        let mut aws_managed_policies = std::collections::BTreeMap::new();
        aws_managed_policies.insert(
            escalating.to_string(),
            crate::inventory::Collected::Ok(document(json!([allow(json!("iam:*"), json!("*"))]))),
        );
        aws_managed_policies.insert(
            reader.to_string(),
            crate::inventory::Collected::Ok(document(json!([allow(json!("s3:Get*"), json!("*"))]))),
        );
        aws_managed_policies.insert(unread.to_string(), failed("iam:GetPolicyVersion"));
        let with = |name: &str, arn: &str| Role {
            attached_policies: vec![attached(arn)],
            ..role(name)
        };
        let findings = run(Authorization {
            roles: vec![
                with("iam-admin", escalating),
                with("reader", reader),
                with("power", unread),
            ],
            aws_managed_policies,
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("iam-admin".into(), Status::Fail),
                ("reader".into(), Status::Pass),
                ("power".into(), Status::Error),
            ]
        );
        assert!(findings[2].message.contains("iam:GetPolicyVersion failed"));
    }

    #[test]
    fn malformed_documents_and_uncollected_authorization_are_errors() {
        let garbled = Role {
            inline_policies: vec![inline("bad", json!("{not json"))],
            ..role("garbled")
        };
        let findings = run(Authorization {
            roles: vec![garbled],
            ..Authorization::default()
        });
        assert_eq!(verdicts(&findings), vec![("garbled".into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("malformed policy document role/garbled/bad")
        );
        let mut uncollected = inventory();
        uncollected.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        let findings = NoPrivilegeEscalation.evaluate(&uncollected, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
