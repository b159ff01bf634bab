//! The Account Management API: the account's security alternate contact (CIS 1.2).

use aws_config::SdkConfig;
use aws_sdk_account::Client;
use aws_sdk_account::types::{AlternateContact as SdkAlternateContact, AlternateContactType};

use super::record_optional;
use crate::inventory::{AlternateContact, Collected};

/// `None` when no security contact is set: the API answers ResourceNotFoundException then.
pub async fn security_contact(config: &SdkConfig) -> Collected<Option<AlternateContact>> {
    let result = Client::new(config)
        .get_alternate_contact()
        .alternate_contact_type(AlternateContactType::Security)
        .send()
        .await;
    record_optional(
        "account:GetAlternateContact",
        &["ResourceNotFoundException"],
        result,
    )
    .map(|output| output.and_then(|o| o.alternate_contact().map(contact)))
}

fn contact(contact: &SdkAlternateContact) -> AlternateContact {
    let text = |value: Option<&str>| value.unwrap_or_default().to_string();
    AlternateContact {
        name: text(contact.name()),
        title: text(contact.title()),
        email: text(contact.email_address()),
        phone: text(contact.phone_number()),
    }
}
