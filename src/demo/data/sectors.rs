//! Project sectors, with their topics, summaries and beneficiaries.

pub(in crate::demo) const SECTORS: &[&str] = &[
    "health",
    "agriculture",
    "education",
    "water",
    "livelihoods",
    "environment",
    "disability",
];

pub(in crate::demo) fn topics(sector: &str) -> &'static [&'static str] {
    match sector {
        "health" => &[
            "HIV prevention training",
            "Maternal health outreach",
            "Community health volunteers",
            "Malaria net distribution",
        ],
        "agriculture" => &[
            "Farmers' field school",
            "Rice cultivation support",
            "Dairy cooperative",
            "Horticulture value chain",
        ],
        "education" => &[
            "Primary school teacher training",
            "Girls' secondary scholarships",
            "Early childhood centre",
        ],
        "water" => &[
            "Borehole rehabilitation",
            "School sanitation",
            "Rainwater harvesting",
        ],
        "livelihoods" => &[
            "Women's savings groups",
            "Youth vocational training",
            "Fish market improvement",
        ],
        "environment" => &[
            "Mangrove restoration",
            "Waste recycling cooperative",
            "Clean cookstoves",
        ],
        _ => &[
            "Inclusive education for deaf children",
            "Wheelchair workshop",
            "Community-based rehabilitation",
        ],
    }
}

pub(in crate::demo) fn sector_summary(sector: &str) -> &'static str {
    match sector {
        "health" => "Strengthens community health services",
        "agriculture" => "Raises smallholder yields and incomes",
        "education" => "Improves learning outcomes",
        "water" => "Brings safe water and sanitation",
        "livelihoods" => "Builds income and savings",
        "environment" => "Protects local ecosystems",
        _ => "Widens access for persons with disabilities",
    }
}

pub(in crate::demo) const BENEFICIARIES: &[&str] = &[
    "farmers' groups",
    "county health workers",
    "women's groups",
    "primary schools",
    "youth groups",
    "fishing communities",
];
