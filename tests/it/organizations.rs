//! Organizations on moto, which emulates it (LocalStack's community edition does not): discovery
//! of an organization's ACTIVE accounts, their OU paths and tags, into a manifest.

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{OrganizationFeatureSet, Tag};
use posture::accounts::{ManifestEntry, load_manifest};

use crate::common::{emulator, posture_at, stderr};
use crate::emulator::{MOTO, sdk_config, unique};

/// An OU of its own under the root, holding `prod` (tagged) directly and `dev` in a child OU `Dev`,
/// plus a closed account that discovery must leave out. Returns the OU's id and name and the ids.
struct SeededOu {
    id: String,
    name: String,
    prod: String,
    dev: String,
    closed: String,
}

async fn seed(client: &Client) -> SeededOu {
    // The emulator keeps one organization per management account; a second run finds it there.
    let _ = client
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await;
    let roots = client.list_roots().send().await.expect("ListRoots");
    let root = roots.roots()[0].id().expect("root id").to_string();
    let name = unique("ou");
    let ou = client
        .create_organizational_unit()
        .parent_id(&root)
        .name(&name)
        .send()
        .await
        .expect("CreateOrganizationalUnit");
    let ou_id = ou
        .organizational_unit()
        .and_then(|o| o.id())
        .expect("ou id")
        .to_string();
    let dev_ou = client
        .create_organizational_unit()
        .parent_id(&ou_id)
        .name("Dev")
        .send()
        .await
        .expect("CreateOrganizationalUnit Dev");
    let dev_ou = dev_ou
        .organizational_unit()
        .and_then(|o| o.id())
        .expect("id")
        .to_string();
    let create = async |label: &str, parent: &str| -> String {
        let created = client
            .create_account()
            .email(format!("{label}-{name}@example.com"))
            .account_name(format!("{label}-{name}"))
            .send()
            .await
            .expect("CreateAccount");
        let id = created
            .create_account_status()
            .and_then(|s| s.account_id())
            .expect("account id")
            .to_string();
        client
            .move_account()
            .account_id(&id)
            .source_parent_id(&root)
            .destination_parent_id(parent)
            .send()
            .await
            .expect("MoveAccount");
        id
    };
    let prod = create("prod", &ou_id).await;
    let dev = create("dev", &dev_ou).await;
    let closed = create("closed", &ou_id).await;
    client
        .tag_resource()
        .resource_id(&prod)
        .tags(
            Tag::builder()
                .key("team")
                .value("web")
                .build()
                .expect("tag"),
        )
        .send()
        .await
        .expect("TagResource");
    client
        .close_account()
        .account_id(&closed)
        .send()
        .await
        .expect("CloseAccount");
    SeededOu {
        id: ou_id,
        name,
        prod,
        dev,
        closed,
    }
}

fn discover(endpoint: &str, extra: &[&str]) -> Vec<ManifestEntry> {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = dir.path().join("accounts.jsonl");
    let output = posture_at(endpoint)
        .args(["accounts", "discover", "--role-name", "PostureAudit", "-o"])
        .arg(&manifest)
        .args(extra)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&manifest).expect("manifest written");
    assert!(
        !text.contains("example.com"),
        "an email address leaked: {text}"
    );
    // A shard may hold no account of a small organization: its manifest is empty, which an
    // audit refuses as input but a discovery may rightly write.
    if text.trim().is_empty() {
        return Vec::new();
    }
    load_manifest(&manifest).expect("the written manifest reads back")
}

#[tokio::test]
async fn discovery_lists_active_accounts_with_their_ou_path_and_tags() {
    let endpoint = emulator(MOTO);
    let client = Client::new(&sdk_config(&endpoint).await);
    let seeded = seed(&client).await;

    let under_ou = discover(&endpoint, &["--ou", &seeded.id]);
    let ids: Vec<&str> = under_ou.iter().map(|e| e.account_id.as_str()).collect();
    let mut expected = vec![seeded.prod.as_str(), seeded.dev.as_str()];
    expected.sort();
    assert_eq!(
        ids, expected,
        "ACTIVE accounts of the OU and its children, sorted"
    );
    assert!(!ids.contains(&seeded.closed.as_str()));

    let prod = under_ou
        .iter()
        .find(|e| e.account_id == seeded.prod)
        .expect("prod");
    assert_eq!(prod.ou_path, format!("Root/{}", seeded.name));
    assert_eq!(prod.tags.get("team").map(String::as_str), Some("web"));
    assert_eq!(prod.role_name.as_deref(), Some("PostureAudit"));
    assert_eq!(
        prod.name.as_deref(),
        Some(format!("prod-{}", seeded.name).as_str())
    );
    let dev = under_ou
        .iter()
        .find(|e| e.account_id == seeded.dev)
        .expect("dev");
    assert_eq!(dev.ou_path, format!("Root/{}/Dev", seeded.name));

    let whole = discover(&endpoint, &[]);
    let all: Vec<&str> = whole.iter().map(|e| e.account_id.as_str()).collect();
    assert!(all.contains(&seeded.prod.as_str()) && all.contains(&seeded.dev.as_str()));
    assert!(!all.contains(&seeded.closed.as_str()));
    // The management account is a member of its own organization.
    assert!(all.contains(&"123456789012"), "{all:?}");
}

#[test]
fn discovery_without_organizations_fails_naming_the_call() {
    let endpoint = emulator(crate::emulator::LOCALSTACK);
    let dir = tempfile::tempdir().expect("temp dir");
    let output = posture_at(&endpoint)
        .args(["accounts", "discover", "-o"])
        .arg(dir.path().join("accounts.jsonl"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("organizations:ListAccounts failed"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("accounts.jsonl").exists());
}

/// Shards of a discovery, by flag or by a job runner's index, together list each account once.
#[tokio::test]
async fn shards_of_a_discovery_partition_the_organization() {
    let endpoint = emulator(MOTO);
    let client = Client::new(&sdk_config(&endpoint).await);
    seed(&client).await;
    let whole: Vec<String> = discover(&endpoint, &[])
        .into_iter()
        .map(|e| e.account_id)
        .collect();
    let mut from_shards: Vec<String> = Vec::new();
    for index in 0..3 {
        let shard = format!("{index}/3");
        from_shards.extend(
            discover(&endpoint, &["--shard", &shard])
                .into_iter()
                .map(|e| e.account_id),
        );
    }
    from_shards.sort();
    assert_eq!(from_shards, whole);

    // The same split through AWS Batch's array index and the shard count's variable.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut batch: Vec<String> = Vec::new();
    for index in 0..3 {
        let manifest = dir.path().join(format!("{index}.jsonl"));
        let output = posture_at(&endpoint)
            .env("AWS_BATCH_JOB_ARRAY_INDEX", index.to_string())
            .env("POSTURE_SHARD_COUNT", "3")
            .args(["accounts", "discover", "-o"])
            .arg(&manifest)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{}", stderr(&output));
        batch.extend(
            load_manifest(&manifest)
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.account_id),
        );
    }
    batch.sort();
    assert_eq!(batch, whole);

    let no_count = posture_at(&endpoint)
        .env("JOB_COMPLETION_INDEX", "1")
        .args(["accounts", "discover", "-o"])
        .arg(dir.path().join("x.jsonl"))
        .output()
        .expect("runs");
    assert_eq!(no_count.status.code(), Some(2));
    assert!(stderr(&no_count).contains("POSTURE_SHARD_COUNT"));
}

/// The region the organization audit's members are seeded in; no other test writes there.
const ORG_REGION: &str = "ca-central-1";
const MEMBER_ROLE: &str = "OrganizationAccountAccessRole";

/// Credentials in `account` through the role moto lets anyone assume there.
async fn member_config(endpoint: &str, account: &str) -> aws_config::SdkConfig {
    let base = sdk_config(endpoint).await;
    let sts = aws_sdk_sts::Client::new(&base);
    let assumed = sts
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{MEMBER_ROLE}"))
        .role_session_name("seed")
        .send()
        .await
        .expect("AssumeRole");
    let credentials = assumed.credentials().expect("credentials");
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new(ORG_REGION))
        .credentials_provider(aws_sdk_iam::config::Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            Some(credentials.session_token().to_string()),
            None,
            "member",
        ))
        .load()
        .await
}

/// Three members: `open` with SSH open to the internet, `closed_sg` with the same group closed,
/// and `refused`, whose AssumeRole the fault proxy answers with AccessDenied.
struct Members {
    open: String,
    closed_sg: String,
    refused: String,
    open_group: String,
}

async fn seed_members(endpoint: &str) -> Members {
    let client = Client::new(&sdk_config(endpoint).await);
    let _ = client
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await;
    let name = unique("member");
    let mut ids = Vec::new();
    for label in ["open", "closed", "refused"] {
        let created = client
            .create_account()
            .email(format!("{label}-{name}@example.com"))
            .account_name(format!("{label}-{name}"))
            .send()
            .await
            .expect("CreateAccount");
        ids.push(
            created
                .create_account_status()
                .and_then(|s| s.account_id())
                .expect("account id")
                .to_string(),
        );
    }
    let mut groups = Vec::new();
    for (account, open) in [(&ids[0], true), (&ids[1], false)] {
        let ec2 = aws_sdk_ec2::Client::new(&member_config(endpoint, account).await);
        let group = ec2
            .create_security_group()
            .group_name(format!("ssh-{name}"))
            .description("seeded by the organization audit test")
            .send()
            .await
            .expect("CreateSecurityGroup")
            .group_id()
            .expect("group id")
            .to_string();
        if open {
            ec2.authorize_security_group_ingress()
                .group_id(&group)
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .cidr_ip("0.0.0.0/0")
                .send()
                .await
                .expect("AuthorizeSecurityGroupIngress");
        }
        groups.push(group);
    }
    Members {
        open: ids[0].clone(),
        closed_sg: ids[1].clone(),
        refused: ids[2].clone(),
        open_group: groups[0].clone(),
    }
}

fn org_audit(endpoint: &str, extra: &[&str]) -> std::process::Output {
    posture_at(endpoint)
        .args([
            "audit",
            "--region",
            ORG_REGION,
            "--check",
            "ec2.sg_no_admin_ports_open_ipv4",
            "--format",
            "json",
            "--no-progress",
        ])
        .args(extra)
        .output()
        .expect("posture runs")
}

/// (account, check, resource, status) of every finding.
fn verdicts(report: &serde_json::Value) -> Vec<(String, String, String, String)> {
    let mut seen: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["account"]["id"].as_str().unwrap_or_default().to_string(),
                f["check_id"].as_str().unwrap_or_default().to_string(),
                f["resource"]["id"].as_str().unwrap_or_default().to_string(),
                f["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    seen.sort();
    seen
}

/// One `--accounts` run over three members through the fault proxy, which refuses one member's
/// AssumeRole: that member is ERROR naming sts:AssumeRole, the others are audited in their own
/// state, the calling account directly; shards merged give the same findings.
#[tokio::test]
async fn an_organization_audit_sees_each_member_and_survives_a_refused_assume_role() {
    let moto = emulator(MOTO);
    let members = seed_members(&moto).await;
    let proxy = crate::faults::proxy(crate::faults::port::ORGANIZATION);
    crate::faults::configure(
        &proxy,
        serde_json::json!({"api": "sts:AssumeRole", "kinds": ["denied"],
                           "body_contains": format!("{}:role/", members.refused)}),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = dir.path().join("accounts.jsonl");
    std::fs::write(
        &manifest,
        format!(
            "{{\"account_id\": \"{}\", \"name\": \"open\"}}\n{{\"account_id\": \"{}\"}}\n{{\"account_id\": \"{}\", \"role_name\": \"Audit\"}}\n",
            members.open, members.closed_sg, members.refused
        ),
    )
    .expect("manifest written");
    let manifest_arg = manifest.to_str().expect("utf-8 path");
    let output = org_audit(
        &proxy,
        &["--accounts", manifest_arg, "--role-name", MEMBER_ROLE],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = crate::common::json(&output);
    let accounts: Vec<(&str, &str)> = report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap_or_default(),
                a["status"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let mut expected = vec![
        ("123456789012", "audited"),
        (members.open.as_str(), "audited"),
        (members.closed_sg.as_str(), "audited"),
        (members.refused.as_str(), "error"),
    ];
    expected.sort();
    assert_eq!(accounts, expected);
    let seen = verdicts(&report);
    let in_account = |id: &str| -> Vec<&(String, String, String, String)> {
        seen.iter().filter(|v| v.0 == id).collect()
    };
    // The seeded open group fails in its own account, and only there.
    let failing: Vec<_> = seen.iter().filter(|v| v.3 == "FAIL").collect();
    assert_eq!(failing.len(), 1, "{seen:?}");
    assert_eq!(failing[0].0, members.open);
    assert_eq!(failing[0].2, members.open_group);
    assert!(in_account(&members.closed_sg).iter().all(|v| v.3 == "PASS"));
    assert!(!in_account(&members.closed_sg).is_empty());
    // The refused member: ERROR only, naming the call and the role, never a PASS.
    let refused = in_account(&members.refused);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].3, "ERROR");
    let message = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["account"]["id"] == members.refused.as_str())
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(
        message.starts_with("sts:AssumeRole failed: ")
            && message.contains(&format!("{}:role/Audit", members.refused))
            && message.contains("AccessDenied: User is not authorized"),
        "{message}"
    );
    let named = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["account"]["id"] == members.open.as_str())
        .expect("a finding of the open member");
    assert_eq!(named["account"]["name"], "open");

    // Two shards and a merge give exactly the single run's findings.
    let mut shard_reports = Vec::new();
    for index in 0..2 {
        let out = dir.path().join(format!("shard-{index}"));
        let shard = org_audit(
            &proxy,
            &[
                "--accounts",
                manifest_arg,
                "--role-name",
                MEMBER_ROLE,
                "--shard",
                &format!("{index}/2"),
                "--output-dir",
                out.to_str().expect("utf-8"),
            ],
        );
        // A shard that holds only the refused member audited nothing: exit 3, report written.
        assert!(
            matches!(shard.status.code(), Some(0 | 3)),
            "{}",
            stderr(&shard)
        );
        assert!(out.join("posture-report.json").exists());
        shard_reports.push(out);
    }
    let merged = posture_at(&moto)
        .arg("merge")
        .args(&shard_reports)
        .args(["--accounts", manifest_arg, "--format", "json"])
        .output()
        .expect("merge runs");
    assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
    assert_eq!(verdicts(&crate::common::json(&merged)), seen);

    // A shard given twice is refused with its own exit code; a missing shard is an ERROR.
    let twice = posture_at(&moto)
        .arg("merge")
        .args([&shard_reports[0], &shard_reports[0]])
        .output()
        .expect("merge runs");
    assert_eq!(twice.status.code(), Some(4), "{}", stderr(&twice));
    assert!(stderr(&twice).contains("is in both"), "{}", stderr(&twice));
    // Each shard merged alone: every manifest account it did not audit is ERROR, never absent.
    let manifest_ids = [&members.open, &members.closed_sg, &members.refused];
    let mut reported_missing = 0;
    for shard in &shard_reports {
        let own: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shard.join("posture-report.json")).expect("shard report"),
        )
        .expect("JSON");
        let audited: Vec<&str> = own["accounts"]
            .as_array()
            .map(|a| a.iter().filter_map(|a| a["id"].as_str()).collect())
            .unwrap_or_default();
        let alone = posture_at(&moto)
            .arg("merge")
            .arg(shard)
            .args(["--accounts", manifest_arg, "--format", "json"])
            .output()
            .expect("merge runs");
        let partial = crate::common::json(&alone);
        for id in manifest_ids
            .iter()
            .filter(|id| !audited.contains(&id.as_str()))
        {
            let theirs: Vec<&serde_json::Value> = partial["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| f["account"]["id"] == id.as_str())
                .collect();
            assert!(!theirs.is_empty(), "account {id} is reported");
            assert!(theirs.iter().all(|f| {
                f["status"] == "ERROR"
                    && f["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("no shard reported account"))
            }));
            reported_missing += 1;
        }
    }
    assert!(
        reported_missing >= manifest_ids.len(),
        "every account is missing from some shard"
    );
}

/// `--org` discovers the members and audits each with the role, names them, and gives the same
/// verdicts for them as the manifest would.
#[tokio::test]
async fn an_org_run_discovers_and_audits_every_member() {
    let moto = emulator(MOTO);
    let members = seed_members(&moto).await;
    let output = org_audit(
        &moto,
        &[
            "--org",
            "--role-name",
            MEMBER_ROLE,
            "--accounts-parallel",
            "8",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = crate::common::json(&output);
    let seen = verdicts(&report);
    assert!(
        seen.iter()
            .any(|v| v.0 == members.open && v.2 == members.open_group && v.3 == "FAIL"),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .filter(|v| v.0 == members.closed_sg)
            .all(|v| v.3 == "PASS")
    );
    let open = report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["id"] == members.open.as_str())
        .expect("the open member was discovered");
    assert!(
        open["name"]
            .as_str()
            .is_some_and(|name| name.starts_with("open-"))
    );
    assert_eq!(
        open["role_arn"],
        format!("arn:aws:iam::{}:role/{MEMBER_ROLE}", members.open)
    );
    // Without a role name there is no silent default.
    let no_role = org_audit(&moto, &["--org"]);
    assert_eq!(no_role.status.code(), Some(2));
    assert!(
        stderr(&no_role).contains("--role-name"),
        "{}",
        stderr(&no_role)
    );
}
