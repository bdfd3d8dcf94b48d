//! Files staff send on WhatsApp. A file is told by its first bytes, never by the name or type the
//! browser sent, and must be one WhatsApp delivers (WHATSAPP.md §1.4): pictures (JPEG, PNG, up
//! to 5 MB), documents (PDF, Word, Excel, PowerPoint, plain text), audio (AAC, MP3, M4A, AMR,
//! Ogg Opus) and video (MP4, 3GP). Everything is capped at [`MAX_FILE_BYTES`]: the file is kept
//! in the database beside its message (so a restart resends it and the chat shows it) and Meta
//! takes audio and video only up to 16 MB anyway.

/// Largest file sent (Meta: audio and video 16 MB, documents 100 MB — bigger documents are
/// better shared another way than through the brokerage's database).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Largest picture WhatsApp takes.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// Longest caption (pictures, video and documents only).
pub const MAX_CAPTION_CHARS: usize = 1024;

/// What the file picker offers (the server decides by the bytes all the same).
pub const ACCEPT: &str = ".jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.aac,.mp3,.m4a,.amr,.ogg,.opus,.mp4,.3gp,image/jpeg,image/png,application/pdf,audio/*,video/mp4,video/3gpp";

/// A file fit to send: the WhatsApp message type, its real MIME type and the name it goes by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// image, document, audio or video.
    pub kind: &'static str,
    pub mime: &'static str,
    pub file_name: String,
}

/// Tells what `bytes` (sent as `name`) are; the error is the message key for the person.
pub fn classify(name: &str, bytes: &[u8]) -> Result<Attachment, &'static str> {
    if bytes.is_empty() {
        return Err("wa_file_required");
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (kind, mime, extensions) = sniff(bytes, &ext).ok_or("wa_file_type")?;
    if bytes.len() > MAX_FILE_BYTES || (kind == "image" && bytes.len() > MAX_IMAGE_BYTES) {
        return Err(if kind == "image" {
            "wa_file_image_too_large"
        } else {
            "wa_file_too_large"
        });
    }
    let fallback = if kind == "document" {
        "documento"
    } else {
        "arquivo"
    };
    let file_name = crate::policies::documents::tidy_name(name, extensions, fallback);
    Ok(Attachment {
        kind,
        mime,
        file_name,
    })
}

/// Sends file `bytes` (named `name`) with `caption` in conversation `id` for `user`, through the
/// outbox; answers the message's id. Refused before anything is kept: a conversation the caller
/// may not see (404), a file WhatsApp would not take (field `file`), a caption too long (field
/// `caption`), the 24-hour window closed.
#[cfg(feature = "ssr")]
pub async fn send(
    db: &crate::db::Db,
    user: &crate::users::repo::UserRow,
    scope: &crate::clients::scope::Scope,
    id: i64,
    (name, bytes, caption): (&str, Vec<u8>, Option<String>),
    now: time::OffsetDateTime,
) -> Result<i64, crate::error::AppError> {
    use crate::error::AppError;
    super::desk::visible(db, scope, id).await?;
    let attachment = classify(name, &bytes).map_err(|key| AppError::invalid("file", key))?;
    let draft = super::outbox::Draft::File {
        attachment,
        bytes,
        caption,
    };
    // Files go on WhatsApp only (the outbox refuses them elsewhere before the window matters).
    super::outbox::queue(db, id, user.id, &draft, now, false).await
}

type Sniffed = (&'static str, &'static str, &'static [&'static str]);

/// The type of `bytes`; `ext` (the name's extension, lower case) only tells apart the Office
/// formats that share a container (ZIP or OLE) and plain text, which has no signature.
fn sniff(bytes: &[u8], ext: &str) -> Option<Sniffed> {
    let at = |offset: usize, sig: &[u8]| bytes.get(offset..offset + sig.len()) == Some(sig);
    if at(0, &[0xFF, 0xD8, 0xFF]) {
        return Some(("image", "image/jpeg", &["jpg", "jpeg"]));
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Some(("image", "image/png", &["png"]));
    }
    if at(0, b"%PDF-") {
        return Some(("document", "application/pdf", &["pdf"]));
    }
    if at(4, b"ftyp") {
        return Some(if at(8, b"3g") {
            ("video", "video/3gpp", &["3gp"])
        } else if at(8, b"M4A ") {
            ("audio", "audio/mp4", &["m4a"])
        } else {
            ("video", "video/mp4", &["mp4"])
        });
    }
    if at(0, b"OggS") {
        // WhatsApp plays Ogg audio only when it is Opus (a voice note).
        let head = &bytes[..bytes.len().min(128)];
        return head.windows(8).any(|w| w == b"OpusHead").then_some((
            "audio",
            "audio/ogg",
            &["ogg", "opus"],
        ));
    }
    if at(0, b"#!AMR") {
        return Some(("audio", "audio/amr", &["amr"]));
    }
    if at(0, b"ID3") {
        return Some(("audio", "audio/mpeg", &["mp3"]));
    }
    if let [0xFF, second, ..] = bytes {
        // ADTS (AAC) frames have layer 00; MPEG audio (MP3) frames another.
        if second & 0xF6 == 0xF0 {
            return Some(("audio", "audio/aac", &["aac"]));
        }
        if second & 0xE0 == 0xE0 && second & 0x06 != 0 {
            return Some(("audio", "audio/mpeg", &["mp3"]));
        }
    }
    if at(0, b"PK\x03\x04") {
        return match ext {
            "docx" => Some((
                "document",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &["docx"],
            )),
            "xlsx" => Some((
                "document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &["xlsx"],
            )),
            "pptx" => Some((
                "document",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                &["pptx"],
            )),
            _ => None,
        };
    }
    if at(0, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return match ext {
            "doc" => Some(("document", "application/msword", &["doc"])),
            "xls" => Some(("document", "application/vnd.ms-excel", &["xls"])),
            "ppt" => Some(("document", "application/vnd.ms-powerpoint", &["ppt"])),
            _ => None,
        };
    }
    let text = ext == "txt" && !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok();
    text.then_some(("document", "text/plain", &["txt"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(name: &str, bytes: &[u8]) -> Result<(&'static str, &'static str), &'static str> {
        classify(name, bytes).map(|a| (a.kind, a.mime))
    }

    #[test]
    fn pictures_and_pdfs_are_told_by_their_bytes_not_their_names() {
        assert_eq!(
            kind_of("foto.pdf", b"\xFF\xD8\xFF\xE0rest"),
            Ok(("image", "image/jpeg"))
        );
        assert_eq!(
            kind_of("x", b"\x89PNG\r\n\x1a\n...."),
            Ok(("image", "image/png"))
        );
        assert_eq!(
            kind_of("apolice.jpg", b"%PDF-1.7\n"),
            Ok(("document", "application/pdf"))
        );
        let named = classify("C:\\Users\\ana\\apolice.jpg", b"%PDF-1.7\n").unwrap();
        assert_eq!(named.file_name, "apolice.jpg.pdf");
    }

    #[test]
    fn audio_and_video_containers_are_recognised() {
        assert_eq!(
            kind_of("v", b"\0\0\0\x18ftypmp42...."),
            Ok(("video", "video/mp4"))
        );
        assert_eq!(
            kind_of("v", b"\0\0\0\x18ftyp3gp5...."),
            Ok(("video", "video/3gpp"))
        );
        assert_eq!(
            kind_of("a", b"\0\0\0\x18ftypM4A ...."),
            Ok(("audio", "audio/mp4"))
        );
        assert_eq!(
            kind_of("a", b"OggS\0\x02........................OpusHead"),
            Ok(("audio", "audio/ogg"))
        );
        assert_eq!(kind_of("a", b"ID3\x04...."), Ok(("audio", "audio/mpeg")));
        assert_eq!(
            kind_of("a", b"\xFF\xFB\x90...."),
            Ok(("audio", "audio/mpeg"))
        );
        assert_eq!(
            kind_of("a", b"\xFF\xF1\x50...."),
            Ok(("audio", "audio/aac"))
        );
        assert_eq!(kind_of("a", b"#!AMR\n...."), Ok(("audio", "audio/amr")));
    }

    #[test]
    fn office_files_need_their_container_and_their_extension() {
        assert_eq!(
            kind_of("proposta.DOCX", b"PK\x03\x04...."),
            Ok((
                "document",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ))
        );
        assert_eq!(
            kind_of("tabela.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."),
            Ok(("document", "application/vnd.ms-excel"))
        );
        // A ZIP that claims nothing Office is refused (WhatsApp does not take archives).
        assert_eq!(kind_of("fotos.zip", b"PK\x03\x04...."), Err("wa_file_type"));
        assert_eq!(kind_of("planilha.docx", b"not a zip"), Err("wa_file_type"));
    }

    #[test]
    fn plain_text_must_be_named_txt_and_be_text() {
        assert_eq!(
            kind_of("lista.txt", "Documentos: CNH, CRLV".as_bytes()),
            Ok(("document", "text/plain"))
        );
        assert_eq!(kind_of("lista.txt", b"bin\0ary"), Err("wa_file_type"));
        assert_eq!(kind_of("pagina.html", b"<html>"), Err("wa_file_type"));
        assert_eq!(kind_of("script.sh", b"#!/bin/sh"), Err("wa_file_type"));
    }

    #[test]
    fn ogg_that_is_not_opus_is_refused() {
        assert_eq!(
            kind_of("a.ogg", b"OggS\0\x02....vorbis"),
            Err("wa_file_type")
        );
    }

    #[test]
    fn empty_and_oversized_files_are_refused_pictures_at_five_megabytes() {
        assert_eq!(kind_of("a.pdf", b""), Err("wa_file_required"));
        let mut picture = b"\xFF\xD8\xFF".to_vec();
        picture.resize(MAX_IMAGE_BYTES, 0);
        assert!(classify("foto.jpg", &picture).is_ok());
        picture.push(0);
        assert_eq!(
            kind_of("foto.jpg", &picture),
            Err("wa_file_image_too_large")
        );
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.resize(MAX_FILE_BYTES, b' ');
        assert!(classify("a.pdf", &pdf).is_ok());
        pdf.push(b' ');
        assert_eq!(kind_of("a.pdf", &pdf), Err("wa_file_too_large"));
    }

    #[test]
    fn a_file_without_a_usable_name_gets_one_with_its_real_extension() {
        assert_eq!(
            classify("", b"%PDF-1.7\n").unwrap().file_name,
            "documento.pdf"
        );
        assert_eq!(
            classify("../..", b"\xFF\xD8\xFF").unwrap().file_name,
            "arquivo.jpg"
        );
    }
}
