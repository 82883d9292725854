//! A deliberately misbehaving HTTP/1.1 server on loopback, written on a bare TcpListener so
//! it can drip, stall, never end, lie about encodings and record exactly when each request
//! arrived and when its answer was done.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    /// Header names lowercased.
    pub headers: HashMap<String, String>,
    pub started: Instant,
    /// When the answer was fully written (or the client went away).
    pub finished: Option<Instant>,
}

/// How to misbehave for one request.
pub enum Reply {
    /// A complete response, sent after `delay`.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        delay: Duration,
    },
    /// 200 headers, then one byte every `every`, forever.
    Drip { every: Duration },
    /// 200 headers, then nothing at all while the connection stays open.
    Silent,
    /// 200 headers without a length, then zeros until the client hangs up.
    Endless,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16, headers: &[(&str, &str)]) -> Reply {
        Reply::Full {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn delayed(self, by: Duration) -> Reply {
        match self {
            Reply::Full {
                status,
                headers,
                body,
                ..
            } => Reply::Full {
                status,
                headers,
                body,
                delay: by,
            },
            other => other,
        }
    }
}

/// Decides the reply from the request and how many earlier requests had the same path.
pub type Route = dyn Fn(&Hit, usize) -> Reply + Send + Sync;

pub struct HostileServer {
    pub addr: SocketAddr,
    hits: Arc<Mutex<Vec<Hit>>>,
    endless_bytes_sent: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl HostileServer {
    pub async fn start(route: impl Fn(&Hit, usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_on([127, 0, 0, 1].into(), route).await
    }

    pub async fn start_on(
        ip: IpAddr,
        route: impl Fn(&Hit, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind(SocketAddr::new(ip, 0))
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let endless_bytes_sent = Arc::new(AtomicU64::new(0));
        let route: Arc<Route> = Arc::new(route);
        let task = {
            let hits = hits.clone();
            let sent = endless_bytes_sent.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let (hits, sent, route) = (hits.clone(), sent.clone(), route.clone());
                    tokio::spawn(serve_connection(stream, hits, sent, route));
                }
            })
        };
        HostileServer {
            addr,
            hits,
            endless_bytes_sent,
            task,
        }
    }

    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("http://{}{path}", self.addr)).expect("valid test URL")
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("hits lock").clone()
    }

    pub fn hits_for(&self, path: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.path == path).collect()
    }

    pub fn endless_bytes_sent(&self) -> u64 {
        self.endless_bytes_sent.load(Ordering::SeqCst)
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_connection(
    mut stream: TcpStream,
    hits: Arc<Mutex<Vec<Hit>>>,
    sent: Arc<AtomicU64>,
    route: Arc<Route>,
) {
    let Some(hit) = read_request(&mut stream).await else {
        return;
    };
    let (index, previous) = {
        let mut hits = hits.lock().expect("hits lock");
        let previous = hits.iter().filter(|h| h.path == hit.path).count();
        hits.push(hit.clone());
        (hits.len() - 1, previous)
    };
    let reply = route(&hit, previous);
    write_reply(&mut stream, reply, &sent).await;
    // Stamped before any further await, so it precedes anything the client does next.
    hits.lock().expect("hits lock")[index].finished = Some(Instant::now());
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream) -> Option<Hit> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let started = Instant::now();
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let path = lines.next()?.split_whitespace().nth(1)?.to_string();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Hit {
        path,
        headers,
        started,
        finished: None,
    })
}

async fn write_reply(stream: &mut TcpStream, reply: Reply, sent: &AtomicU64) {
    const OPEN_ENDED: &str =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n";
    match reply {
        Reply::Full {
            status,
            headers,
            body,
            delay,
        } => {
            tokio::time::sleep(delay).await;
            let mut head = format!("HTTP/1.1 {status} Hostile\r\nConnection: close\r\n");
            for (name, value) in &headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
        }
        Reply::Drip { every } => {
            if stream.write_all(OPEN_ENDED.as_bytes()).await.is_err() {
                return;
            }
            loop {
                if stream.write_all(b"x").await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
        }
        Reply::Silent => {
            let _ = stream.write_all(OPEN_ENDED.as_bytes()).await;
            let mut sink = [0u8; 64];
            // Hold the connection open until the client gives up.
            let _ = stream.read(&mut sink).await;
        }
        Reply::Endless => {
            if stream.write_all(OPEN_ENDED.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            while stream.write_all(&chunk).await.is_ok() {
                sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        }
    }
}
