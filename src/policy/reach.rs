//! Who a resource policy (or a role's trust policy) lets in. Each Allow statement's principals are
//! narrowed by its conditions and by the Deny statements that cover it, and the result is one of a
//! few reach classes, from "anyone at all" down to "this account only".
//!
//! The rules follow IAM's policy evaluation logic:
//! - Conditions in one statement are ANDed, so any one that pins the caller narrows the grant; the
//!   values of one condition are ORed, so every value must be narrow for it to narrow.
//! - A key absent from the request makes a positive operator false (the request is not allowed)
//!   and a negated operator true; `...IfExists` makes an absent key true; `ForAllValues:` is true
//!   for an absent key. Hence in an Allow only positive, non-`IfExists`, non-`ForAllValues`
//!   operators on caller-pinning keys narrow.
//! - A Deny that covers the grant's actions and resources removes every request it matches; a
//!   Deny "unless the caller is X" (a negated operator) leaves only X.
//! - What the document cannot settle (a policy variable in a pinning value, a principal that is
//!   not an account) is `Undecided`, which no check reads as private.

use std::collections::BTreeSet;
use std::fmt;

use ipnet::IpNet;

use super::{Condition, PolicyDocument, Principal, Statement, wildcard_matches};

/// How far one grant reaches, broadest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Anyone at all, anonymous callers included.
    Public,
    /// Any signed-in principal of any AWS account.
    AnyAccount,
    /// Principals of the named organizations (`o-...`) or organizational-unit paths.
    Organization(BTreeSet<String>),
    /// Named accounts other than the policy's own.
    ExternalAccounts(BTreeSet<String>),
    /// Narrowed to named network locations, resources or principal ids whose owning account the
    /// policy does not state (a VPC endpoint, an IP range, an S3 bucket ARN).
    Pinned(BTreeSet<String>),
    /// Principals of the policy's own account only.
    ThisAccount,
    /// An AWS service principal acting for whoever `acting_for` describes: `Public` when no
    /// aws:SourceAccount or aws:SourceArn pins it (the confused-deputy case).
    Service {
        service: String,
        acting_for: Box<Reach>,
    },
    /// Users of a web identity or SAML provider (role trust policies); whether the trust pins an
    /// audience or subject is the trust checks' question, not a reach.
    Federated { provider: String },
    /// The document does not settle who is let in; never read as private.
    Undecided(String),
}

/// Whether a service principal that no source condition pins counts as public. Security Hub's
/// Lambda.1 says yes; S3's definition of a public bucket policy says no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnpinnedService {
    IsPublic,
    IsNotPublic,
}

impl Reach {
    /// Reachable beyond any party the policy names: anyone, any account, or undecidable.
    pub fn is_public(&self, unpinned_service: UnpinnedService) -> bool {
        match self {
            Reach::Public | Reach::AnyAccount | Reach::Undecided(_) => true,
            Reach::Service { acting_for, .. } => {
                unpinned_service == UnpinnedService::IsPublic
                    && acting_for.is_public(unpinned_service)
            }
            _ => false,
        }
    }

    /// The named accounts outside this one that the grant reaches, directly or through a service
    /// acting for them.
    pub fn external_accounts(&self) -> BTreeSet<String> {
        match self {
            Reach::ExternalAccounts(accounts) => accounts.clone(),
            Reach::Service { acting_for, .. } => acting_for.external_accounts(),
            _ => BTreeSet::new(),
        }
    }

    /// A short stable code, for tests and compact messages: `public`, `external:222233334444`.
    pub fn code(&self) -> String {
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(",");
        match self {
            Reach::Public => "public".into(),
            Reach::AnyAccount => "any-account".into(),
            Reach::Organization(ids) => format!("org:{}", list(ids)),
            Reach::ExternalAccounts(ids) => format!("external:{}", list(ids)),
            Reach::Pinned(_) => "pinned".into(),
            Reach::ThisAccount => "this-account".into(),
            Reach::Service {
                service,
                acting_for,
            } => format!("service:{service}/{}", acting_for.code()),
            Reach::Federated { provider } => format!("federated:{provider}"),
            Reach::Undecided(_) => "undecided".into(),
        }
    }
}

impl fmt::Display for Reach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        match self {
            Reach::Public => write!(f, "anyone, anonymous callers included"),
            Reach::AnyAccount => write!(f, "any principal of any AWS account"),
            Reach::Organization(ids) => write!(f, "principals of organization {}", list(ids)),
            Reach::ExternalAccounts(ids) => write!(f, "external account {}", list(ids)),
            Reach::Pinned(by) => write!(f, "callers pinned to {}", list(by)),
            Reach::ThisAccount => write!(f, "this account only"),
            Reach::Service {
                service,
                acting_for,
            } => match acting_for.as_ref() {
                Reach::Public => write!(
                    f,
                    "the AWS service {service} acting for any account's resources (no \
                     aws:SourceAccount or aws:SourceArn condition)"
                ),
                other => write!(f, "the AWS service {service} acting for {other}"),
            },
            Reach::Federated { provider } => write!(f, "users of identity provider {provider}"),
            Reach::Undecided(why) => write!(f, "callers posture cannot decide ({why})"),
        }
    }
}

/// One Allow statement's principals of one kind, with the actions it still grants them and how far
/// that reaches after conditions and Denies. One statement may yield several grants (an `AWS` and a
/// `Service` principal; actions a Deny covers only in part).
#[derive(Debug, Clone, PartialEq)]
pub struct Grant<'a> {
    pub statement: &'a Statement,
    /// 1-based position of the statement in the document, for statements without a Sid.
    pub position: usize,
    /// The `Action` patterns still granted; `None` for a `NotAction` statement.
    pub actions: Option<Vec<String>>,
    pub reach: Reach,
}

impl Grant<'_> {
    /// `"PublicRead"` for a statement with a Sid, `#2` for one without.
    pub fn label(&self) -> String {
        match &self.statement.sid {
            Some(sid) if !sid.is_empty() => format!("\"{sid}\""),
            _ => format!("#{}", self.position),
        }
    }

    /// Whether the grant still allows `action` (after the Denies that split it).
    pub fn covers_action(&self, action: &str) -> bool {
        match &self.actions {
            Some(patterns) => patterns.iter().any(|p| wildcard_matches(p, action)),
            None => self.statement.covers_action(action),
        }
    }

    /// `s3:GetObject, s3:PutObject`, or `every action except iam:*`.
    pub fn actions_text(&self) -> String {
        match (&self.actions, &self.statement.not_action) {
            (Some(actions), _) => actions.join(", "),
            (None, Some(excluded)) => format!("every action except {}", excluded.join(", ")),
            (None, None) => "no action".to_string(),
        }
    }

    /// `statement "PublicRead" allows s3:GetObject to anyone, anonymous callers included`.
    pub fn describe(&self) -> String {
        format!(
            "statement {} allows {} to {}",
            self.label(),
            self.actions_text(),
            self.reach
        )
    }
}

/// Every grant of the document's Allow statements, narrowed as the module documentation says.
/// `own_account` is the account that owns the resource (or role).
pub fn analyse<'a>(document: &'a PolicyDocument, own_account: &str) -> Vec<Grant<'a>> {
    let denies: Vec<&Statement> = document.denies().collect();
    let mut grants = Vec::new();
    for (index, statement) in document.statements.iter().enumerate() {
        if statement.effect != super::Effect::Allow {
            continue;
        }
        for (grantee, principal_scope) in grantees(statement) {
            let scope = statement
                .conditions
                .iter()
                .fold(
                    principal_scope,
                    |scope, condition| match allow_condition_scope(condition) {
                        Some(narrowed) => scope.intersect(&narrowed),
                        None => scope,
                    },
                );
            let pieces = apply_denies(&denies, statement, scope);
            for (actions, scope) in pieces {
                if scope == Scope::Nobody {
                    continue;
                }
                grants.push(Grant {
                    statement,
                    position: index + 1,
                    actions,
                    reach: grantee.classify(scope, own_account),
                });
            }
        }
    }
    grants
}

/// Who a principal element names, before conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Grantee {
    /// `"*"`, `{"AWS": ...}` and NotPrincipal: IAM principals and anonymous callers.
    Callers,
    Service(String),
    Federated(String),
}

impl Grantee {
    fn classify(&self, scope: Scope, own_account: &str) -> Reach {
        match self {
            Grantee::Callers => scope.classify(own_account),
            Grantee::Service(service) => Reach::Service {
                service: service.clone(),
                acting_for: Box::new(scope.classify(own_account)),
            },
            Grantee::Federated(provider) => Reach::Federated {
                provider: provider.clone(),
            },
        }
    }
}

/// The set of callers a grant admits, as far as the policy lets us tell.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    Anyone,
    Authenticated,
    Orgs(BTreeSet<String>),
    Pinned(BTreeSet<String>),
    Accounts(BTreeSet<String>),
    Undecided(String),
    Nobody,
}

impl Scope {
    fn classify(self, own_account: &str) -> Reach {
        match self {
            Scope::Anyone => Reach::Public,
            Scope::Authenticated => Reach::AnyAccount,
            Scope::Orgs(ids) => Reach::Organization(ids),
            Scope::Pinned(by) => Reach::Pinned(by),
            Scope::Accounts(mut accounts) => {
                accounts.remove(own_account);
                if accounts.is_empty() {
                    Reach::ThisAccount
                } else {
                    Reach::ExternalAccounts(accounts)
                }
            }
            Scope::Undecided(why) => Reach::Undecided(why),
            // Dropped before classification; kept total for safety.
            Scope::Nobody => Reach::ThisAccount,
        }
    }

    /// Both restrictions hold (conditions are ANDed). A bound the policy states (named accounts,
    /// an organization, a pinned source) holds even when another condition is undecidable.
    fn intersect(&self, other: &Scope) -> Scope {
        use Scope::*;
        match (self, other) {
            (Nobody, _) | (_, Nobody) => Nobody,
            (Anyone, x) | (x, Anyone) => x.clone(),
            (Accounts(a), Accounts(b)) => {
                let both: BTreeSet<String> = a.intersection(b).cloned().collect();
                if both.is_empty() {
                    Nobody
                } else {
                    Accounts(both)
                }
            }
            (Accounts(a), _) | (_, Accounts(a)) => Accounts(a.clone()),
            (Orgs(a), Orgs(b)) => Orgs(if a.len() <= b.len() { a } else { b }.clone()),
            (Orgs(a), _) | (_, Orgs(a)) => Orgs(a.clone()),
            (Pinned(a), Pinned(b)) => Pinned(a.union(b).cloned().collect()),
            (Pinned(a), _) | (_, Pinned(a)) => Pinned(a.clone()),
            (Undecided(why), _) | (_, Undecided(why)) => Undecided(why.clone()),
            (Authenticated, Authenticated) => Authenticated,
        }
    }

    /// Either holds (what a Deny with several conditions leaves: any one of them false).
    fn union(&self, other: &Scope) -> Scope {
        use Scope::*;
        match (self, other) {
            (Anyone, _) | (_, Anyone) => Anyone,
            (Nobody, x) | (x, Nobody) => x.clone(),
            (Undecided(why), _) | (_, Undecided(why)) => Undecided(why.clone()),
            (Authenticated, _) | (_, Authenticated) => Authenticated,
            (Accounts(a), Accounts(b)) => Accounts(a.union(b).cloned().collect()),
            (Orgs(a), Orgs(b)) => Orgs(a.union(b).cloned().collect()),
            (Pinned(a), Pinned(b)) => Pinned(a.union(b).cloned().collect()),
            _ => Undecided("a Deny leaves callers of several kinds".into()),
        }
    }
}

/// The grantees of an Allow statement with the scope its principal element alone gives them.
fn grantees(statement: &Statement) -> Vec<(Grantee, Scope)> {
    // Allow with NotPrincipal grants to everyone but the named principals.
    if statement.not_principal.is_some() {
        return vec![(Grantee::Callers, Scope::Anyone)];
    }
    let Some(principal) = &statement.principal else {
        // A resource policy statement without a principal is invalid; AWS refuses it.
        return vec![(
            Grantee::Callers,
            Scope::Undecided("a statement names no principal".into()),
        )];
    };
    let by_type = match principal {
        Principal::Everyone => return vec![(Grantee::Callers, Scope::Anyone)],
        Principal::ByType(by_type) => by_type,
    };
    let mut grants = Vec::new();
    for (kind, values) in by_type {
        match kind.to_ascii_lowercase().as_str() {
            "aws" => grants.extend(aws_principals(values)),
            "service" => grants.extend(
                values
                    .iter()
                    .map(|service| (Grantee::Service(service.clone()), Scope::Anyone)),
            ),
            "federated" => grants.extend(
                values
                    .iter()
                    .map(|provider| (Grantee::Federated(provider.clone()), Scope::Anyone)),
            ),
            // A canonical user id names an S3 account (or a CloudFront origin access identity)
            // without its account id.
            "canonicaluser" => grants.push((
                Grantee::Callers,
                Scope::Pinned(
                    values
                        .iter()
                        .map(|v| format!("canonical user {v}"))
                        .collect(),
                ),
            )),
            other => grants.push((
                Grantee::Callers,
                Scope::Undecided(format!("unknown principal type {other}")),
            )),
        }
    }
    grants
}

/// `AWS` principal values: `*`, account ids, IAM ARNs, or unique ids of deleted identities.
fn aws_principals(values: &[String]) -> Vec<(Grantee, Scope)> {
    if values.iter().any(|value| value == "*") {
        return vec![(Grantee::Callers, Scope::Anyone)];
    }
    let mut accounts = BTreeSet::new();
    let mut pinned = BTreeSet::new();
    let mut undecided = Vec::new();
    for value in values {
        if is_account_id(value) {
            accounts.insert(value.clone());
        } else if let Some(account) = arn_account(value) {
            if is_account_id(account) {
                accounts.insert(account.to_string());
            } else {
                undecided.push(value.clone());
            }
        } else if value.len() > 4 && value.starts_with("A") && !value.contains([':', '*', '?']) {
            // IAM shows the unique id (AIDA..., AROA...) of a principal deleted since.
            pinned.insert(format!("principal id {value}"));
        } else {
            undecided.push(value.clone());
        }
    }
    let mut grants = Vec::new();
    if !accounts.is_empty() {
        grants.push((Grantee::Callers, Scope::Accounts(accounts)));
    }
    if !pinned.is_empty() {
        grants.push((Grantee::Callers, Scope::Pinned(pinned)));
    }
    if !undecided.is_empty() {
        grants.push((
            Grantee::Callers,
            Scope::Undecided(format!(
                "principal {} is not an account",
                undecided.join(", ")
            )),
        ));
    }
    grants
}

fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

/// The account field of an ARN (`arn:partition:service:region:account:resource`), possibly empty.
fn arn_account(arn: &str) -> Option<&str> {
    let mut fields = arn.splitn(6, ':');
    (fields.next()? == "arn").then_some(())?;
    fields.nth(3)
}

/// What kind of value a caller-pinning condition key carries, and whether it describes the caller
/// itself (a wildcard still proves a signed-in caller) or the source the request comes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Account,
    Arn,
    Org,
    OrgPath,
    Ip,
    /// A value whose owning account is not in it: a VPC, a VPC endpoint, a unique id, a service.
    Opaque,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Describes the calling principal: absent for anonymous callers.
    Caller,
    /// Describes where the request comes from or what it acts for.
    Source,
}

/// The condition keys that pin who or where the caller is (lowercase, as keys are
/// case-insensitive). S3's definition of a non-public policy lists most of them.
fn pinning_key(key: &str) -> Option<(KeyKind, Side)> {
    use KeyKind::*;
    use Side::*;
    Some(match key.to_ascii_lowercase().as_str() {
        "aws:principalaccount" | "kms:calleraccount" => (Account, Caller),
        "aws:sourceaccount" | "aws:sourceowner" | "s3:dataaccesspointaccount" => (Account, Source),
        "aws:principalarn" => (Arn, Caller),
        "aws:sourcearn" | "s3:dataaccesspointarn" => (Arn, Source),
        "aws:principalorgid" => (Org, Caller),
        "aws:sourceorgid" => (Org, Source),
        "aws:principalorgpaths" => (OrgPath, Caller),
        "aws:sourceorgpaths" => (OrgPath, Source),
        "aws:sourceip" => (Ip, Source),
        "aws:userid" => (Opaque, Caller),
        "aws:sourcevpc"
        | "aws:sourcevpce"
        | "kms:viaservice"
        | "s3:x-amz-server-side-encryption-aws-kms-key-id" => (Opaque, Source),
        _ => return None,
    })
}

/// An operator split into its parts: `ForAnyValue:StringNotLikeIfExists` is a set operator, a
/// negation, an `IfExists` and the base `StringLike`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Operator<'a> {
    for_all_values: bool,
    negated: bool,
    if_exists: bool,
    base: &'a str,
}

fn split_operator(operator: &str) -> Operator<'_> {
    let (for_all_values, rest) = if let Some(rest) = operator.strip_prefix("ForAllValues:") {
        (true, rest)
    } else {
        (
            false,
            operator.strip_prefix("ForAnyValue:").unwrap_or(operator),
        )
    };
    let (if_exists, rest) = match rest.strip_suffix("IfExists") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (negated, base) = match rest {
        "StringNotEquals" => (true, "StringEquals"),
        "StringNotEqualsIgnoreCase" => (true, "StringEqualsIgnoreCase"),
        "StringNotLike" => (true, "StringLike"),
        "ArnNotEquals" => (true, "ArnEquals"),
        "ArnNotLike" => (true, "ArnLike"),
        "NotIpAddress" => (true, "IpAddress"),
        other => (false, other),
    };
    Operator {
        for_all_values,
        negated,
        if_exists,
        base,
    }
}

/// How one condition of an Allow narrows its callers; `None` when it does not narrow them.
fn allow_condition_scope(condition: &Condition) -> Option<Scope> {
    let (kind, side) = pinning_key(&condition.key)?;
    let operator = split_operator(&condition.operator);
    // A request without the key passes negated and IfExists operators, and ForAllValues.
    if operator.negated || operator.if_exists || operator.for_all_values {
        return None;
    }
    matching_scope(kind, side, operator.base, &condition.values)
}

/// What a Deny leaves of its callers through one condition: the requests where the condition is
/// false. Only a negated operator on a pinning key leaves a narrow set: "deny unless X" leaves X
/// (an absent key makes the negation true, so the Deny catches callers without it too).
fn deny_condition_survivors(condition: &Condition) -> Scope {
    let Some((kind, side)) = pinning_key(&condition.key) else {
        return Scope::Anyone;
    };
    let operator = split_operator(&condition.operator);
    if !operator.negated || operator.for_all_values {
        return Scope::Anyone;
    }
    matching_scope(kind, side, operator.base, &condition.values).unwrap_or(Scope::Anyone)
}

/// The callers for whom `key <base operator> values` holds, with the key present.
fn matching_scope(kind: KeyKind, side: Side, base: &str, values: &[String]) -> Option<Scope> {
    let wildcards = match base {
        "StringEquals" | "StringEqualsIgnoreCase" => false,
        "StringLike" | "ArnEquals" | "ArnLike" => true,
        "IpAddress" if kind == KeyKind::Ip => {
            return values
                .iter()
                .all(|cidr| is_narrow_range(cidr))
                .then(|| Scope::Pinned(values.iter().map(|v| format!("source IP {v}")).collect()));
        }
        _ => return None,
    };
    if kind == KeyKind::Ip || values.is_empty() {
        return None;
    }
    if values.iter().any(|value| value.contains("${")) {
        return Some(Scope::Undecided(
            "a pinning condition compares with a policy variable".into(),
        ));
    }
    // Values are ORed: the broadest one decides.
    values
        .iter()
        .map(|value| value_scope(kind, side, value, wildcards))
        .try_fold(Scope::Nobody, |broadest, scope| {
            scope.map(|scope| broadest.union(&scope))
        })
}

/// The callers one value of a pinning key admits; `None` when it admits any caller.
fn value_scope(kind: KeyKind, side: Side, value: &str, wildcards: bool) -> Option<Scope> {
    let wild = |text: &str| wildcards && text.contains(['*', '?']);
    // A wildcard in a value that describes the caller still proves a signed-in caller.
    let too_broad = || match side {
        Side::Caller => Some(Scope::Authenticated),
        Side::Source => None,
    };
    let one = |text: String| BTreeSet::from([text]);
    match kind {
        KeyKind::Account => {
            if wild(value) {
                too_broad()
            } else {
                Some(Scope::Accounts(one(value.to_string())))
            }
        }
        KeyKind::Arn => match arn_account(value) {
            Some(account) if is_account_id(account) => {
                Some(Scope::Accounts(one(account.to_string())))
            }
            // An ARN without an account (an S3 bucket) names one resource when written in full.
            Some("") if !wild(value) => Some(Scope::Pinned(one(value.to_string()))),
            _ => too_broad(),
        },
        KeyKind::Org => {
            if wild(value) {
                too_broad()
            } else {
                Some(Scope::Orgs(one(value.to_string())))
            }
        }
        KeyKind::OrgPath => {
            // `o-abc/r-root/ou-1/*` is a subtree of one organization; the org id must be fixed.
            let organization = value.split('/').next().unwrap_or_default();
            if organization.is_empty() || wild(organization) {
                too_broad()
            } else {
                Some(Scope::Orgs(one(value.to_string())))
            }
        }
        KeyKind::Opaque => {
            if wild(value) {
                too_broad()
            } else {
                Some(Scope::Pinned(one(value.to_string())))
            }
        }
        KeyKind::Ip => None,
    }
}

/// IPv4 ranges broader than /8 (IPv6 broader than /32) are as good as the internet.
const NARROWEST_PUBLIC_IPV4_PREFIX: u8 = 8;
const NARROWEST_PUBLIC_IPV6_PREFIX: u8 = 32;

fn is_narrow_range(cidr: &str) -> bool {
    let parsed = cidr
        .parse::<IpNet>()
        .or_else(|_| cidr.parse::<std::net::IpAddr>().map(IpNet::from));
    match parsed {
        Ok(IpNet::V4(net)) => net.prefix_len() >= NARROWEST_PUBLIC_IPV4_PREFIX,
        Ok(IpNet::V6(net)) => net.prefix_len() >= NARROWEST_PUBLIC_IPV6_PREFIX,
        Err(_) => false,
    }
}

/// Narrows a grant by every Deny that covers it, splitting off the actions a Deny covers only in
/// part. Returns (actions, scope) pieces; `None` actions stand for the statement's NotAction.
fn apply_denies(
    denies: &[&Statement],
    allow: &Statement,
    scope: Scope,
) -> Vec<(Option<Vec<String>>, Scope)> {
    let mut pieces = vec![(allow.action.clone(), scope)];
    for deny in denies {
        if !deny_covers_resources(deny, allow) {
            continue;
        }
        let survivors = deny_survivors(deny);
        if survivors == Scope::Anyone {
            continue;
        }
        let mut next = Vec::new();
        for (actions, scope) in pieces {
            match &actions {
                None => {
                    if deny_covers_action(deny, "*") {
                        next.push((None, scope.intersect(&survivors)));
                    } else {
                        next.push((None, scope));
                    }
                }
                Some(patterns) => {
                    let (covered, uncovered): (Vec<String>, Vec<String>) = patterns
                        .iter()
                        .cloned()
                        .partition(|pattern| deny_covers_action(deny, pattern));
                    if !covered.is_empty() {
                        next.push((Some(covered), scope.intersect(&survivors)));
                    }
                    if !uncovered.is_empty() {
                        next.push((Some(uncovered), scope));
                    }
                }
            }
        }
        pieces = next;
    }
    pieces
}

/// The callers a Deny does not catch. A Deny to everyone catches all callers its conditions
/// match; NotPrincipal exempts the named accounts; a Deny naming accounts catches only them.
fn deny_survivors(deny: &Statement) -> Scope {
    let exempt_by_principal = if let Some(exempt) = &deny.not_principal {
        principal_accounts(exempt).map_or(Scope::Anyone, Scope::Accounts)
    } else {
        match &deny.principal {
            Some(principal) if principal.includes_everyone() => Scope::Nobody,
            // A Deny on named principals takes nothing from others; posture does not subtract
            // single accounts from broader grants.
            _ => return Scope::Anyone,
        }
    };
    let by_conditions = deny
        .conditions
        .iter()
        .map(deny_condition_survivors)
        .fold(Scope::Nobody, |all, survivors| all.union(&survivors));
    exempt_by_principal.union(&by_conditions)
}

/// The accounts a principal element names, when it names only accounts.
fn principal_accounts(principal: &Principal) -> Option<BTreeSet<String>> {
    let Principal::ByType(by_type) = principal else {
        return None;
    };
    let mut accounts = BTreeSet::new();
    for (kind, values) in by_type {
        if !kind.eq_ignore_ascii_case("AWS") {
            return None;
        }
        for value in values {
            let account = if is_account_id(value) {
                value.as_str()
            } else {
                arn_account(value).filter(|a| is_account_id(a))?
            };
            accounts.insert(account.to_string());
        }
    }
    Some(accounts)
}

/// Whether a Deny's action element covers every action the pattern `pattern` stands for.
fn deny_covers_action(deny: &Statement, pattern: &str) -> bool {
    match (&deny.action, &deny.not_action) {
        (Some(denied), _) => denied.iter().any(|d| wildcard_matches(d, pattern)),
        (None, Some(excluded)) => !excluded
            .iter()
            .any(|n| wildcard_matches(n, pattern) || wildcard_matches(pattern, n)),
        (None, None) => false,
    }
}

/// Whether a Deny's resource element covers every resource the Allow names.
fn deny_covers_resources(deny: &Statement, allow: &Statement) -> bool {
    let allowed: &[String] = match (&allow.resource, &allow.not_resource) {
        (Some(resources), _) => resources,
        // NotResource, or no resource element (trust policies): only a Deny on everything.
        _ => &[],
    };
    let everything = ["*".to_string()];
    let allowed = if allowed.is_empty() {
        &everything[..]
    } else {
        allowed
    };
    match (&deny.resource, &deny.not_resource) {
        (None, None) => true,
        (Some(denied), _) => allowed
            .iter()
            .all(|a| denied.iter().any(|d| wildcard_matches(d, a))),
        (None, Some(excluded)) => allowed.iter().all(|a| {
            a != "*"
                && !excluded
                    .iter()
                    .any(|n| wildcard_matches(n, a) || wildcard_matches(a, n))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_split_into_their_parts() {
        assert_eq!(
            split_operator("ForAnyValue:StringNotLikeIfExists"),
            Operator {
                for_all_values: false,
                negated: true,
                if_exists: true,
                base: "StringLike"
            }
        );
        assert!(split_operator("ForAllValues:StringEquals").for_all_values);
        assert_eq!(split_operator("NotIpAddress").base, "IpAddress");
    }

    #[test]
    fn a_deny_on_some_actions_leaves_the_others_public() {
        let document = PolicyDocument::parse(&serde_json::json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:Put*", "Resource": "*"}
        ]}))
        .expect("parses");
        let grants = analyse(&document, "111122223333");
        assert_eq!(grants.len(), 1);
        assert_eq!(grants[0].actions_text(), "s3:GetObject");
        assert!(grants[0].covers_action("s3:GetObject"));
        assert!(!grants[0].covers_action("s3:PutObject"));
        assert_eq!(
            grants[0].describe(),
            "statement #1 allows s3:GetObject to anyone, anonymous callers included"
        );
    }

    #[test]
    fn a_conditional_deny_narrows_only_the_actions_it_covers() {
        let document = PolicyDocument::parse(&serde_json::json!({"Statement": [
            {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}}
        ]}))
        .expect("parses");
        let reached: Vec<(String, String)> = analyse(&document, "111122223333")
            .iter()
            .map(|g| (g.actions_text(), g.reach.code()))
            .collect();
        assert_eq!(
            reached,
            vec![
                ("s3:PutObject".to_string(), "this-account".to_string()),
                ("s3:GetObject".to_string(), "public".to_string()),
            ]
        );
    }

    #[test]
    fn arn_accounts() {
        assert_eq!(
            arn_account("arn:aws:iam::111122223333:root"),
            Some("111122223333")
        );
        assert_eq!(arn_account("arn:aws:s3:::bucket"), Some(""));
        assert_eq!(arn_account("111122223333"), None);
    }

    #[test]
    fn scopes_intersect_to_the_stated_bound() {
        let accounts = Scope::Accounts(BTreeSet::from(["1".to_string()]));
        let undecided = Scope::Undecided("x".into());
        assert_eq!(accounts.intersect(&undecided), accounts);
        assert_eq!(Scope::Anyone.intersect(&undecided), undecided);
        let other = Scope::Accounts(BTreeSet::from(["2".to_string()]));
        assert_eq!(accounts.intersect(&other), Scope::Nobody);
        assert_eq!(Scope::Nobody.union(&accounts), accounts);
    }
}
