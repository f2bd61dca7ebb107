//! Words organization names are made of, and some names used as they are.

pub(in crate::demo) const FAMOUS_DONOR_NGOS: &[&str] = &[
    "PLAS",
    "Japan Water Forum",
    "Hunger Free World",
    "AMDA",
    "Peace Winds",
    "Shapla Neer",
    "ADRA Japan",
    "Kokkyo naki Kodomotachi",
];
pub(in crate::demo) const DONOR_NGO_WORD: &[&str] = &[
    "Sakura", "Minori", "Hikari", "Kizuna", "Tsunagu", "Niji", "Midori", "Asahi", "Wakaba", "Hoshi",
];
pub(in crate::demo) const DONOR_NGO_NOUN: &[&str] = &[
    "Africa Fund",
    "Network",
    "Partners",
    "Foundation",
    "Friendship Association",
    "Support Center",
    "Education Forum",
];
pub(in crate::demo) const LOCAL_GROUP_ADJ: &[&str] = &[
    "Women's",
    "Youth",
    "Community",
    "Farmers'",
    "Widows'",
    "Fishers'",
    "Disabled Persons'",
    "Health",
];
pub(in crate::demo) const LOCAL_GROUP_NOUN: &[&str] = &[
    "Group",
    "Association",
    "Network",
    "Cooperative",
    "Initiative",
    "Trust",
];
pub(in crate::demo) const UNIVERSITY_PREFIX: &[&str] = &[
    "University of",
    "Institute of Rural Development,",
    "College of Health Sciences,",
    "Agricultural Research Centre,",
];
pub(in crate::demo) const OTHER_ORGS: &[&str] = &[
    "Ministry of Health",
    "Ministry of Agriculture",
    "Ministry of Education",
    "UNICEF Field Office",
    "WFP Sub-Office",
    "Safaricom Foundation",
    "Sonatel Foundation",
];
