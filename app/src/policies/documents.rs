//! Documents attached to a policy: the apólice PDF, the proposta, CNH, CRLV, vistoria photos…
//! Only PDF, JPEG and PNG are kept, told by their first bytes (never by the name the browser
//! sent), up to [`MAX_DOCUMENT_BYTES`] each. The bytes are stored in the database beside the
//! policy (so backups hold them and an upload is written whole or not at all) and are served
//! only as downloads, to whoever may see the policy's client. Adding, downloading and removing
//! are audited.
//!
//! The upload is a plain multipart form to the server's route `POST /apolices/{id}/documentos`
//! (the same with or without JavaScript); the download is `GET
//! /apolices/{id}/documentos/{document}`. Removing one is a server function.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub mod api;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
mod ui;

pub use ui::{kind_label, Documents};

/// Largest document accepted: 10 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// Most documents one policy may hold.
pub const MAX_PER_POLICY: i64 = 50;

/// Longest file name kept, in characters.
pub const MAX_NAME_CHARS: usize = 160;

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The policy itself (apólice).
    Apolice,
    /// The signed proposal.
    Proposta,
    /// A mid-term change (endosso).
    Endosso,
    /// A bank slip (boleto) or payment receipt.
    Boleto,
    /// Driving licence.
    Cnh,
    /// Vehicle registration (CRLV).
    Crlv,
    /// Inspection report or photos (vistoria).
    Vistoria,
    /// Claim papers (sinistro).
    Sinistro,
    /// Anything else.
    Outro,
}

impl DocumentKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [Self; 9] = [
        Self::Apolice,
        Self::Proposta,
        Self::Endosso,
        Self::Boleto,
        Self::Cnh,
        Self::Crlv,
        Self::Vistoria,
        Self::Sinistro,
        Self::Outro,
    ];

    /// The code stored and posted.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Apolice => "apolice",
            Self::Proposta => "proposta",
            Self::Endosso => "endosso",
            Self::Boleto => "boleto",
            Self::Cnh => "cnh",
            Self::Crlv => "crlv",
            Self::Vistoria => "vistoria",
            Self::Sinistro => "sinistro",
            Self::Outro => "outro",
        }
    }

    /// The kind of code `code`.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }
}

/// The file types kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaType {
    Pdf,
    Jpeg,
    Png,
}

impl MediaType {
    /// The MIME type stored and sent.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    /// The type of MIME type `mime`.
    pub fn from_mime(mime: &str) -> Option<Self> {
        [Self::Pdf, Self::Jpeg, Self::Png]
            .into_iter()
            .find(|m| m.mime() == mime)
    }

    /// The file name extensions of the type (the first is the one added when missing).
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Png => &["png"],
        }
    }

    /// The type of a file, told by its first bytes: `%PDF-` (within the first 1,024 bytes, as
    /// PDF readers accept), the JPEG SOI marker `FF D8 FF`, or the PNG signature. Anything else
    /// (HTML, scripts, archives, Office files…) is `None`.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        if bytes.starts_with(PNG) {
            return Some(Self::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Self::Jpeg);
        }
        let head = &bytes[..bytes.len().min(1024)];
        head.windows(5).any(|w| w == b"%PDF-").then_some(Self::Pdf)
    }
}

/// The name a document is kept under: the last part of what the browser sent (some send a
/// whole Windows path), without control characters, at most [`MAX_NAME_CHARS`] characters,
/// ending with an extension of its real type (added when the name has another, so a download
/// opens in the right program). A name left empty becomes `documento.<ext>`.
pub fn clean_name(sent: &str, media: MediaType) -> String {
    tidy_name(sent, media.extensions(), "documento")
}

/// [`clean_name`] for any file type: `extensions` are its real type's (the first is added when
/// the name lacks one of them), `fallback` the stem of a name left empty.
pub fn tidy_name(sent: &str, extensions: &[&str], fallback: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_owned();
    let ext = extensions[0];
    let has_ext = name.rsplit_once('.').is_some_and(|(stem, e)| {
        !stem.is_empty() && extensions.contains(&e.to_ascii_lowercase().as_str())
    });
    let stem_max = MAX_NAME_CHARS - ext.len() - 1;
    if name.is_empty() {
        return format!("{fallback}.{ext}");
    }
    if has_ext {
        if name.chars().count() <= MAX_NAME_CHARS {
            return name;
        }
        let (stem, e) = name.rsplit_once('.').unwrap_or((&name, ext));
        let stem: String = stem
            .chars()
            .take(MAX_NAME_CHARS - e.chars().count() - 1)
            .collect();
        return format!("{stem}.{e}");
    }
    let stem: String = name.chars().take(stem_max).collect();
    format!("{stem}.{ext}")
}

/// `Content-Disposition` for downloading a file named `name`: an ASCII fallback (`filename`)
/// and the exact name (`filename*`, RFC 6266/8187), both safe to put in a header.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' | ' ' | '(' | ')' => c,
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'ê' | 'è' => 'e',
            'í' => 'i',
            'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            'ç' => 'c',
            'Á' | 'À' | 'Â' | 'Ã' => 'A',
            'É' | 'Ê' => 'E',
            'Í' => 'I',
            'Ó' | 'Ô' | 'Õ' => 'O',
            'Ú' => 'U',
            'Ç' => 'C',
            _ => '_',
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A document as the policy page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    pub id: i64,
    pub policy_id: i64,
    pub kind: DocumentKind,
    pub file_name: String,
    pub media_type: MediaType,
    pub size_bytes: i64,
    /// Who attached it (gone when their account was deleted).
    pub uploaded_by: Option<String>,
    pub uploaded_by_id: Option<i64>,
    pub uploaded_at: OffsetDateTime,
    /// Whether the viewer may remove it (its uploader, managers and admins).
    pub removable: bool,
}

/// A size as people read it: `850 KB`, `2,4 MB`.
pub fn size_label(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = 1024 * 1024;
    if bytes < MB {
        return format!("{} KB", ((bytes + KB - 1) / KB).max(1));
    }
    let tenths = (bytes * 10 + MB / 2) / MB;
    format!("{},{} MB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_is_told_by_the_first_bytes_and_only_pdf_jpeg_and_png_are_known() {
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n..."), Some(MediaType::Pdf));
        assert_eq!(
            MediaType::sniff(b"\xEF\xBB\xBF\r\n%PDF-1.4"),
            Some(MediaType::Pdf),
            "a PDF with a few bytes before its header"
        );
        assert_eq!(
            MediaType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(MediaType::Jpeg)
        );
        assert_eq!(
            MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        for other in [
            &b"<html><script>alert(1)</script>"[..],
            b"PK\x03\x04 an Office file or a zip",
            b"GIF89a",
            b"MZ\x90\0 a Windows program",
            b"",
            b"%PD",
        ] {
            assert_eq!(MediaType::sniff(other), None, "{other:?}");
        }
        let mut late = vec![b' '; 1024];
        late.extend_from_slice(b"%PDF-1.7");
        assert_eq!(
            MediaType::sniff(&late),
            None,
            "a header after 1,024 bytes is not a PDF's"
        );
    }

    #[test]
    fn a_kept_name_is_the_last_path_part_with_the_real_types_extension() {
        assert_eq!(
            clean_name("apolice 2026.pdf", MediaType::Pdf),
            "apolice 2026.pdf"
        );
        assert_eq!(
            clean_name("C:\\Users\\ana\\CNH.JPG", MediaType::Jpeg),
            "CNH.JPG"
        );
        assert_eq!(clean_name("../../etc/passwd", MediaType::Pdf), "passwd.pdf");
        assert_eq!(clean_name("foto.pdf", MediaType::Png), "foto.pdf.png");
        assert_eq!(clean_name("  \u{0}\n ", MediaType::Pdf), "documento.pdf");
        assert_eq!(clean_name(".pdf", MediaType::Pdf), "pdf.pdf");
        assert_eq!(
            clean_name("vistoria.jpeg", MediaType::Jpeg),
            "vistoria.jpeg"
        );
        let long = format!("{}.pdf", "á".repeat(300));
        let kept = clean_name(&long, MediaType::Pdf);
        assert_eq!(kept.chars().count(), MAX_NAME_CHARS);
        assert!(kept.ends_with(".pdf"));
        let long = "x".repeat(300);
        let kept = clean_name(&long, MediaType::Png);
        assert_eq!(kept.chars().count(), MAX_NAME_CHARS);
        assert!(kept.ends_with(".png"));
    }

    #[test]
    fn the_download_header_names_the_file_exactly_and_safely() {
        assert_eq!(
            content_disposition("Apólice nº 12.pdf"),
            "attachment; filename=\"Apolice n_ 12.pdf\"; filename*=UTF-8''Ap%C3%B3lice%20n%C2%BA%2012.pdf"
        );
        let header = content_disposition("a\"b;c\r\nSet-Cookie: x.pdf");
        assert!(!header.contains('\r') && !header.contains('\n'));
        assert_eq!(header.matches('"').count(), 2, "{header}");
        assert!(http::HeaderValue::from_str(&header).is_ok());
    }

    #[test]
    fn sizes_read_in_kilobytes_below_a_megabyte_and_in_tenths_above() {
        assert_eq!(size_label(1), "1 KB");
        assert_eq!(size_label(1024), "1 KB");
        assert_eq!(size_label(1025), "2 KB");
        assert_eq!(size_label(850 * 1024), "850 KB");
        assert_eq!(size_label(1024 * 1024), "1,0 MB");
        assert_eq!(size_label(2_516_582), "2,4 MB");
        assert_eq!(size_label(MAX_DOCUMENT_BYTES as i64), "10,0 MB");
    }

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(DocumentKind::parse("exe"), None);
    }
}
