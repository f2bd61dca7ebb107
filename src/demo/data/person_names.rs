//! People's given and family names by region (with native script and
//! reading where they differ), their roles and contact tags.

pub(in crate::demo) const JA_FAMILY: &[(&str, &str, &str)] = &[
    ("土居", "ドイ", "Doi"),
    ("佐藤", "サトウ", "Sato"),
    ("鈴木", "スズキ", "Suzuki"),
    ("高橋", "タカハシ", "Takahashi"),
    ("田中", "タナカ", "Tanaka"),
    ("渡辺", "ワタナベ", "Watanabe"),
    ("伊藤", "イトウ", "Ito"),
    ("山本", "ヤマモト", "Yamamoto"),
    ("中村", "ナカムラ", "Nakamura"),
    ("小林", "コバヤシ", "Kobayashi"),
    ("加藤", "カトウ", "Kato"),
    ("吉田", "ヨシダ", "Yoshida"),
    ("山田", "ヤマダ", "Yamada"),
    ("松本", "マツモト", "Matsumoto"),
    ("井上", "イノウエ", "Inoue"),
    ("木村", "キムラ", "Kimura"),
];
pub(in crate::demo) const JA_GIVEN: &[(&str, &str, &str)] = &[
    ("健市", "ケンイチ", "Kenichi"),
    ("健太", "ケンタ", "Kenta"),
    ("美咲", "ミサキ", "Misaki"),
    ("陽子", "ヨウコ", "Yoko"),
    ("大輔", "ダイスケ", "Daisuke"),
    ("由美", "ユミ", "Yumi"),
    ("翔太", "ショウタ", "Shota"),
    ("真理子", "マリコ", "Mariko"),
    ("浩二", "コウジ", "Koji"),
    ("直子", "ナオコ", "Naoko"),
    ("拓也", "タクヤ", "Takuya"),
    ("恵", "メグミ", "Megumi"),
];
pub(in crate::demo) const EAST_AFRICAN_GIVEN: &[&str] = &[
    "Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Kiprop", "Amani", "Baraka", "Neema", "Juma",
    "Zawadi", "Chanda", "Mwila", "Bwalya", "Mutale", "Atieno", "Wafula", "Nafula",
];
pub(in crate::demo) const EAST_AFRICAN_FAMILY: &[&str] = &[
    "Kamau", "Odhiambo", "Mwangi", "Ochieng", "Wekesa", "Mutua", "Kariuki", "Mushi", "Massawe",
    "Mbwana", "Phiri", "Banda", "Mulenga", "Tembo", "Chileshe", "Omondi",
];
pub(in crate::demo) const WEST_AFRICAN_GIVEN: &[&str] = &[
    "Mamadou",
    "Fatou",
    "Aminata",
    "Ousmane",
    "Awa",
    "Cheikh",
    "Mariama",
    "Ibrahima",
    "Ndèye",
    "Abdoulaye",
    "Khady",
    "Moussa",
    "Aïssatou",
    "Seydou",
];
pub(in crate::demo) const WEST_AFRICAN_FAMILY: &[&str] = &[
    "N'Diaye", "Diop", "Sow", "Mbaye", "Sène", "Fall", "Ba", "Gueye", "Diallo", "Faye", "Ndour",
    "Thiam", "Cissé", "Sarr",
];
pub(in crate::demo) const EUROPEAN: &[(&str, &str, &[&str])] = &[
    ("Łukasz", "PL", &["pl", "en"]),
    ("Zoë", "FR", &["fr", "en"]),
    ("Søren", "DK", &["da", "en"]),
    ("José", "ES", &["es", "en"]),
    ("François", "FR", &["fr", "en"]),
    ("Đorđe", "RS", &["sr", "en"]),
    ("Ingrid", "NO", &["no", "en"]),
    ("Małgorzata", "PL", &["pl", "en"]),
    ("Hélène", "FR", &["fr", "en"]),
    ("Jürgen", "DE", &["de", "en"]),
];
pub(in crate::demo) const EUROPEAN_FAMILY: &[&str] = &[
    "Kowalski",
    "Lefèvre",
    "Müller",
    "Østergaard",
    "García",
    "Đorđević",
    "Straße",
    "Brontë",
    "Nowak",
    "Dubois",
];
pub(in crate::demo) const CHINESE: &[(&str, &str)] = &[
    ("王伟", "Wang Wei"),
    ("李娜", "Li Na"),
    ("张敏", "Zhang Min"),
    ("刘洋", "Liu Yang"),
    ("陈静", "Chen Jing"),
    ("杨帆", "Yang Fan"),
];
pub(in crate::demo) const KOREAN: &[(&str, &str)] = &[
    ("김민준", "Kim Minjun"),
    ("이서연", "Lee Seoyeon"),
    ("박지훈", "Park Jihoon"),
    ("최수빈", "Choi Subin"),
    ("정하은", "Jung Haeun"),
];
pub(in crate::demo) const ROLES: &[&str] = &[
    "Project manager",
    "Country director",
    "Field officer",
    "County health officer",
    "Programme coordinator",
    "Researcher",
    "Chairperson",
    "Treasurer",
    "Agricultural extension officer",
    "Head teacher",
    "Finance officer",
    "Volunteer coordinator",
];
pub(in crate::demo) const CONTACT_TAGS: &[&str] = &[
    "forum-2026",
    "security-contact",
    "translator",
    "alumni",
    "key-partner",
];
