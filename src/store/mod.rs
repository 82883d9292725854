//! SQLite storage: migrations, one writer thread, a small pool of readers.
//!
//! rusqlite blocks, so no database call runs on the async runtime: writes are sent to
//! the single writer thread (which also keeps SQLite's one-writer rule inside this
//! process, without busy-waiting), reads run under `spawn_blocking` on pooled connections.

pub mod clusters;
pub mod decisions;
pub mod desk;
pub mod editorial;
pub mod editors;
pub mod ingest;
pub mod item_query;
pub mod items;
pub mod login_throttle;
pub mod retention;
pub mod retired;
pub mod search;
pub mod secrets;
pub mod sessions;
pub mod sources;
pub mod tokens;

#[cfg(test)]
mod desk_list_tests;
#[cfg(test)]
mod desk_tests;
#[cfg(test)]
mod editor_tests;
#[cfg(test)]
mod ingest_tests;
#[cfg(test)]
mod search_order_tests;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, mpsc};

use rusqlite::{Connection, OpenFlags};
use tokio::sync::oneshot;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("database migration {version}: {source}")]
    Migration {
        version: u32,
        source: rusqlite::Error,
    },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("the database writer has stopped")]
    WriterGone,
    /// A read's task failed (its closure panicked): a bug of the server, not bad input.
    #[error("database read failed: {0}")]
    ReadFailed(String),
}

/// Numbered, append-only migrations, embedded in the binary and applied at start.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (2, include_str!("../../migrations/0002_editors.sql")),
    (3, include_str!("../../migrations/0003_search.sql")),
    (4, include_str!("../../migrations/0004_fingerprints.sql")),
    (5, include_str!("../../migrations/0005_listing_order.sql")),
    (
        6,
        include_str!("../../migrations/0006_ingest_bumps_generation.sql"),
    ),
    (
        7,
        include_str!("../../migrations/0007_search_detail_none.sql"),
    ),
    (
        8,
        include_str!("../../migrations/0008_editorial_relevance_and_retired.sql"),
    ),
    (
        9,
        include_str!("../../migrations/0009_source_job_notes.sql"),
    ),
    (10, include_str!("../../migrations/0010_auto_relevance.sql")),
    (11, include_str!("../../migrations/0011_queue_tally.sql")),
    (12, include_str!("../../migrations/0012_queue_index.sql")),
];

type WriteJob = Box<dyn FnOnce(&mut Connection) + Send>;

#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Option<mpsc::Sender<WriteJob>>>,
    writer_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    readers: Mutex<Readers>,
    /// Signalled when a read connection is handed back.
    reader_returned: Condvar,
}

/// Read connections: at most [`MAX_READERS`] exist at once. Each holds its own page cache
/// and schema, so a burst of reads (the scheduler starts every source's loop at once)
/// must wait for a free one rather than open one each: 48 sources opened 48 connections
/// and `run` peaked at ~110 MB on a 1,000,000-item database.
#[derive(Default)]
struct Readers {
    idle: Vec<Connection>,
    open: usize,
}

/// A read connection out of the pool; dropping it puts it back and wakes a waiting reader.
struct ReaderLease<'a> {
    inner: &'a Inner,
    conn: Option<Connection>,
}

impl Drop for ReaderLease<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.inner
                .readers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .idle
                .push(conn);
        }
        self.inner.reader_returned.notify_one();
    }
}

/// Four: reads are short, and each connection's page cache (2 MB) counts against the
/// 100 MB that `run` may use at 1,000,000 items (eight readers measured 109 MB, four 99 MB).
const MAX_READERS: usize = 4;

impl Store {
    /// Open (creating if needed) the database and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let mut conn = open_connection(path, false)?;
        migrate(&mut conn)?;
        search::reindex_if_empty(&conn)?;
        let (tx, rx) = mpsc::channel::<WriteJob>();
        let handle = std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || {
                let mut conn = conn;
                while let Ok(job) = rx.recv() {
                    job(&mut conn);
                }
                // Dropping the connection here closes the database cleanly (WAL checkpoint).
                let _ = conn.execute_batch("PRAGMA optimize;");
            })
            .map_err(|e| StoreError::Invalid(format!("cannot start writer thread: {e}")))?;
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writer: Mutex::new(Some(tx)),
                writer_thread: Mutex::new(Some(handle)),
                readers: Mutex::new(Readers::default()),
                reader_returned: Condvar::new(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Run `f` on the writer connection. Jobs run one after another, in order.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job: WriteJob = Box::new(move |conn| {
            let _ = tx.send(f(conn));
        });
        {
            let guard = self.inner.writer.lock().unwrap_or_else(|e| e.into_inner());
            let sender = guard.as_ref().ok_or(StoreError::WriterGone)?;
            sender.send(job).map_err(|_| StoreError::WriterGone)?;
        }
        rx.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Run `f` on a pooled read connection, off the async runtime.
    pub async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.read_blocking(f))
            .await
            .map_err(|e| StoreError::ReadFailed(e.to_string()))?
    }

    /// The blocking form of [`Store::read`], for code already off the runtime.
    pub fn read_blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Connection) -> Result<T, StoreError>,
    {
        let pooled = {
            let mut readers = self.inner.readers.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if let Some(c) = readers.idle.pop() {
                    break Some(c);
                }
                if readers.open < MAX_READERS {
                    readers.open += 1;
                    break None;
                }
                readers = self
                    .inner
                    .reader_returned
                    .wait(readers)
                    .unwrap_or_else(|e| e.into_inner());
            }
        };
        let conn = match pooled {
            Some(c) => c,
            None => match open_connection(&self.inner.path, true) {
                Ok(c) => c,
                Err(e) => {
                    self.inner
                        .readers
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .open -= 1;
                    self.inner.reader_returned.notify_one();
                    return Err(e);
                }
            },
        };
        // Handed back by the lease's drop, also if `f` panics: a lost connection would
        // shrink the pool for good, and with it gone every read would wait forever.
        let lease = ReaderLease {
            inner: &self.inner,
            conn: Some(conn),
        };
        match lease.conn.as_ref() {
            Some(conn) => f(conn),
            None => Err(StoreError::Invalid(
                "read connection lost from its lease".into(),
            )),
        }
    }

    /// Stop the writer after the jobs already queued, and wait for it to close the database.
    pub fn close(&self) {
        self.inner
            .writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let handle = self
            .inner
            .writer_thread
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(h) = handle {
            let _ = h.join();
        }
        let mut readers = self.inner.readers.lock().unwrap_or_else(|e| e.into_inner());
        readers.open -= readers.idle.len();
        readers.idle.clear();
    }

    /// The change generation and time of the last change to anything a feed shows.
    pub async fn generation(&self) -> Result<(i64, String), StoreError> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT generation, changed_at FROM change_counter WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .await
    }

    /// A consistent copy through SQLite's online backup API, safe while others write.
    pub async fn backup(&self, dest: PathBuf) -> Result<(), StoreError> {
        self.read(move |conn| {
            let mut out = Connection::open(&dest).map_err(|source| StoreError::Open {
                path: dest.display().to_string(),
                source,
            })?;
            let backup = rusqlite::backup::Backup::new(conn, &mut out)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
            Ok(())
        })
        .await
    }
}

fn open_connection(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let err = |source| StoreError::Open {
        path: path.display().to_string(),
        source,
    };
    let conn = Connection::open_with_flags(path, flags).map_err(err)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(err)?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .map_err(err)?;
    if !read_only {
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(err)?;
    }
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)",
    )?;
    let current: u32 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    for &(version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|source| StoreError::Migration { version, source })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            [version],
        )?;
        tx.commit()?;
    }
    Ok(())
}

pub use crate::model::{parse_ts, ts};

#[cfg(test)]
mod reader_pool_tests {
    use super::*;

    #[test]
    fn a_panicking_read_gives_its_connection_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("t.db")).expect("store opens");
        let (done, finished) = std::sync::mpsc::channel();
        let worker = store.clone();
        std::thread::spawn(move || {
            for _ in 0..=MAX_READERS {
                let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    worker
                        .read_blocking(|_| -> Result<(), StoreError> { panic!("a bug in a read") })
                }));
                assert!(caught.is_err());
            }
            let one: i64 = worker
                .read_blocking(|c| Ok(c.query_row("SELECT 1", [], |r| r.get(0))?))
                .expect("read");
            let _ = done.send(one);
        });
        // With a leaked connection per panic, the pool would be empty and this read would
        // wait for ever.
        let one = finished
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("reads after panicking ones must not hang");
        assert_eq!(one, 1);
        store.close();
    }
}
