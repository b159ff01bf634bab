//! `posture learn`: the audited account as a lesson. Chapters follow the Cloud Practitioner's
//! security topics (the shared responsibility model, identity, data, network, logging and
//! detection, managed services); each states the idea, then shows this account's own findings
//! that illustrate it, who owns the fix and why, and the fix itself. [`quiz`] turns the same
//! findings into questions.

pub mod quiz;

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::catalog::{CheckMeta, Layer, Owner, ServiceModel};
use crate::finding::{Finding, Status, StatusCounts};
use crate::output::failed_call;
use crate::output::table::wrap;
use crate::report::Report;

/// Checks explained in full per chapter; the rest of a chapter's failures get one line each.
const DETAILED_CHECKS: usize = 3;
/// Failing resources quoted per detailed check.
const EXAMPLES: usize = 2;

/// One chapter of the tour: an idea, and which checks illustrate it.
struct Chapter {
    title: &'static str,
    concept: &'static str,
    /// The checks whose findings illustrate the idea; `None` for the overview chapter.
    covers: Option<fn(&CheckMeta) -> bool>,
}

const CHAPTERS: &[Chapter] = &[
    Chapter {
        title: "The shared responsibility model",
        concept: "AWS and you split the work of securing an account. AWS answers for security OF the \
            cloud: the buildings, the hardware, the global network and the virtualisation layer that \
            every service runs on. You answer for security IN the cloud: who can sign in, what they \
            may do, which data you keep, how it is encrypted and which network paths are open. Where \
            the line falls depends on how much of a service AWS runs for you: the more managed the \
            service, the less is left to you, but your data and your identities are always yours.",
        covers: None,
    },
    Chapter {
        title: "Identity: root user, MFA, access keys, least privilege",
        concept: "Every request to AWS is made by an identity: the root user that created the \
            account, IAM users with long-lived passwords and access keys, or roles that hand out \
            temporary credentials. The root user can do anything, closing the account included, so \
            it should have MFA, no access keys, and no part in daily work. People get their own \
            sign-in with MFA, permissions arrive through groups and roles, and each policy grants only \
            what the job needs (least privilege). AWS runs IAM itself; everything configured in it is \
            yours.",
        covers: Some(|meta| meta.layer == Layer::Identity),
    },
    Chapter {
        title: "Data: public buckets, encryption, versioning",
        concept: "Your data is yours to protect whatever the service. You decide who may read it \
            (bucket policies, ACLs, Block Public Access), whether it is encrypted at rest (default \
            encryption, encrypted volumes, KMS keys that rotate) and in transit (TLS only), and \
            whether a mistake can be undone (versioning, backups, point-in-time recovery). AWS keeps \
            the storage durable and available and offers the encryption; switching it on is your \
            choice.",
        covers: Some(|meta| meta.layer == Layer::Data),
    },
    Chapter {
        title: "Network: security groups and network ACLs",
        concept: "Inside a VPC you decide which traffic reaches your resources. A security group is \
            a stateful firewall on an instance or interface: it admits only what its rules name, and \
            replies to admitted traffic return on their own. A network ACL is a stateless filter on a \
            subnet, read rule by rule in number order; the default one lets everything through. \
            Opening SSH, RDP or database ports to 0.0.0.0/0 invites the whole internet to try them. \
            AWS runs the physical network; the rules are yours.",
        covers: Some(|meta| meta.layer == Layer::Network),
    },
    Chapter {
        title: "Logging and detection",
        concept: "What you cannot see, you cannot fix. CloudTrail records who called which API and \
            when; AWS Config records how each resource was configured over time; GuardDuty reads \
            those records for signs of attack such as stolen credentials; Security Hub gathers \
            findings in one place; VPC flow logs record network traffic. AWS runs these services, but \
            they protect you only once you turn them on in every region, keep their logs safe and act \
            on what they report.",
        covers: Some(|meta| meta.layer == Layer::Logging),
    },
    Chapter {
        title: "Managed services and where the line moves",
        concept: "The line moves with the service model. On EC2 (IaaS) AWS looks after the hardware \
            and the hypervisor, and you own the guest operating system, its patches and its settings. \
            On RDS or Lambda (PaaS) AWS also runs and patches the operating system and the database \
            engine or runtime; you keep access, network exposure, encryption choices and your code. \
            On S3 or DynamoDB (SaaS-like) AWS runs the whole service; you keep your data and the \
            settings that protect it. Some duties stay shared: AWS ships the patches and the new \
            runtimes, and you must let them in.",
        covers: Some(|meta| meta.layer == Layer::Compute || meta.owner == Owner::Shared),
    },
];

/// Writes wrapped paragraphs at one width.
struct Page {
    out: String,
    width: usize,
}

impl Page {
    fn line(&mut self, indent: usize, rest: usize, text: &str) {
        for line in wrap(text, self.width, indent, rest) {
            let _ = writeln!(self.out, "{}", line.trim_end());
        }
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }
}

/// How one model reads in the overview: where the line sits, in a few words.
fn model_caption(model: ServiceModel) -> &'static str {
    match model {
        ServiceModel::Iaas => "IaaS: you patch the guest OS and set the firewall rules",
        ServiceModel::Paas => {
            "PaaS: AWS patches the OS and the engine or runtime; you own access and code"
        }
        ServiceModel::Saas => {
            "SaaS-like: AWS runs all of the service; you own the data and its settings"
        }
        ServiceModel::Account => "Account-wide: AWS provides the feature; turning it on is yours",
    }
}

fn counts_phrase(counts: &StatusCounts) -> String {
    format!(
        "{} FAIL, {} ERROR, {} PASS",
        counts.fail, counts.error, counts.pass
    )
}

fn overview(page: &mut Page, report: &Report) {
    page.line(2, 2, "This account's services, placed by service model:");
    for model in [
        ServiceModel::Iaas,
        ServiceModel::Paas,
        ServiceModel::Saas,
        ServiceModel::Account,
    ] {
        let services: Vec<String> = report
            .responsibility
            .iter()
            .filter(|line| line.model == model)
            .map(|line| match &line.usage_unknown {
                Some(_) => format!("{}: use unknown, its calls failed", line.name),
                None => format!("{}: {}", line.name, counts_phrase(&line.customer_status)),
            })
            .collect();
        page.line(4, 6, model_caption(model));
        if services.is_empty() {
            page.line(6, 8, "- none in use");
        }
        for service in services {
            page.line(6, 8, &format!("- {service}"));
        }
    }
    let by_owner = report.counts_by_owner();
    for (owner, whose) in [
        (Owner::Customer, "Yours to fix (customer)"),
        (Owner::Shared, "Shared with AWS"),
    ] {
        let counts = by_owner.get(&owner).cloned().unwrap_or_default();
        page.line(2, 4, &format!("{whose}: {}.", counts_phrase(&counts)));
    }
    page.line(
        2,
        4,
        "AWS's: no findings, and there never are: AWS's side (facilities, hardware, hypervisor, the \
         managed software) is inherited, not audited. `posture responsibility` lists it per service.",
    );
}

/// The findings of one check within a chapter.
struct CheckFindings<'a> {
    meta: &'static CheckMeta,
    findings: Vec<&'a Finding>,
}

impl CheckFindings<'_> {
    fn count(&self, status: Status) -> usize {
        self.findings
            .iter()
            .filter(|f| f.reported_status() == status)
            .count()
    }
}

/// A chapter's findings per check, in report order (the most severe check first).
fn by_check<'a>(findings: &'a [Finding], covers: fn(&CheckMeta) -> bool) -> Vec<CheckFindings<'a>> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, CheckFindings> = BTreeMap::new();
    for finding in findings.iter().filter(|f| covers(f.meta)) {
        let id = finding.meta.id.as_str();
        groups
            .entry(id)
            .or_insert_with(|| {
                order.push(id);
                CheckFindings {
                    meta: finding.meta,
                    findings: Vec::new(),
                }
            })
            .findings
            .push(finding);
    }
    order
        .into_iter()
        .filter_map(|id| groups.remove(id))
        .collect()
}

fn owner_phrase(owner: Owner) -> &'static str {
    match owner {
        Owner::Customer => "you, the customer (security IN the cloud)",
        Owner::Shared => "both sides: AWS ships the fix, you let it in (a shared control)",
        Owner::Aws => "AWS (security OF the cloud)",
    }
}

fn failing_check(page: &mut Page, group: &CheckFindings) {
    let meta = group.meta;
    let failing: Vec<&&Finding> = group
        .findings
        .iter()
        .filter(|f| f.reported_status() == Status::Fail)
        .collect();
    page.line(
        4,
        6,
        &format!(
            "{} [{}]: {} of {} resources fail \"{}\"",
            meta.id,
            meta.severity.as_str(),
            failing.len(),
            group.findings.len(),
            meta.title
        ),
    );
    for finding in failing.iter().take(EXAMPLES) {
        page.line(6, 8, &format!("- {}", finding.message));
    }
    if failing.len() > EXAMPLES {
        page.line(
            6,
            8,
            &format!("- and {} more like it", failing.len() - EXAMPLES),
        );
    }
    page.line(
        6,
        8,
        &format!(
            "Who fixes it: {}. {}",
            owner_phrase(meta.owner),
            meta.why_owner
        ),
    );
    page.line(6, 8, &format!("The fix: {}", meta.remediation));
    if let Some(cli) = &meta.remediation_cli {
        page.line(8, 10, &format!("$ {cli}"));
    }
}

fn chapter_findings(page: &mut Page, findings: &[Finding], covers: fn(&CheckMeta) -> bool) {
    let groups = by_check(findings, covers);
    if groups.is_empty() {
        page.line(
            2,
            4,
            "Nothing in this chapter was examined in this audit (no check selected, or no resource of the kind).",
        );
        return;
    }
    let (failing, rest): (Vec<&CheckFindings>, Vec<&CheckFindings>) = groups
        .iter()
        .partition(|group| group.count(Status::Fail) > 0);
    if failing.is_empty() {
        page.line(
            2,
            4,
            "This account gets it right: no check in this chapter fails.",
        );
    } else {
        page.line(2, 4, "What this account shows:");
        for group in failing.iter().take(DETAILED_CHECKS) {
            failing_check(page, group);
        }
        let others: Vec<String> = failing
            .iter()
            .skip(DETAILED_CHECKS)
            .map(|group| format!("{} ({})", group.meta.id, group.count(Status::Fail)))
            .collect();
        if !others.is_empty() {
            page.line(
                4,
                6,
                &format!(
                    "Also failing (posture explain <id> for each): {}",
                    others.join(", ")
                ),
            );
        }
    }
    let passing: Vec<&str> = rest
        .iter()
        .filter(|group| group.count(Status::Pass) > 0 && group.count(Status::Error) == 0)
        .map(|group| group.meta.id.as_str())
        .collect();
    if !passing.is_empty() {
        page.line(
            4,
            6,
            &format!("Right already, on every resource: {}", passing.join(", ")),
        );
    }
    let unseen: Vec<String> = groups
        .iter()
        .filter(|group| group.count(Status::Error) > 0)
        .map(|group| {
            let cause = group
                .findings
                .iter()
                .find(|f| f.reported_status() == Status::Error)
                .map(|f| match failed_call(&f.message) {
                    Some((call, _)) => format!("{call} failed"),
                    None => f.message.clone(),
                })
                .unwrap_or_default();
            format!("{} ({cause})", group.meta.id)
        })
        .collect();
    if !unseen.is_empty() {
        page.line(
            4,
            6,
            &format!(
                "Could not be examined, so neither passed nor failed: {}",
                unseen.join(", ")
            ),
        );
    }
}

/// The tour as text, wrapped to `width` columns.
pub fn tour(report: &Report, width: usize) -> String {
    let mut page = Page {
        out: String::new(),
        width,
    };
    page.line(
        0,
        2,
        &format!(
            "posture learn: a tour of account {} ({}), {} findings",
            report.account.id,
            report.target.endpoint_url.as_deref().unwrap_or("AWS"),
            report.findings.len()
        ),
    );
    for (number, chapter) in CHAPTERS.iter().enumerate() {
        page.blank();
        page.line(
            0,
            2,
            &format!(
                "Chapter {} of {}. {}",
                number + 1,
                CHAPTERS.len(),
                chapter.title
            ),
        );
        page.line(2, 2, chapter.concept);
        page.blank();
        match chapter.covers {
            None => overview(&mut page, report),
            Some(covers) => chapter_findings(&mut page, &report.findings, covers),
        }
    }
    page.blank();
    page.line(
        0,
        6,
        "Next: posture learn --quiz   questions drawn from these findings, answered one by one",
    );
    page.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;

    #[test]
    fn every_topic_of_the_study_texts_has_a_chapter_in_order() {
        let text = tour(&fixtures::report(), 100);
        let positions: Vec<usize> = [
            "Chapter 1 of 6. The shared responsibility model",
            "Chapter 2 of 6. Identity",
            "Chapter 3 of 6. Data",
            "Chapter 4 of 6. Network",
            "Chapter 5 of 6. Logging and detection",
            "Chapter 6 of 6. Managed services",
        ]
        .iter()
        .map(|title| {
            text.find(title)
                .unwrap_or_else(|| panic!("{title}\n{text}"))
        })
        .collect();
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(text.trim_end().ends_with("answered one by one"));
    }

    #[test]
    fn a_failing_chapter_shows_the_finding_the_owner_and_the_fix() {
        let text = tour(&fixtures::report(), 100);
        let identity =
            &text[text.find("Chapter 2").unwrap_or(0)..text.find("Chapter 3").unwrap_or(0)];
        assert!(
            identity.contains("iam.root_mfa_enabled [critical]: 1 of 1 resources fail"),
            "{identity}"
        );
        assert!(identity.contains("- The root user of account 123456789012 has no MFA device"));
        assert!(
            identity.contains("Who fixes it: you, the customer"),
            "{identity}"
        );
        assert!(identity.contains("The fix: "), "{identity}");
    }

    #[test]
    fn a_chapter_without_failures_says_the_account_gets_it_right() {
        let mut report = fixtures::report();
        for finding in &mut report.findings {
            if finding.meta.layer == Layer::Network {
                finding.status = Status::Pass;
            }
        }
        let text = tour(&report, 100);
        let network =
            &text[text.find("Chapter 4").unwrap_or(0)..text.find("Chapter 5").unwrap_or(0)];
        assert!(network.contains("This account gets it right"), "{network}");
        assert!(
            network.contains("Right already, on every resource: ec2."),
            "{network}"
        );
    }

    #[test]
    fn lines_fit_the_width() {
        let text = tour(&fixtures::report(), 80);
        for line in text.lines() {
            assert!(
                line.chars().count() <= 80 || !line.trim().contains(' '),
                "{line}"
            );
        }
    }
}
