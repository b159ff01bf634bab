//! `iam.no_expired_server_certificates`: no server certificate stored in IAM has expired.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::when;
use crate::checks::{account_resource, with_collected};
use crate::finding::{Finding, GLOBAL_REGION, Resource};
use crate::inventory::{Gap, Inventory, Source};

pub struct NoExpiredServerCertificates;

const CERTIFICATE_TYPE: &str = "AwsIamServerCertificate";

impl Check for NoExpiredServerCertificates {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/no_expired_server_certificates")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamServerCertificates]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        with_collected(
            meta,
            &inventory.iam.server_certificates,
            || account_resource(inventory),
            |certificates| {
                certificates
                    .iter()
                    .map(|certificate| {
                        let name = &certificate.name;
                        let resource = Resource::new(
                            CERTIFICATE_TYPE,
                            name.clone(),
                            Some(certificate.arn.clone()),
                            GLOBAL_REGION,
                        );
                        match certificate.expiration {
                            None => Finding::error(
                                meta,
                                resource,
                                &Gap::new(
                                    "iam:ListServerCertificates",
                                    format!("no expiration date was reported for {name}"),
                                ),
                            ),
                            Some(expiry) if expiry <= inventory.collected_at => Finding::fail(
                                meta,
                                resource,
                                format!("{name} expired {}", when(inventory, expiry)),
                            ),
                            Some(expiry) => Finding::pass(
                                meta,
                                resource,
                                format!("{name} is valid until {}", expiry.format("%Y-%m-%d")),
                            ),
                        }
                    })
                    .collect()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::days_ago;
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::iam::ServerCertificate;

    fn certificate(name: &str, expires_days_ago: Option<i64>) -> ServerCertificate {
        ServerCertificate {
            name: name.into(),
            arn: format!("arn:aws:iam::{ACCOUNT}:server-certificate/{name}"),
            expiration: expires_days_ago.map(days_ago),
        }
    }

    fn evaluate(certificates: Collected<Vec<ServerCertificate>>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.iam.server_certificates = certificates;
        NoExpiredServerCertificates.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_certificates_still_valid() {
        let findings = evaluate(Collected::Ok(vec![certificate(
            "learn-valid-cert",
            Some(-365),
        )]));
        assert_eq!(
            verdicts(&findings),
            vec![("learn-valid-cert".into(), Status::Pass)]
        );
        assert_eq!(findings[0].resource.kind, "AwsIamServerCertificate");
        assert!(findings[0].message.contains("valid until 2027-11-01"));
        // No certificates: nothing to examine, nothing to report.
        assert!(evaluate(Collected::Ok(Vec::new())).is_empty());
    }

    #[test]
    fn fails_expired_certificates() {
        let findings = evaluate(Collected::Ok(vec![certificate(
            "learn-expired-cert",
            Some(10),
        )]));
        assert_eq!(
            verdicts(&findings),
            vec![("learn-expired-cert".into(), Status::Fail)]
        );
        assert_eq!(
            findings[0].message,
            "learn-expired-cert expired 10 days ago (2026-10-22)"
        );
    }

    #[test]
    fn errors_when_not_collected_or_undated() {
        let findings = evaluate(failed("iam:ListServerCertificates"));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);

        let findings = evaluate(Collected::Ok(vec![certificate("undated", None)]));
        assert_eq!(verdicts(&findings), vec![("undated".into(), Status::Error)]);
    }
}
