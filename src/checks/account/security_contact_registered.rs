//! `account.security_contact_registered`: the account has a security alternate contact registered.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::{account_resource, with_collected};
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct SecurityContactRegistered;

impl Check for SecurityContactRegistered {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("account/security_contact_registered")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = || account_resource(inventory);
        with_collected(meta, &inventory.security_contact, account, |contact| {
            let finding = match contact {
                Some(contact) if !contact.email.trim().is_empty() => Finding::pass(
                    meta,
                    account(),
                    format!(
                        "the security contact is {} <{}>",
                        contact.name, contact.email
                    ),
                ),
                Some(contact) => Finding::fail(
                    meta,
                    account(),
                    format!("the security contact {} has no e-mail address", contact.name),
                ),
                None => Finding::fail(
                    meta,
                    account(),
                    "no security alternate contact is registered: AWS security notices reach only the root e-mail address".to_string(),
                ),
            };
            vec![finding]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::finding::Status;
    use crate::inventory::{AlternateContact, Collected};

    fn with_contact(contact: Collected<Option<AlternateContact>>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.security_contact = contact;
        SecurityContactRegistered.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_a_registered_contact() {
        let findings = with_contact(Collected::Ok(Some(AlternateContact {
            name: "Security team".into(),
            title: "SOC".into(),
            email: "soc@example.com".into(),
            phone: "+1 555 0100".into(),
        })));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert!(findings[0].message.contains("soc@example.com"));
    }

    #[test]
    fn fails_when_none_is_registered() {
        let findings = with_contact(Collected::Ok(None));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .contains("no security alternate contact")
        );
    }

    #[test]
    fn errors_when_the_api_did_not_answer() {
        let findings = with_contact(failed("account:GetAlternateContact"));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("account:GetAlternateContact failed")
        );
    }
}
