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
