//! A bundle: the file that carries changesets from one book to others.
//!
//! Plain layout: the magic line, then length-prefixed parts (the header as
//! JSON; from format 2 the file contents section: a count, then per file
//! its SHA-256 and bytes; then per changeset its metadata as JSON and its
//! bytes), then a SHA-256 of everything before it, so a truncated or
//! damaged file is refused whole. Format 1 (no file contents section: its
//! changesets carry the files) is still read. Encrypted bundles are that same layout inside an age file
//! (passphrase, scrypt), in every build.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const MAGIC: &[u8] = b"FIELDBOOK-SYNC-BUNDLE\n";
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
/// The bundle layout this build writes and the newest it reads.
pub const FORMAT: u32 = 2;
/// The first format with the file contents section.
const FORMAT_WITH_BLOBS: u32 = 2;
/// scrypt's work factor (2^15): well under a second optimised; the reader
/// accepts up to 2^20 so a later build may raise it.
const WORK_FACTOR: u8 = 15;
const MAX_WORK_FACTOR: u8 = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The sender's schema version (migrations).
    pub schema: i64,
    pub sender: Uuid,
    /// The sender's book file name, to name the desk in messages.
    pub desk: String,
    /// For each replica whose changes it carries: first and last sequence,
    /// lowest and highest clock.
    pub ranges: Vec<Range>,
    /// What the sender holds of each replica (highest sequence).
    pub has: BTreeMap<Uuid, i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub replica: Uuid,
    pub first_seq: i64,
    pub last_seq: i64,
    pub min_clock: i64,
    pub max_clock: i64,
}

impl Range {
    /// Per replica, the sequences and clocks the entries span.
    pub fn of(entries: &[Entry]) -> Vec<Range> {
        let mut ranges: BTreeMap<Uuid, Range> = BTreeMap::new();
        for e in entries {
            let m = &e.meta;
            let r = ranges.entry(m.replica).or_insert(Range {
                replica: m.replica,
                first_seq: m.seq,
                last_seq: m.seq,
                min_clock: m.clock,
                max_clock: m.clock,
            });
            r.first_seq = r.first_seq.min(m.seq);
            r.last_seq = r.last_seq.max(m.seq);
            r.min_clock = r.min_clock.min(m.clock);
            r.max_clock = r.max_clock.max(m.clock);
        }
        ranges.into_values().collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryMeta {
    pub replica: Uuid,
    pub seq: i64,
    pub clock: i64,
    pub bases: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub meta: EntryMeta,
    pub changeset: Vec<u8>,
}

/// A file's contents, named by their SHA-256 (32 bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Blob {
    pub sha256: Vec<u8>,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub header: Header,
    pub entries: Vec<Entry>,
    /// The contents of the files the entries attach (format 2 on).
    pub blobs: Vec<Blob>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BundleError {
    #[error("is not a fieldbook sync bundle")]
    NotABundle,
    #[error("is damaged or cut short ({0}); ask for it again")]
    Damaged(String),
    #[error("is encrypted; set FIELDBOOK_SYNC_PASSPHRASE or sync_passphrase in the config file")]
    NeedsPassphrase,
    #[error("cannot be decrypted with this sync passphrase (wrong passphrase, or damaged)")]
    WrongPassphrase,
    #[error("uses bundle format {0}, newer than this fieldbook reads; upgrade fieldbook")]
    NewerFormat(u32),
}

impl Bundle {
    /// The plain bytes: layout plus checksum.
    pub fn to_plain(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        part(
            &mut out,
            &serde_json::to_vec(&self.header).expect("header serialises"),
        );
        if self.header.format >= FORMAT_WITH_BLOBS {
            part(&mut out, &(self.blobs.len() as u64).to_be_bytes());
            for b in &self.blobs {
                part(&mut out, &b.sha256);
                part(&mut out, &b.data);
            }
        }
        for e in &self.entries {
            part(
                &mut out,
                &serde_json::to_vec(&e.meta).expect("meta serialises"),
            );
            part(&mut out, &e.changeset);
        }
        let sum = Sha256::digest(&out);
        out.extend_from_slice(&sum);
        out
    }

    /// Encrypted with the offices' passphrase.
    pub fn to_encrypted(&self, passphrase: &str) -> Vec<u8> {
        let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_string()));
        recipient.set_work_factor(WORK_FACTOR);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("one passphrase recipient");
        let mut out = Vec::new();
        let mut writer = encryptor.wrap_output(&mut out).expect("writing to memory");
        writer
            .write_all(&self.to_plain())
            .expect("writing to memory");
        writer.finish().expect("writing to memory");
        out
    }

    /// Reads a bundle, decrypting it when it is encrypted.
    pub fn read(bytes: &[u8], passphrase: Option<&str>) -> Result<Bundle, BundleError> {
        if bytes.starts_with(AGE_MAGIC) {
            let passphrase = passphrase.ok_or(BundleError::NeedsPassphrase)?;
            return Bundle::from_plain(&decrypt(bytes, passphrase)?);
        }
        Bundle::from_plain(bytes)
    }

    pub fn from_plain(bytes: &[u8]) -> Result<Bundle, BundleError> {
        let body = bytes.strip_prefix(MAGIC).ok_or(BundleError::NotABundle)?;
        if body.len() < 32 {
            return Err(BundleError::Damaged("too short".into()));
        }
        let (content, sum) = bytes.split_at(bytes.len() - 32);
        if Sha256::digest(content).as_slice() != sum {
            return Err(BundleError::Damaged("checksum does not match".into()));
        }
        let mut parts = Parts(&content[MAGIC.len()..]);
        let header: Header = json(parts.next()?)?;
        if header.format > FORMAT {
            return Err(BundleError::NewerFormat(header.format));
        }
        let blobs = if header.format >= FORMAT_WITH_BLOBS {
            read_blobs(&mut parts)?
        } else {
            Vec::new()
        };
        let mut entries = Vec::new();
        while !parts.0.is_empty() {
            let meta: EntryMeta = json(parts.next()?)?;
            let changeset = parts.next()?.to_vec();
            entries.push(Entry { meta, changeset });
        }
        Ok(Bundle {
            header,
            entries,
            blobs,
        })
    }
}

/// The file contents section, each file checked against its SHA-256.
fn read_blobs(parts: &mut Parts<'_>) -> Result<Vec<Blob>, BundleError> {
    let count: [u8; 8] = parts
        .next()?
        .try_into()
        .map_err(|_| BundleError::Damaged("the count of files is unreadable".into()))?;
    let count = u64::from_be_bytes(count);
    let mut blobs = Vec::new();
    for _ in 0..count {
        let sha256 = parts.next()?.to_vec();
        let data = parts.next()?.to_vec();
        if Sha256::digest(&data).as_slice() != sha256.as_slice() {
            return Err(BundleError::Damaged(
                "a file's contents do not match their SHA-256".into(),
            ));
        }
        blobs.push(Blob { sha256, data });
    }
    Ok(blobs)
}

fn decrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, BundleError> {
    let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_string()));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let decryptor =
        age::Decryptor::new_buffered(bytes).map_err(|e| BundleError::Damaged(e.to_string()))?;
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                BundleError::WrongPassphrase
            }
            other => BundleError::Damaged(other.to_string()),
        })?;
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| BundleError::Damaged(e.to_string()))?;
    Ok(out)
}

fn part(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    out.extend_from_slice(bytes);
}

struct Parts<'a>(&'a [u8]);

impl<'a> Parts<'a> {
    fn next(&mut self) -> Result<&'a [u8], BundleError> {
        let cut = || BundleError::Damaged("a part is cut short".into());
        let (len, rest) = self.0.split_at_checked(8).ok_or_else(cut)?;
        let len = u64::from_be_bytes(len.try_into().map_err(|_| cut())?);
        let len = usize::try_from(len).map_err(|_| cut())?;
        let (part, rest) = rest.split_at_checked(len).ok_or_else(cut)?;
        self.0 = rest;
        Ok(part)
    }
}

fn json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, BundleError> {
    serde_json::from_slice(bytes).map_err(|e| BundleError::Damaged(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bundle {
        let id = Uuid::now_v7();
        Bundle {
            header: Header {
                format: FORMAT,
                schema: 12,
                sender: id,
                desk: "nairobi.db".into(),
                ranges: vec![],
                has: BTreeMap::from([(id, 2)]),
            },
            entries: vec![Entry {
                meta: EntryMeta {
                    replica: id,
                    seq: 2,
                    clock: 99,
                    bases: "[]".into(),
                },
                changeset: vec![1, 2, 3],
            }],
            blobs: vec![Blob {
                sha256: Sha256::digest(b"photo").to_vec(),
                data: b"photo".to_vec(),
            }],
        }
    }

    #[test]
    fn plain_and_encrypted_round_trip() {
        let b = sample();
        assert_eq!(Bundle::read(&b.to_plain(), None).unwrap(), b);
        let secret = b.to_encrypted("shared by the offices");
        assert!(!secret.windows(10).any(|w| w == b"nairobi.db"));
        assert_eq!(
            Bundle::read(&secret, Some("shared by the offices")).unwrap(),
            b
        );
    }

    #[test]
    fn the_first_format_without_files_is_still_read_and_a_newer_one_refused() {
        let mut old = sample();
        old.header.format = 1;
        let plain = old.to_plain();
        old.blobs.clear();
        assert_eq!(Bundle::read(&plain, None).unwrap(), old);
        let mut newer = sample();
        newer.header.format = FORMAT + 1;
        assert_eq!(
            Bundle::read(&newer.to_plain(), None),
            Err(BundleError::NewerFormat(FORMAT + 1))
        );
        assert_eq!(
            BundleError::NewerFormat(3).to_string(),
            "uses bundle format 3, newer than this fieldbook reads; upgrade fieldbook"
        );
    }

    #[test]
    fn file_contents_that_do_not_match_their_sha256_are_refused() {
        let mut b = sample();
        b.blobs[0].data = b"other".to_vec();
        assert_eq!(
            Bundle::read(&b.to_plain(), None),
            Err(BundleError::Damaged(
                "a file's contents do not match their SHA-256".into()
            ))
        );
    }

    #[test]
    fn damage_wrong_passphrase_and_strangers_are_refused() {
        let b = sample();
        let plain = b.to_plain();
        assert!(matches!(
            Bundle::read(&plain[..plain.len() - 5], None),
            Err(BundleError::Damaged(_))
        ));
        let mut flipped = plain.clone();
        flipped[MAGIC.len() + 12] ^= 1;
        assert!(matches!(
            Bundle::read(&flipped, None),
            Err(BundleError::Damaged(_))
        ));
        assert_eq!(Bundle::read(b"hello", None), Err(BundleError::NotABundle));
        let secret = b.to_encrypted("right");
        assert_eq!(
            Bundle::read(&secret, Some("wrong")),
            Err(BundleError::WrongPassphrase)
        );
        assert_eq!(
            Bundle::read(&secret, None),
            Err(BundleError::NeedsPassphrase)
        );
        assert!(Bundle::read(&secret[..secret.len() - 3], Some("right")).is_err());
    }
}
