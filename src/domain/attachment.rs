//! Files attached to records: a photo of a site, a scanned approval letter,
//! a report PDF. The contents live inside the book, stored once per
//! SHA-256 however many records attach the same file.

use sha2::{Digest, Sha256};

use super::validate::Invalid;
use super::{Id, Meta};

/// The largest file fieldbook keeps (25 MiB). SQLite holds blobs of a few
/// MB well, but every backup, export and sync carries each one: a scanned
/// letter or a phone photo fits, a video does not.
pub const MAX_SIZE: u64 = 25 * 1024 * 1024;

/// The record a file is attached to. Consultations, events and deliverables
/// are named by their table's id column only, so attaching needs nothing
/// from their modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum AttachedTo {
    Organization(Id),
    Contact(Id),
    Project(Id),
    Visit(Id),
    Consultation(Id),
    Event(Id),
    Deliverable(Id),
}

impl AttachedTo {
    pub fn id(self) -> Id {
        match self {
            AttachedTo::Organization(id)
            | AttachedTo::Contact(id)
            | AttachedTo::Project(id)
            | AttachedTo::Visit(id)
            | AttachedTo::Consultation(id)
            | AttachedTo::Event(id)
            | AttachedTo::Deliverable(id) => id,
        }
    }

    /// The kind's name in messages and on the command line (`--visit`).
    pub fn key(self) -> &'static str {
        match self {
            AttachedTo::Organization(_) => "organization",
            AttachedTo::Contact(_) => "contact",
            AttachedTo::Project(_) => "project",
            AttachedTo::Visit(_) => "visit",
            AttachedTo::Consultation(_) => "consultation",
            AttachedTo::Event(_) => "event",
            AttachedTo::Deliverable(_) => "deliverable",
        }
    }

    /// The target named by `key` (as `key()` gives it) and `id`.
    pub fn from_key(key: &str, id: Id) -> Option<AttachedTo> {
        Some(match key {
            "organization" => AttachedTo::Organization(id),
            "contact" => AttachedTo::Contact(id),
            "project" => AttachedTo::Project(id),
            "visit" => AttachedTo::Visit(id),
            "consultation" => AttachedTo::Consultation(id),
            "event" => AttachedTo::Event(id),
            "deliverable" => AttachedTo::Deliverable(id),
            _ => return None,
        })
    }
}

/// A file on a record. The bytes are stored apart, keyed by `sha256`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    pub meta: Meta,
    pub target: AttachedTo,
    /// The file's name as it was attached (no directory).
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// Lower-case hex of the SHA-256 of the contents.
    pub sha256: String,
}

impl Attachment {
    /// An attachment of `data` named `name`, its type guessed from both.
    pub fn of(target: AttachedTo, name: &str, data: &[u8]) -> Attachment {
        Attachment {
            meta: Meta::new(),
            target,
            name: name.trim().to_string(),
            media_type: media_type(name, data).to_string(),
            size: data.len() as u64,
            sha256: sha256_hex(data),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        if self.name.trim().is_empty() {
            errors.push("name", "is required");
        } else if self.name.contains(['/', '\\', '\n', '\0']) {
            errors.push("name", "must be a file name without a directory");
        }
        if let Err(e) = check_size(self.size) {
            errors.push("size", e);
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            errors.push("sha256", "must be 64 hexadecimal digits");
        }
        errors.into_result()
    }
}

/// Why a file of `size` bytes cannot be attached, if it cannot.
pub fn check_size(size: u64) -> Result<(), String> {
    if size == 0 {
        Err("is empty (0 bytes); there is nothing to attach".into())
    } else if size > MAX_SIZE {
        Err(format!(
            "is {} and fieldbook keeps files up to {} (see README, Attachments)",
            human_size(size),
            human_size(MAX_SIZE)
        ))
    } else {
        Ok(())
    }
}

/// `12.3 MiB`, `840 KiB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KIB * KIB {
        format!("{:.1} MiB", b / KIB / KIB)
    } else if b >= KIB {
        format!("{:.0} KiB", b / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The 32 bytes of a 64-digit hex SHA-256.
pub fn sha256_bytes(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The media type, from the first bytes when they say it (a photo renamed
/// `.txt` is still a JPEG), else from the extension, else a plain byte stream.
pub fn media_type(name: &str, data: &[u8]) -> &'static str {
    magic_type(data).unwrap_or_else(|| extension_type(name))
}

fn magic_type(data: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"%PDF-", "application/pdf"),
        (b"II*\0", "image/tiff"),
        (b"MM\0*", "image/tiff"),
    ];
    if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if data.len() >= 12
        && &data[4..8] == b"ftyp"
        && matches!(&data[8..12], b"heic" | b"heix" | b"mif1")
    {
        return Some("image/heic");
    }
    MAGIC
        .iter()
        .find(|(magic, _)| data.starts_with(magic))
        .map(|(_, t)| *t)
}

fn extension_type(name: &str) -> &'static str {
    const BY_EXTENSION: &[(&str, &str)] = &[
        ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("png", "image/png"),
        ("gif", "image/gif"),
        ("webp", "image/webp"),
        ("heic", "image/heic"),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("pdf", "application/pdf"),
        ("txt", "text/plain"),
        ("md", "text/markdown"),
        ("csv", "text/csv"),
        ("doc", "application/msword"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("xls", "application/vnd.ms-excel"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("zip", "application/zip"),
        ("mp3", "audio/mpeg"),
        ("m4a", "audio/mp4"),
        ("mp4", "video/mp4"),
    ];
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    BY_EXTENSION
        .iter()
        .find(|(e, _)| *e == ext)
        .map_or("application/octet-stream", |(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_from_magic_before_extension() {
        assert_eq!(
            media_type("site.txt", b"\xFF\xD8\xFF\xE0rest"),
            "image/jpeg"
        );
        assert_eq!(media_type("letter.PDF", b"plain"), "application/pdf");
        assert_eq!(media_type("noext", b"plain"), "application/octet-stream");
    }

    #[test]
    fn sizes_refused_with_the_reason() {
        assert!(check_size(0).unwrap_err().contains("empty"));
        assert!(check_size(MAX_SIZE + 1).unwrap_err().contains("25.0 MiB"));
        assert!(check_size(MAX_SIZE).is_ok());
    }

    #[test]
    fn sha256_hex_and_back() {
        let hex = sha256_hex(b"abc");
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(sha256_bytes(&hex).unwrap()[0], 0xba);
        assert!(sha256_bytes("zz").is_none());
    }
}
