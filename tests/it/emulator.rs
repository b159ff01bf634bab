//! Collectors and the whole audit against the emulators `scripts/test.sh` starts. Each collector
//! test seeds through the SDK with unique names and asserts on the inventory it collects.

use std::collections::BTreeSet;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use posture::check::Source;
use posture::collect::{self, Progress, Targeting};
use posture::inventory::Inventory;

use crate::common::{emulator, json, posture_at, stderr};

pub const LOCALSTACK: &str = "POSTURE_TEST_LOCALSTACK";
pub const MOTO: &str = "POSTURE_TEST_MOTO";

struct Silent;

impl Progress for Silent {
    fn start(&self, _total: usize) {}
    fn done(&self, _step: &str) {}
}

/// A name no other test run has used on this emulator.
fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("it-{prefix}-{}-{}", std::process::id(), nanos % 1_000_000_000)
}

async fn sdk_config(endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(aws_sdk_iam::config::Credentials::new("test", "test", None, None, "posture-tests"))
        .load()
        .await
}

async fn collect_from(endpoint: &str, sources: &[Source]) -> Inventory {
    let targeting = Targeting {
        endpoint_url: Some(endpoint.to_string()),
        regions: vec!["us-east-1".to_string()],
        ..Targeting::default()
    };
    let session = collect::connect(&targeting).await.expect("the emulator answers sts:GetCallerIdentity");
    let sources: BTreeSet<Source> = sources.iter().copied().collect();
    collect::collect(&session, &sources, &Silent).await
}

#[tokio::test]
async fn iam_collector_sees_every_seeded_user_despite_the_credential_report() {
    let endpoint = emulator(LOCALSTACK);
    let config = sdk_config(&endpoint).await;
    let iam = aws_sdk_iam::Client::new(&config);
    let users: Vec<String> = (0..3).map(|n| unique(&format!("user{n}"))).collect();
    for user in &users {
        iam.create_user().user_name(user).send().await.expect("create user");
    }
    iam.create_login_profile().user_name(&users[0]).password("Sandbox-Passw0rd!").send().await.expect("login profile");
    iam.put_user_policy()
        .user_name(&users[1])
        .policy_name("inline")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .expect("inline policy");
    iam.create_access_key().user_name(&users[2]).send().await.expect("access key");

    let inventory = collect_from(&endpoint, &[Source::Iam]).await;
    let authorization = inventory.iam.authorization.get().expect("authorization details collected");
    let credentials = inventory.iam.credentials.get().expect("credentials collected");
    for user in &users {
        assert!(authorization.users.iter().any(|u| &u.name == user), "{user} missing from the users");
        assert!(credentials.iter().any(|c| &c.user == user), "{user} missing from the credentials");
    }
    let with_password = credentials.iter().find(|c| c.user == users[0]).expect("row");
    assert_eq!(with_password.password_enabled, Some(true));
    let inline = authorization.users.iter().find(|u| u.name == users[1]).expect("user");
    assert_eq!(inline.inline_policies.len(), 1);
    assert_eq!(inline.inline_policies[0].document["Statement"][0]["Action"], "*", "documents are decoded");
    let keyed = credentials.iter().find(|c| c.user == users[2]).expect("row");
    assert_eq!(keyed.active_keys().count(), 1);
    assert!(inventory.iam.account_summary.get().is_ok());
}

#[tokio::test]
async fn s3_collector_reads_bucket_settings_and_names_what_the_endpoint_lacks() {
    let endpoint = emulator(LOCALSTACK);
    let config = sdk_config(&endpoint).await;
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    let bucket = unique("bucket");
    s3.create_bucket().bucket(&bucket).send().await.expect("create bucket");
    s3.put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            aws_sdk_s3::types::VersioningConfiguration::builder()
                .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .expect("versioning");
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
    );
    s3.put_bucket_policy().bucket(&bucket).policy(policy).send().await.expect("policy");

    let inventory = collect_from(&endpoint, &[Source::S3]).await;
    let buckets = inventory.s3.buckets.get().expect("buckets listed");
    let found = buckets.iter().find(|b| b.name == bucket).expect("seeded bucket collected");
    assert_eq!(found.region, "us-east-1");
    assert_eq!(found.versioning.get().expect("versioning").status.as_deref(), Some("Enabled"));
    let document = found.policy.get().expect("policy read").as_ref().expect("has a policy");
    assert_eq!(document["Statement"][0]["Effect"], "Deny");
    assert!(found.acl.get().is_ok());
    assert!(inventory.s3.account_public_access_block.get().is_ok(), "s3control answers through the fixed endpoint");
    // LocalStack does not implement GetBucketPolicyStatus: a gap that names the call, not a guess.
    let gap = found.policy_is_public.get().expect_err("LocalStack lacks GetBucketPolicyStatus");
    assert_eq!(gap.call, "s3:GetBucketPolicyStatus");
}

#[tokio::test]
async fn ec2_collector_reads_every_rule_of_a_group() {
    let endpoint = emulator(LOCALSTACK);
    let config = sdk_config(&endpoint).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let name = unique("sg");
    let group = ec2.create_security_group().group_name(&name).description("posture test").send().await.expect("sg");
    let group_id = group.group_id().expect("id").to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&group_id)
        .ip_permissions(
            aws_sdk_ec2::types::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(aws_sdk_ec2::types::IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .ipv6_ranges(aws_sdk_ec2::types::Ipv6Range::builder().cidr_ipv6("::/0").build())
                .build(),
        )
        .send()
        .await
        .expect("ingress");

    let inventory = collect_from(&endpoint, &[Source::Ec2]).await;
    let region = &inventory.regions["us-east-1"];
    let groups = region.ec2.security_groups.get().expect("groups");
    let found = groups.iter().find(|g| g.id == group_id).expect("seeded group collected");
    assert_eq!(found.name, name);
    let ssh = found.ingress.iter().find(|p| p.from_port == Some(22)).expect("the SSH rule");
    assert_eq!(ssh.protocol, "tcp");
    assert!(ssh.ipv4_ranges.contains(&"0.0.0.0/0".to_string()));
    assert!(ssh.ipv6_ranges.contains(&"::/0".to_string()));
    assert!(region.ec2.vpcs.get().is_ok());
    assert!(region.ec2.network_acls.get().is_ok());
}

#[test]
fn an_unimplemented_api_yields_error_findings_naming_the_call() {
    let endpoint = emulator(LOCALSTACK);
    let output = posture_at(&endpoint)
        .args(["audit", "--format", "json", "--check", "cloudtrail.*", "--check", "iam.root_mfa_enabled"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let cloudtrail: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["service"] == "cloudtrail")
        .collect();
    assert!(!cloudtrail.is_empty());
    for finding in cloudtrail {
        assert_eq!(finding["status"], "ERROR", "{finding}");
        assert!(finding["message"].as_str().expect("message").contains("cloudtrail:"), "{finding}");
    }
}

#[test]
fn a_snapshot_audits_offline_to_the_same_findings() {
    let endpoint = emulator(MOTO);
    let dir = tempfile::tempdir().expect("temp dir");
    let snapshot = dir.path().join("inventory.json");
    let live = posture_at(&endpoint)
        .args(["audit", "--format", "json", "--save-snapshot"])
        .arg(&snapshot)
        .output()
        .expect("runs");
    assert!(live.status.success(), "{}", stderr(&live));
    let offline = crate::common::posture().args(["audit", "--format", "json", "--from"]).arg(&snapshot).output().expect("runs");
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert_eq!(json(&live)["findings"], json(&offline)["findings"]);
}
