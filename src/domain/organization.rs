use super::validate::{Invalid, require};
use super::{Meta, choice_enum};

choice_enum! {
    /// What sort of body an organization is.
    OrgKind, "kind of organization" {
        DonorNgo => "donor_ngo", "Donor-country NGO";
        LocalNgo => "local_ngo", "Local NGO / community group";
        LocalGovernment => "local_government", "Local government";
        University => "university", "University / research";
        Company => "company", "Company";
        Government => "government", "Government / ministry";
        International => "international", "International organisation";
        Other => "other", "Other";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Organization {
    pub meta: Meta,
    pub name: String,
    pub kind: OrgKind,
    pub country: Option<String>,
    pub city: Option<String>,
    pub website: Option<String>,
    pub tags: Vec<String>,
}

impl Organization {
    pub fn new(name: impl Into<String>, kind: OrgKind) -> Organization {
        Organization {
            meta: Meta::new(),
            name: name.into(),
            kind,
            country: None,
            city: None,
            website: None,
            tags: Vec::new(),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        require(&mut errors, "name", &self.name);
        super::contact::check_tags(&mut errors, &self.tags);
        errors.into_result()
    }
}
