//! AWS Shield checks. Shield Standard is AWS's: it guards every account against the common
//! network- and transport-layer DDoS attacks, at no charge and with nothing to switch on. Shield
//! Advanced is bought: the customer subscribes and chooses which internet-facing resources it
//! protects, gaining application-layer detection, the Shield Response Team and cost protection.

crate::service_checks! {
    advanced_protects_internet_facing::AdvancedProtectsInternetFacing,
}
