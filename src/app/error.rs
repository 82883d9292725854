//! What a command can fail with, each naming the file, source or feed it concerns, so the
//! binary can print it as it is.

use std::path::PathBuf;

use crate::classify::ClassifyError;
use crate::config::ConfigError;
use crate::fetch::FetchError;
use crate::pipeline::JobError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Classify(#[from] ClassifyError),
    #[error("opening database {}: {source}", path.display())]
    OpenDatabase { path: PathBuf, source: StoreError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("no source with id {id:?} in {}", file.display())]
    UnknownSource { id: String, file: PathBuf },
    #[error("source {id:?}: {source}")]
    Job { id: String, source: JobError },
    #[error("{url}: unexpected 304 Not Modified")]
    NotModified { url: String },
    #[error("feed {id}: {message}")]
    Feed { id: String, message: String },
    /// Reading or writing a file or directory; `action` says which ("read", "write",
    /// "create").
    #[error("cannot {action} {}: {source}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("HTTP server: {0}")]
    Server(std::io::Error),
    #[error("{}: {message}", path.display())]
    Labels { path: PathBuf, message: String },
    #[error("demo: {0}")]
    Demo(String),
    #[error("a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl CommandError {
    pub(crate) fn file(
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> CommandError {
        let path = path.to_path_buf();
        move |source| CommandError::File {
            action,
            path,
            source,
        }
    }
}
