//! Sentences for visit observations and issues, follow-ups and notes.

pub(in crate::demo) const OBSERVATIONS: &[&str] = &[
    "Training attended by 34 farmers, half of them women. Demonstration plots well kept.",
    "Borehole pump repaired; water committee collects fees monthly and keeps records.",
    "Health volunteers report more clinic referrals since the last visit.",
    "Classrooms finished; desks delivered but not yet distributed.",
    "Savings group meets weekly; loan repayments on schedule.",
    "Forum with 12 NGOs on the new registration rules; many questions on tax exemption.",
    "Baseline survey under way; enumerators trained on tablets.",
];
pub(in crate::demo) const ISSUES: &[&str] = &[
    "Seed delivery late by two weeks because of road conditions.",
    "County counterpart transferred; new officer not yet briefed.",
    "Budget line for transport overspent by 15%.",
    "Rainy season made the site unreachable for a week.",
    "Receipts for the last quarter incomplete.",
];
pub(in crate::demo) const FOLLOW_UPS: &[&str] = &[
    "Send training manual",
    "Share the revised budget with head office",
    "Confirm dates for the monitoring visit",
    "Introduce the NGO to the county health office",
    "Collect missing receipts",
    "Draft the quarterly report",
    "Check security advice for the site",
    "Book the venue for the NGO forum",
];
pub(in crate::demo) const NOTE_OPENINGS: &[&str] = &[
    "Met at the NGO forum.",
    "Phone call:",
    "Email thread:",
    "Courtesy visit.",
    "At the county office:",
    "Quick chat after the workshop.",
];
pub(in crate::demo) const NOTE_DETAILS: &[&str] = &[
    "Interested in the partner-type scheme next year; wants the application guide in French.",
    "Prefers WhatsApp to e-mail; answers quickly in the mornings.",
    "Asked about registration rules for foreign NGOs and tax exemption for imported equipment.",
    "Will introduce us to the water committee chair in the next visit.",
    "Knows the district officials well; good entry point for local-activation type projects.",
    "On leave until the end of the month; deputy handles requests.",
    "Shared a list of community groups active in the sub-county.",
    "Concerned about the delay in the second tranche; promised a reply by Friday.",
];
