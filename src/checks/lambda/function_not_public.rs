//! `lambda.function_not_public`: no function's resource-based policy lets anyone invoke or manage it.

use serde_json::Value;

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::services::Function;
use crate::inventory::{Gap, Inventory, Source};
use crate::policy::{PolicyDocument, Reach, UnpinnedService, analyse};

pub struct FunctionNotPublic;

impl Check for FunctionNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("lambda/function_not_public")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Lambda, Source::LambdaPolicies]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.functions,
            |_, function| Some(judge(function, &inventory.account.id)),
        )
    }
}

fn judge(function: &Function, account: &str) -> Result<Verdict, Gap> {
    let name = &function.name;
    let Some(value) = function.policy.get()? else {
        return Ok(Verdict::Pass(format!(
            "function {name} has no resource-based policy"
        )));
    };
    let document = parse(value)?;
    // Security Hub's Lambda.1 counts a service principal that no aws:SourceAccount or
    // aws:SourceArn pins as public: any account's resource could trigger the function.
    let open: Vec<String> = analyse(&document, account)
        .iter()
        .filter(|grant| grant.reach.is_public(UnpinnedService::IsPublic))
        .map(|grant| {
            let sid = grant.statement.sid.as_deref().unwrap_or("(no Sid)");
            let who = match &grant.reach {
                Reach::Public => "everyone".to_string(),
                other => other.to_string(),
            };
            format!("statement {sid} allows {} to {who}", grant.actions_text())
        })
        .collect();
    Ok(if open.is_empty() {
        Verdict::Pass(format!(
            "function {name}'s resource-based policy grants nothing to everyone"
        ))
    } else {
        Verdict::Fail(format!("function {name} is public: {}", open.join("; ")))
    })
}

/// The policy as a document; one that cannot be read is a gap, never a PASS.
fn parse(value: &Value) -> Result<PolicyDocument, Gap> {
    PolicyDocument::parse(value).map_err(|error| Gap::new("lambda:GetPolicy", error.to_string()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::checks::fixtures::{failed, verdicts};
    use crate::checks::lambda::fixtures::{assert_region_error, function, run};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Function;

    fn with_policy(name: &str, statement: Value) -> Function {
        let mut f = function(name);
        f.policy = Collected::Ok(Some(
            json!({"Version": "2012-10-17", "Statement": [statement]}),
        ));
        f
    }

    #[test]
    fn fails_when_anyone_may_invoke() {
        let public = with_policy(
            "open",
            json!({
                "Sid": "anyone", "Effect": "Allow", "Principal": "*",
                "Action": "lambda:InvokeFunction", "Resource": "*"
            }),
        );
        let findings = run(&FunctionNotPublic, vec![public]);
        assert_eq!(verdicts(&findings), vec![("open".into(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "function open is public: statement anyone allows lambda:InvokeFunction to everyone"
        );
    }

    #[test]
    fn fails_a_service_principal_no_source_condition_pins() {
        let unpinned = with_policy(
            "any-bucket",
            json!({
                "Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "lambda:InvokeFunction", "Resource": "*"
            }),
        );
        let findings = run(&FunctionNotPublic, vec![unpinned]);
        assert_eq!(
            verdicts(&findings),
            vec![("any-bucket".into(), Status::Fail)]
        );
        assert!(
            findings[0]
                .message
                .contains("s3.amazonaws.com acting for any account's resources"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn passes_without_a_policy_or_with_pinned_principals() {
        let service = with_policy(
            "s3-trigger",
            json!({
                "Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "lambda:InvokeFunction", "Resource": "*",
                "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}}
            }),
        );
        let pinned = with_policy(
            "pinned",
            json!({
                "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "*",
                "Condition": {"StringEquals": {"AWS:SourceAccount": "111122223333"}}
            }),
        );
        let own_account = with_policy(
            "own-account",
            json!({
                "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "lambda:InvokeFunction", "Resource": "*"
            }),
        );
        let findings = run(
            &FunctionNotPublic,
            vec![function("plain"), service, pinned, own_account],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("plain".into(), Status::Pass),
                ("s3-trigger".into(), Status::Pass),
                ("pinned".into(), Status::Pass),
                ("own-account".into(), Status::Pass),
            ]
        );
        assert_eq!(
            findings[0].message,
            "function plain has no resource-based policy"
        );
    }

    #[test]
    fn errors_on_an_unread_or_malformed_policy_or_unlisted_functions() {
        let mut unread = function("unread");
        unread.policy = failed("lambda:GetPolicy");
        let mut malformed = function("malformed");
        malformed.policy = Collected::Ok(Some(json!({"Version": "2012-10-17"})));
        let findings = run(&FunctionNotPublic, vec![unread, malformed]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("unread".into(), Status::Error),
                ("malformed".into(), Status::Error)
            ]
        );
        assert!(findings[0].message.contains("lambda:GetPolicy failed"));
        assert!(
            findings[1]
                .message
                .contains("lambda:GetPolicy failed: policy document is malformed")
        );
        assert_region_error(&FunctionNotPublic);
    }
}
