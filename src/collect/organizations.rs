//! AWS Organizations: the accounts of the organization, as the management account (or a delegated
//! administrator) sees them, with their OU path and tags. Read-only: List* and Describe* calls.

use std::collections::BTreeMap;

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{Account, AccountState, AccountStatus, ParentType};
use thiserror::Error;

use super::Session;
use super::calls::{Calls, client};
use crate::inventory::Gap;
use crate::inventory::organization::OrgAccount;

/// Discovery is all or nothing: a partial account list would audit a partial organization while
/// looking complete, so any failed call ends it, naming the call.
/// The failed call comes from [`Calls::call`], as every collector's gaps do.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct DiscoveryError(Gap);

impl From<Gap> for DiscoveryError {
    fn from(gap: Gap) -> DiscoveryError {
        DiscoveryError(gap)
    }
}

/// ACTIVE accounts only: a suspended or closing account cannot be entered, and auditing it would
/// only produce errors. Newer endpoints report `State`, older ones (and emulators) `Status`.
fn is_active(account: &Account) -> bool {
    match (account.state(), account.status()) {
        (Some(state), _) => *state == AccountState::Active,
        (None, Some(status)) => *status == AccountStatus::Active,
        (None, None) => false,
    }
}

/// The organization's ACTIVE accounts, or those under `ous` (each searched recursively), sorted by
/// id. The email address is never read into the result.
pub async fn discover(
    session: &Session,
    ous: &[String],
) -> Result<Vec<OrgAccount>, DiscoveryError> {
    let calls = Calls::new(
        session.config.clone(),
        session.policy.clone(),
        &session.account.id,
    );
    let calls = &calls;
    let client = client!(aws_sdk_organizations, calls);
    let listed = if ous.is_empty() {
        list_all(calls, &client).await?
    } else {
        let mut listed = Vec::new();
        for ou in ous {
            listed.extend(list_under(calls, &client, ou).await?);
        }
        listed
    };
    let mut by_id: BTreeMap<String, Account> = BTreeMap::new();
    for account in listed.into_iter().filter(is_active) {
        if let Some(id) = account.id() {
            by_id.insert(id.to_string(), account);
        }
    }
    let mut names = OuNames::default();
    let mut accounts = Vec::new();
    for (id, account) in by_id {
        accounts.push(OrgAccount {
            ou_path: ou_path(calls, &client, &id, &mut names).await?,
            tags: tags(calls, &client, &id).await?,
            name: account.name().map(str::to_string),
            id,
        });
    }
    Ok(accounts)
}

/// The management account of the organization `session`'s account belongs to
/// (`organizations:DescribeOrganization`, which any member may call).
pub async fn management_account(session: &Session) -> Result<String, Gap> {
    let calls = Calls::new(
        session.config.clone(),
        session.policy.clone(),
        &session.account.id,
    );
    let client = client!(aws_sdk_organizations, &calls);
    let output = calls
        .call(
            "organizations:DescribeOrganization",
            client.describe_organization().send(),
        )
        .await?;
    output
        .organization()
        .and_then(|organization| organization.master_account_id())
        .map(str::to_string)
        .ok_or_else(|| {
            Gap::new(
                "organizations:DescribeOrganization",
                "the answer names no management account",
            )
        })
}

/// The accounts registered as delegated administrators for `service_principal`
/// (`organizations:ListDelegatedAdministrators`, which the management account and any delegated
/// administrator may call), sorted by id.
pub async fn delegated_administrators(
    session: &Session,
    service_principal: &str,
) -> Result<Vec<String>, Gap> {
    let calls = Calls::new(
        session.config.clone(),
        session.policy.clone(),
        &session.account.id,
    );
    let client = client!(aws_sdk_organizations, &calls);
    let listing = client
        .list_delegated_administrators()
        .service_principal(service_principal)
        .into_paginator()
        .send()
        .collect();
    let mut ids: Vec<String> = calls
        .listing(
            "organizations:ListDelegatedAdministrators",
            listing,
            |page| page.delegated_administrators(),
            |admin| admin.id().map(str::to_string),
        )
        .await?
        .into_iter()
        .flatten()
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

async fn list_all(calls: &Calls, client: &Client) -> Result<Vec<Account>, DiscoveryError> {
    let listing = client.list_accounts().into_paginator().send().collect();
    Ok(calls
        .listing(
            "organizations:ListAccounts",
            listing,
            |page| page.accounts(),
            Account::clone,
        )
        .await?)
}

/// The accounts directly under `parent` and under every OU beneath it.
async fn list_under(
    calls: &Calls,
    client: &Client,
    parent: &str,
) -> Result<Vec<Account>, DiscoveryError> {
    let mut accounts = Vec::new();
    let mut pending = vec![parent.to_string()];
    while let Some(parent) = pending.pop() {
        let listing = client
            .list_accounts_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send()
            .collect();
        accounts.extend(
            calls
                .listing(
                    "organizations:ListAccountsForParent",
                    listing,
                    |page| page.accounts(),
                    Account::clone,
                )
                .await?,
        );
        let listing = client
            .list_organizational_units_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send()
            .collect();
        let children = calls
            .listing(
                "organizations:ListOrganizationalUnitsForParent",
                listing,
                |page| page.organizational_units(),
                |ou| ou.id().map(str::to_string),
            )
            .await?;
        pending.extend(children.into_iter().flatten());
    }
    Ok(accounts)
}

/// OU names already looked up, by id: accounts of one OU share them.
#[derive(Default)]
struct OuNames(BTreeMap<String, String>);

/// `Root/Workloads/Prod`: the names from the root down to the account's OU.
async fn ou_path(
    calls: &Calls,
    client: &Client,
    account: &str,
    names: &mut OuNames,
) -> Result<String, DiscoveryError> {
    let mut path = Vec::new();
    let mut child = account.to_string();
    // An organization is at most five OUs deep; the bound only guards against a looping answer.
    for _ in 0..8 {
        let parents = calls
            .call(
                "organizations:ListParents",
                client.list_parents().child_id(&child).send(),
            )
            .await?;
        let Some(parent) = parents.parents().first() else {
            break;
        };
        let Some(id) = parent.id() else { break };
        if parent.r#type() == Some(&ParentType::Root) {
            path.push("Root".to_string());
            break;
        }
        if !names.0.contains_key(id) {
            let described = calls
                .call(
                    "organizations:DescribeOrganizationalUnit",
                    client
                        .describe_organizational_unit()
                        .organizational_unit_id(id)
                        .send(),
                )
                .await?;
            let name = described
                .organizational_unit()
                .and_then(|ou| ou.name())
                .unwrap_or(id)
                .to_string();
            names.0.insert(id.to_string(), name);
        }
        path.push(names.0.get(id).cloned().unwrap_or_default());
        child = id.to_string();
    }
    path.reverse();
    Ok(path.join("/"))
}

async fn tags(
    calls: &Calls,
    client: &Client,
    account: &str,
) -> Result<BTreeMap<String, String>, DiscoveryError> {
    let listing = client
        .list_tags_for_resource()
        .resource_id(account)
        .into_paginator()
        .send()
        .collect();
    Ok(calls
        .listing(
            "organizations:ListTagsForResource",
            listing,
            |page| page.tags(),
            |tag| (tag.key().to_string(), tag.value().to_string()),
        )
        .await?
        .into_iter()
        .collect())
}
