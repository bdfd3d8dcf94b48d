//! The files customers send: copied from Meta by a background job as soon as the message is
//! stored (Meta's download address lives five minutes and the media id about seven days), kept
//! in the database like the policy documents, and served to the staff who may see the
//! conversation at `/whatsapp/midia/{message}` — pictures, audio and video inline, anything
//! else as a download, never sniffed.

use super::{
    graph::{Graph, Retry},
    repo,
};
use crate::db::Db;

/// The job kind that fetches one message's file (payload `{"message": id}`).
pub const MEDIA_JOB: &str = "whatsapp.media";

/// Largest file kept (Meta allows documents up to 100 MB; bigger ones stay on the customer's
/// phone and the bubble says so).
pub const MAX_MEDIA_BYTES: u64 = 32 * 1024 * 1024;

/// How fetching a file ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    Stored(usize),
    /// Given up for good, with why.
    Failed(String),
    /// Nothing to do: no file, or fetched before.
    Nothing,
}

/// Why fetching must be tried again later.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("the Graph API asked to try later: {0}")]
    Later(super::graph::GraphError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Fetches the file of message `id` from Meta and keeps it; on the `last` attempt a passing
/// trouble is given up on too (so the bubble stops saying the file is on its way).
pub async fn fetch(
    db: &Db,
    graph: Option<&Graph>,
    id: i64,
    last: bool,
    now: i64,
) -> Result<Fetched, FetchError> {
    let Some((media_id, mime)) = repo::media_to_fetch(db, id).await? else {
        return Ok(Fetched::Nothing);
    };
    let Some(graph) = graph else {
        let why = "WhatsApp is not configured on this server";
        repo::store_media(db, id, Err(why), now).await?;
        return Ok(Fetched::Failed(why.to_owned()));
    };
    type Outcome = Result<Result<(Vec<u8>, Option<String>), String>, super::graph::GraphError>;
    let outcome: Outcome = async {
        let info = graph.media_info(&media_id).await?;
        if info.file_size.is_some_and(|n| n > MAX_MEDIA_BYTES) {
            return Ok(Err(format!("file over {MAX_MEDIA_BYTES} bytes")));
        }
        let (bytes, served) = graph.download(&info.url, MAX_MEDIA_BYTES).await?;
        Ok(Ok((bytes, info.mime_type.or(served))))
    }
    .await;
    match outcome {
        Ok(Ok((bytes, given))) => {
            let mime = given.or(mime);
            repo::store_media(db, id, Ok((&bytes, mime.as_deref())), now).await?;
            Ok(Fetched::Stored(bytes.len()))
        }
        Ok(Err(why)) => {
            repo::store_media(db, id, Err(&why), now).await?;
            Ok(Fetched::Failed(why))
        }
        Err(err) => match err.retry() {
            _ if last => {
                let why = err.to_string();
                repo::store_media(db, id, Err(&why), now).await?;
                Ok(Fetched::Failed(why))
            }
            Retry::Never => {
                let why = err.to_string();
                repo::store_media(db, id, Err(&why), now).await?;
                Ok(Fetched::Failed(why))
            }
            _ => Err(FetchError::Later(err)),
        },
    }
}

/// A stored file as the download route serves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub bytes: Vec<u8>,
    pub mime: String,
    pub file_name: String,
}

/// The file of message `id`, for a caller within `scope` (404 when the message has no stored
/// file or its conversation is not theirs to see).
pub async fn file(
    db: &Db,
    scope: &crate::clients::scope::Scope,
    id: i64,
) -> Result<File, crate::error::AppError> {
    use crate::error::AppError;
    let (bytes, mime, name, conversation) =
        repo::media_file(db, id).await?.ok_or(AppError::NotFound)?;
    super::desk::visible(db, scope, conversation).await?;
    let mime = mime.unwrap_or_else(|| "application/octet-stream".to_owned());
    let file_name = name.unwrap_or_else(|| format!("whatsapp-{id}.{}", extension(&mime)));
    Ok(File {
        bytes,
        mime,
        file_name,
    })
}

/// A file extension for a file that came without a name.
fn extension(mime: &str) -> &'static str {
    match mime.split(';').next().unwrap_or_default().trim() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/aac" => "aac",
        "audio/mp4" | "video/mp4" => "mp4",
        "audio/amr" => "amr",
        "video/3gpp" => "3gp",
        "application/pdf" => "pdf",
        _ => "bin",
    }
}

/// Whether a file of type `mime` may be shown in the page (pictures, audio, video of the kinds
/// browsers play); anything else — a PDF, an HTML file — is only downloaded.
pub fn inline(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    matches!(
        essence,
        "image/jpeg"
            | "image/png"
            | "image/webp"
            | "audio/ogg"
            | "audio/mpeg"
            | "audio/aac"
            | "audio/mp4"
            | "audio/amr"
            | "video/mp4"
            | "video/3gpp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pictures_audio_and_video_are_shown_inline_never_html_or_svg() {
        assert!(inline("image/jpeg"));
        assert!(inline("audio/ogg; codecs=opus"));
        assert!(inline("video/mp4"));
        assert!(!inline("text/html"));
        assert!(!inline("image/svg+xml"));
        assert!(!inline("application/pdf"));
        assert!(!inline(""));
    }
}
