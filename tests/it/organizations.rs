//! Organizations on moto, which emulates it (LocalStack's community edition does not): discovery
//! of an organization's ACTIVE accounts, their OU paths and tags, into a manifest.

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{OrganizationFeatureSet, Tag};
use posture::accounts::{ManifestEntry, load_manifest};

use crate::common::{emulator, posture, posture_at, stderr};
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

/// The root of the caller's organization, created when missing: the emulator keeps one
/// organization per management account, and a second run finds it there.
async fn organization_root(client: &Client) -> String {
    let _ = client
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await;
    let roots = client.list_roots().send().await.expect("ListRoots");
    roots.roots()[0].id().expect("root id").to_string()
}

/// A new OU named `name` under `parent`; its id.
async fn create_ou(client: &Client, parent: &str, name: &str) -> String {
    client
        .create_organizational_unit()
        .parent_id(parent)
        .name(name)
        .send()
        .await
        .expect("CreateOrganizationalUnit")
        .organizational_unit()
        .and_then(|ou| ou.id())
        .expect("ou id")
        .to_string()
}

async fn seed(client: &Client) -> SeededOu {
    let root = organization_root(client).await;
    let name = unique("ou");
    let ou_id = create_ou(client, &root, &name).await;
    let dev_ou = create_ou(client, &ou_id, "Dev").await;
    let [prod, closed]: [String; 2] =
        create_members(client, &name, &["prod", "closed"], Some(&ou_id))
            .await
            .try_into()
            .expect("two accounts");
    let dev = create_members(client, &name, &["dev"], Some(&dev_ou))
        .await
        .remove(0);
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
pub(crate) const ORG_REGION: &str = "ca-central-1";
pub(crate) const MEMBER_ROLE: &str = "OrganizationAccountAccessRole";

/// Credentials in `account` through the role moto lets anyone assume there.
pub(crate) async fn member_credentials(
    endpoint: &str,
    account: &str,
) -> aws_sdk_iam::config::Credentials {
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
    aws_sdk_iam::config::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_string()),
        None,
        "member",
    )
}

/// An SDK configuration acting in `account`, in the organization tests' region.
pub(crate) async fn member_config(endpoint: &str, account: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new(ORG_REGION))
        .credentials_provider(member_credentials(endpoint, account).await)
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

/// New member accounts of the caller's organization (created when missing), one per label,
/// named `<label>-<name>`, moved under `parent` when one is given. Returns their ids in order.
pub(crate) async fn create_members(
    client: &Client,
    name: &str,
    labels: &[&str],
    parent: Option<&str>,
) -> Vec<String> {
    let root = organization_root(client).await;
    let mut ids = Vec::new();
    for label in labels {
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
        if let Some(parent) = parent {
            client
                .move_account()
                .account_id(&id)
                .source_parent_id(&root)
                .destination_parent_id(parent)
                .send()
                .await
                .expect("MoveAccount");
        }
        ids.push(id);
    }
    ids
}

/// A security group named `name` in the member, with `port` open to the internet when given.
pub(crate) async fn security_group(
    ec2: &aws_sdk_ec2::Client,
    name: &str,
    port: Option<i32>,
) -> String {
    let group = ec2
        .create_security_group()
        .group_name(name)
        .description("seeded by the organization audit test")
        .send()
        .await
        .expect("CreateSecurityGroup")
        .group_id()
        .expect("group id")
        .to_string();
    if let Some(port) = port {
        ec2.authorize_security_group_ingress()
            .group_id(&group)
            .ip_protocol("tcp")
            .from_port(port)
            .to_port(port)
            .cidr_ip("0.0.0.0/0")
            .send()
            .await
            .expect("AuthorizeSecurityGroupIngress");
    }
    group
}

async fn seed_members(endpoint: &str) -> Members {
    let name = unique("member");
    let client = Client::new(&sdk_config(endpoint).await);
    let ids = create_members(&client, &name, &["open", "closed", "refused"], None).await;
    let mut groups = Vec::new();
    for (account, open) in [(&ids[0], Some(22)), (&ids[1], None)] {
        let ec2 = aws_sdk_ec2::Client::new(&member_config(endpoint, account).await);
        groups.push(security_group(&ec2, &format!("ssh-{name}"), open).await);
    }
    Members {
        open: ids[0].clone(),
        closed_sg: ids[1].clone(),
        refused: ids[2].clone(),
        open_group: groups[0].clone(),
    }
}

fn org_audit(endpoint: &str, extra: &[&str]) -> std::process::Output {
    audit_checks(endpoint, &["ec2.sg_no_admin_ports_open_ipv4"], extra)
}

/// `posture audit` of `checks` in the organization's region, as JSON, with `extra` arguments.
pub(crate) fn audit_checks(
    endpoint: &str,
    checks: &[&str],
    extra: &[&str],
) -> std::process::Output {
    audit_command(endpoint, checks, extra)
        .output()
        .expect("posture runs")
}

/// The command [`audit_checks`] runs, for a test to add to (another caller's credentials).
pub(crate) fn audit_command(
    endpoint: &str,
    checks: &[&str],
    extra: &[&str],
) -> assert_cmd::Command {
    let mut command = posture_at(endpoint);
    command.args([
        "audit",
        "--region",
        ORG_REGION,
        "--format",
        "json",
        "--no-progress",
    ]);
    for check in checks {
        command.args(["--check", check]);
    }
    command.args(extra);
    command
}

/// The findings of `checks` re-audited offline from the per-account snapshots in `snapshots`;
/// the run must succeed.
pub(crate) fn audit_offline(snapshots: &std::path::Path, checks: &[&str]) -> Vec<[String; 5]> {
    let output = posture()
        .args(["audit", "--format", "json", "--from"])
        .arg(snapshots)
        .args(checks.iter().flat_map(|check| ["--check", check]))
        .output()
        .expect("posture runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    findings_of(&crate::common::json(&output))
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

    // A shard given twice is refused with its own exit code; a missing shard is an ERROR. The
    // members' ids are new on each run, so either shard may hold none of them, and a shard that
    // holds no account conflicts with nothing: the one that holds some is given twice.
    let holds_accounts = |shard: &&std::path::PathBuf| {
        let text = std::fs::read_to_string(shard.join("posture-report.json")).expect("report");
        let report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        report["accounts"]
            .as_array()
            .is_some_and(|accounts| !accounts.is_empty())
    };
    let holding = shard_reports
        .iter()
        .find(holds_accounts)
        .expect("some shard holds an account");
    let twice = posture_at(&moto)
        .arg("merge")
        .args([holding, holding])
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

/// The findings of a JSON report as (account, check, resource, status, message), sorted: what
/// two runs over the same accounts must agree on.
pub(crate) fn findings_of(report: &serde_json::Value) -> Vec<[String; 5]> {
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_string();
    let mut seen: Vec<[String; 5]> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            [
                text(&f["account"]["id"]),
                text(&f["check_id"]),
                text(&f["resource"]["id"]),
                text(&f["status"]),
                text(&f["message"]),
            ]
        })
        .collect();
    seen.sort();
    seen
}

/// The one finding of `check` on `account` itself (its resource is the account).
pub(crate) fn account_finding<'a>(
    findings: &'a [[String; 5]],
    account: &str,
    check: &str,
) -> &'a [String; 5] {
    findings
        .iter()
        .find(|f| f[0] == account && f[1] == check && f[2] == account)
        .unwrap_or_else(|| panic!("no {check} finding on account {account}: {findings:#?}"))
}

/// The caller of the organization's own moto (its management account, as in moto always).
pub(crate) const MANAGEMENT: &str = "123456789012";

/// What one member of the pinned organization holds.
#[derive(Default)]
struct Seeded {
    /// A security group, and the port it opens to the internet.
    group: (String, Option<i32>),
    /// A bucket, and whether its policy grants every principal.
    bucket: Option<(String, bool)>,
    /// A user, whether it has an inline policy, and whether it has a console password.
    user: Option<(String, bool, bool)>,
}

async fn seed_member(endpoint: &str, account: &str, name: &str, wanted: Seeded) -> Seeded {
    let config = member_config(endpoint, account).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let group = security_group(&ec2, &format!("sg-{name}"), wanted.group.1).await;
    if let Some((bucket, public)) = &wanted.bucket {
        let s3 = aws_sdk_s3::Client::new(&config);
        s3.create_bucket()
            .bucket(bucket)
            .create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::CaCentral1)
                    .build(),
            )
            .send()
            .await
            .expect("CreateBucket");
        if *public {
            let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": format!("arn:aws:s3:::{bucket}/*")}]});
            s3.put_bucket_policy()
                .bucket(bucket)
                .policy(policy.to_string())
                .send()
                .await
                .expect("PutBucketPolicy");
        }
    }
    if let Some((user, inline, console)) = &wanted.user {
        let iam = aws_sdk_iam::Client::new(&config);
        iam.create_user()
            .user_name(user)
            .send()
            .await
            .expect("CreateUser");
        if *inline {
            let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]});
            iam.put_user_policy()
                .user_name(user)
                .policy_name("inline")
                .policy_document(policy.to_string())
                .send()
                .await
                .expect("PutUserPolicy");
        }
        if *console {
            iam.create_login_profile()
                .user_name(user)
                .password("Seeded-Passw0rd!")
                .send()
                .await
                .expect("CreateLoginProfile");
        }
    }
    Seeded {
        group: (group, wanted.group.1),
        ..wanted
    }
}

const PINNED_CHECKS: [&str; 4] = [
    "ec2.sg_no_admin_ports_open_ipv4",
    "iam.no_inline_policies",
    "iam.user_console_mfa_enabled",
    "s3.bucket_no_public_policy",
];

/// Four members seeded differently under an OU of their own: `web` opens SSH and has a public
/// bucket; `data` keeps its group closed and its bucket private but gives a user an inline
/// policy; `dev` opens RDP and has a console user without MFA; `quiet` holds only a closed
/// group. One `--org` run pins the verdict of every (account, check, seeded resource); a
/// manifest of the same accounts gives exactly the same findings, and so do shards named by AWS
/// Batch's and Kubernetes' index variables once merged, and the saved snapshots re-audited
/// offline.
#[tokio::test]
async fn every_seeded_resource_of_four_members_has_its_pinned_verdict() {
    let endpoint = emulator(MOTO);
    let name = unique("pin");
    let client = Client::new(&sdk_config(&endpoint).await);
    let root = organization_root(&client).await;
    let ou = create_ou(&client, &root, &name).await;
    let labels = ["web", "data", "dev", "quiet"];
    let ids = create_members(&client, &name, &labels, Some(&ou)).await;
    let wanted = |label: &str| match label {
        "web" => Seeded {
            group: (String::new(), Some(22)),
            bucket: Some((format!("{name}-web"), true)),
            user: None,
        },
        "data" => Seeded {
            group: (String::new(), None),
            bucket: Some((format!("{name}-data"), false)),
            user: Some((format!("{name}-etl"), true, false)),
        },
        "dev" => Seeded {
            group: (String::new(), Some(3389)),
            bucket: None,
            user: Some((format!("{name}-dev"), false, true)),
        },
        _ => Seeded::default(),
    };
    let mut seeded = Vec::new();
    for (label, id) in labels.iter().zip(&ids) {
        seeded.push(seed_member(&endpoint, id, &format!("{name}-{label}"), wanted(label)).await);
    }

    let [web, data, dev, quiet] = [&ids[0], &ids[1], &ids[2], &ids[3]];
    let [web_seed, data_seed, dev_seed, quiet_seed] =
        [&seeded[0], &seeded[1], &seeded[2], &seeded[3]];
    let [sg, inline, mfa, public] = PINNED_CHECKS;
    let bucket = |s: &Seeded| s.bucket.as_ref().expect("bucket").0.clone();
    let user = |s: &Seeded| s.user.as_ref().expect("user").0.clone();
    let mut expected: Vec<(String, String, String, String)> = [
        (web, sg, web_seed.group.0.clone(), "FAIL"),
        (data, sg, data_seed.group.0.clone(), "PASS"),
        (dev, sg, dev_seed.group.0.clone(), "FAIL"),
        (quiet, sg, quiet_seed.group.0.clone(), "PASS"),
        (web, public, bucket(web_seed), "FAIL"),
        (data, public, bucket(data_seed), "PASS"),
        (data, inline, user(data_seed), "FAIL"),
        (dev, inline, user(dev_seed), "PASS"),
        (data, mfa, user(data_seed), "PASS"),
        (dev, mfa, user(dev_seed), "FAIL"),
    ]
    .into_iter()
    .map(|(account, check, resource, status)| {
        (
            account.clone(),
            check.to_string(),
            resource,
            status.to_string(),
        )
    })
    .collect();
    expected.sort();

    let dir = tempfile::tempdir().expect("temp dir");
    let snapshots = dir.path().join("snapshots");
    let org_run = audit_checks(
        &endpoint,
        &PINNED_CHECKS,
        &[
            "--org",
            "--ou",
            &ou,
            "--role-name",
            MEMBER_ROLE,
            "--exclude-account",
            MANAGEMENT,
            "--save-snapshot",
            snapshots.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(org_run.status.code(), Some(0), "{}", stderr(&org_run));
    let org_report = crate::common::json(&org_run);
    let org_findings = findings_of(&org_report);
    let seeded_resources: Vec<(&str, &str)> = expected
        .iter()
        .map(|(account, _, resource, _)| (account.as_str(), resource.as_str()))
        .collect();
    let pinned: Vec<(String, String, String, String)> = verdicts(&org_report)
        .into_iter()
        .filter(|(account, _, resource, _)| {
            seeded_resources.contains(&(account.as_str(), resource.as_str()))
        })
        .collect();
    assert_eq!(pinned, expected, "{org_findings:#?}");
    // Nothing unseeded fails: the default groups and the quiet member pass whatever else is there.
    let failing: Vec<_> = verdicts(&org_report)
        .into_iter()
        .filter(|v| v.3 != "PASS")
        .collect();
    let pinned_failing: Vec<_> = expected.iter().filter(|v| v.3 != "PASS").cloned().collect();
    assert_eq!(failing, pinned_failing);
    let audited: Vec<&str> = org_report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    let mut members = ids.iter().map(String::as_str).collect::<Vec<_>>();
    members.sort();
    assert_eq!(
        audited, members,
        "the OU's members, the management account excluded"
    );

    // A manifest of the same accounts: exactly the same findings.
    let manifest = dir.path().join("accounts.jsonl");
    let lines: String = ids
        .iter()
        .map(|id| format!("{{\"account_id\": \"{id}\"}}\n"))
        .collect();
    std::fs::write(&manifest, lines).expect("manifest written");
    let manifest = manifest.to_str().expect("utf-8").to_string();
    let from_manifest = [
        "--accounts",
        manifest.as_str(),
        "--role-name",
        MEMBER_ROLE,
        "--exclude-account",
        MANAGEMENT,
    ];
    let manifest_run = audit_checks(&endpoint, &PINNED_CHECKS, &from_manifest);
    assert_eq!(
        manifest_run.status.code(),
        Some(0),
        "{}",
        stderr(&manifest_run)
    );
    assert_eq!(
        findings_of(&crate::common::json(&manifest_run)),
        org_findings
    );

    // Shards named by the job runner's index, merged: the same findings again.
    for (variable, count) in [
        ("AWS_BATCH_JOB_ARRAY_INDEX", 3),
        ("JOB_COMPLETION_INDEX", 2),
    ] {
        let mut outputs = Vec::new();
        for index in 0..count {
            let out = dir.path().join(format!("{variable}-{index}"));
            let shard = posture_at(&endpoint)
                .env(variable, index.to_string())
                .env("POSTURE_SHARD_COUNT", count.to_string())
                .args([
                    "audit",
                    "--region",
                    ORG_REGION,
                    "--no-progress",
                    "--format",
                    "json",
                ])
                .args(PINNED_CHECKS.iter().flat_map(|check| ["--check", check]))
                .args(from_manifest)
                .arg("--output-dir")
                .arg(&out)
                .output()
                .expect("posture runs");
            assert_eq!(
                shard.status.code(),
                Some(0),
                "{variable}={index}: {}",
                stderr(&shard)
            );
            outputs.push(out);
        }
        let merged = posture_at(&endpoint)
            .arg("merge")
            .args(&outputs)
            .args(["--accounts", &manifest, "--format", "json"])
            .output()
            .expect("merge runs");
        assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
        let merged = crate::common::json(&merged);
        assert_eq!(findings_of(&merged), org_findings, "{variable}");
        assert!(
            merged["stats"]["api_calls"]
                .as_u64()
                .is_some_and(|calls| calls > 0),
            "the shards' calls are added up: {}",
            merged["stats"]
        );
    }

    // The saved snapshots, re-audited offline: the same findings.
    let offline = posture()
        .args(["audit", "--format", "json", "--from"])
        .arg(&snapshots)
        .args(PINNED_CHECKS.iter().flat_map(|check| ["--check", check]))
        .output()
        .expect("posture runs");
    assert_eq!(offline.status.code(), Some(0), "{}", stderr(&offline));
    let offline = crate::common::json(&offline);
    assert_eq!(findings_of(&offline), org_findings);
    // With each account's name and OU path, as the live run gave them.
    let named = |report: &serde_json::Value| report["accounts"].clone();
    assert_eq!(named(&offline), named(&org_report));
}

/// LocalStack's community edition has no Organizations, but a 12-digit access key id selects
/// the account and AssumeRole into another account's role acts in that account: two accounts
/// seeded differently, audited through a manifest, each seen in its own state.
#[tokio::test]
async fn a_manifest_on_localstack_audits_each_account_in_its_own_state() {
    let endpoint = emulator(crate::emulator::LOCALSTACK);
    let name = unique("ls");
    let (open, closed) = ("210987654321", "210987654322");
    let mut groups = Vec::new();
    for (account, port) in [(open, Some(22)), (closed, None)] {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&endpoint)
            .region(aws_config::Region::new(ORG_REGION))
            .credentials_provider(aws_sdk_iam::config::Credentials::new(
                account, "test", None, None, "account",
            ))
            .load()
            .await;
        let ec2 = aws_sdk_ec2::Client::new(&config);
        groups.push(security_group(&ec2, &format!("ssh-{name}"), port).await);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = crate::common::temp_file(
        dir.path(),
        "accounts.jsonl",
        &format!("{{\"account_id\": \"{open}\"}}\n{{\"account_id\": \"{closed}\"}}\n"),
    );
    let output = org_audit(
        &endpoint,
        &[
            "--accounts",
            manifest.to_str().expect("utf-8"),
            "--role-name",
            "PostureAudit",
            "--exclude-account",
            "000000000000",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let seen = verdicts(&crate::common::json(&output));
    let of = |group: &str| -> Vec<(String, String)> {
        seen.iter()
            .filter(|v| v.2 == group)
            .map(|v| (v.0.clone(), v.3.clone()))
            .collect()
    };
    assert_eq!(of(&groups[0]), [(open.to_string(), "FAIL".to_string())]);
    assert_eq!(of(&groups[1]), [(closed.to_string(), "PASS".to_string())]);
    // Each account saw only its own groups: the closed account fails nothing.
    assert!(
        seen.iter().filter(|v| v.0 == closed).all(|v| v.3 == "PASS"),
        "{seen:?}"
    );
    let accounts: Vec<&str> = seen.iter().map(|v| v.0.as_str()).collect();
    assert!(
        accounts.iter().all(|a| *a == open || *a == closed),
        "{accounts:?}"
    );
}

/// `--from DIR` over a folder as an organization run saves it: each account re-audited from its
/// snapshot with the context the index gives it, the same findings as auditing each snapshot
/// alone, and an account that could not be entered the same ERROR for every selected check.
#[test]
fn a_folder_of_saved_accounts_is_re_audited_offline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(crate::common::fixture(crate::common::MIXED_SNAPSHOT))
        .expect("fixture");
    let mut snapshot: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let first = snapshot["account"]["id"].as_str().expect("id").to_string();
    std::fs::write(dir.path().join(format!("{first}.json")), &text).expect("written");
    let second = "444455556666";
    snapshot["account"]["id"] = second.into();
    std::fs::write(
        dir.path().join(format!("{second}.json")),
        snapshot.to_string(),
    )
    .expect("written");
    let refused = "777788889999";
    let error = format!(
        "sts:AssumeRole failed: arn:aws:iam::{refused}:role/PostureAudit: AccessDenied: no"
    );
    let index = serde_json::json!([
        {"id": first, "name": "prod", "ou_path": "Root/Prod", "role_arn": null,
         "status": "audited", "error": null},
        {"id": second, "role_arn": format!("arn:aws:iam::{second}:role/PostureAudit"),
         "status": "audited", "error": null},
        {"id": refused, "role_arn": format!("arn:aws:iam::{refused}:role/PostureAudit"),
         "status": "error", "error": error},
    ]);
    std::fs::write(dir.path().join("accounts.json"), index.to_string()).expect("written");
    let checks = ["--check", "s3.*", "--check", "iam.root_mfa_enabled"];
    let audit = |from: &std::path::Path| {
        let output = posture()
            .args(["audit", "--format", "json", "--from"])
            .arg(from)
            .args(checks)
            .output()
            .expect("posture runs");
        crate::common::json(&output)
    };
    let folder = audit(dir.path());
    let all = findings_of(&folder);
    let alone = findings_of(&audit(&dir.path().join(format!("{first}.json"))));
    let of = |account: &str| -> Vec<[String; 5]> {
        all.iter().filter(|f| f[0] == account).cloned().collect()
    };
    assert!(!alone.is_empty());
    assert_eq!(of(&first), alone);
    assert_eq!(of(second).len(), alone.len());
    let refused_findings = of(refused);
    let checks_run: std::collections::BTreeSet<&str> =
        alone.iter().map(|f| f[1].as_str()).collect();
    assert_eq!(refused_findings.len(), checks_run.len());
    assert!(
        refused_findings
            .iter()
            .all(|f| f[3] == "ERROR" && f[4] == error && f[2] == refused),
        "{refused_findings:#?}"
    );
    let prod = folder["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["account"]["id"] == first.as_str())
        .expect("a finding of the first account");
    assert_eq!(prod["account"]["name"], "prod");
    assert_eq!(prod["account"]["ou_path"], "Root/Prod");
    assert_eq!(folder["accounts"], index);
    assert_eq!(
        folder["summary"]["by_account"][refused]["ERROR"],
        checks_run.len()
    );

    // Snapshots gathered by hand, without an index: every `<account id>.json`, by id alone.
    std::fs::remove_file(dir.path().join("accounts.json")).expect("removed");
    let gathered = audit(dir.path());
    let ids: Vec<&str> = gathered["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    let mut expected = vec![first.as_str(), second];
    expected.sort();
    assert_eq!(ids, expected);
    let without_refused: Vec<[String; 5]> = all.into_iter().filter(|f| f[0] != refused).collect();
    assert_eq!(findings_of(&gathered), without_refused);
    // A folder with neither is refused as input.
    let empty = tempfile::tempdir().expect("temp dir");
    let refused_input = posture()
        .args(["audit", "--from"])
        .arg(empty.path())
        .output()
        .expect("posture runs");
    assert_eq!(
        refused_input.status.code(),
        Some(2),
        "{}",
        stderr(&refused_input)
    );
    assert!(stderr(&refused_input).contains("holds no account snapshot"));
}
