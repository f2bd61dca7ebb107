//! The cities demo organizations and projects are in, with their dialling
//! codes, local government and project sites.

pub struct Place {
    pub(in crate::demo) city: &'static str,
    pub(in crate::demo) country: &'static str,
    pub(in crate::demo) dial: &'static str,
    pub(in crate::demo) local_gov: &'static str,
    pub(in crate::demo) sites: &'static [&'static str],
}

pub(in crate::demo) const PLACES: &[Place] = &[
    Place {
        city: "Nairobi",
        country: "KE",
        dial: "+254",
        local_gov: "City County",
        sites: &["Kibera", "Mathare", "Kawangware"],
    },
    Place {
        city: "Kisumu",
        country: "KE",
        dial: "+254",
        local_gov: "County Government",
        sites: &["Nyalenda", "Manyatta", "Kondele"],
    },
    Place {
        city: "Kakamega",
        country: "KE",
        dial: "+254",
        local_gov: "County Government",
        sites: &["Shinyalu", "Lurambi", "Malava"],
    },
    Place {
        city: "Mombasa",
        country: "KE",
        dial: "+254",
        local_gov: "County Government",
        sites: &["Likoni", "Kisauni", "Changamwe"],
    },
    Place {
        city: "Dar es Salaam",
        country: "TZ",
        dial: "+255",
        local_gov: "City Council",
        sites: &["Temeke", "Kinondoni", "Ilala"],
    },
    Place {
        city: "Arusha",
        country: "TZ",
        dial: "+255",
        local_gov: "District Council",
        sites: &["Meru", "Monduli", "Ngarenaro"],
    },
    Place {
        city: "Mwanza",
        country: "TZ",
        dial: "+255",
        local_gov: "City Council",
        sites: &["Ilemela", "Nyamagana", "Kisesa"],
    },
    Place {
        city: "Lusaka",
        country: "ZM",
        dial: "+260",
        local_gov: "City Council",
        sites: &["Kanyama", "Chawama", "Matero"],
    },
    Place {
        city: "Ndola",
        country: "ZM",
        dial: "+260",
        local_gov: "City Council",
        sites: &["Chifubu", "Kansenshi", "Twapia"],
    },
    Place {
        city: "Livingstone",
        country: "ZM",
        dial: "+260",
        local_gov: "City Council",
        sites: &["Dambwa", "Maramba", "Linda"],
    },
    Place {
        city: "Dakar",
        country: "SN",
        dial: "+221",
        local_gov: "Ville de Dakar",
        sites: &["Médina", "Pikine", "Guédiawaye"],
    },
    Place {
        city: "Thiès",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Keur Mbaye", "Mbour", "Tivaouane"],
    },
    Place {
        city: "Saint-Louis",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Guet Ndar", "Sor", "Bango"],
    },
    Place {
        city: "Ziguinchor",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Boucotte", "Kandé", "Lyndiane"],
    },
    Place {
        city: "Kaolack",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Médina Baye", "Sam", "Kasnack"],
    },
];
