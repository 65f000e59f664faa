//! The preview's HTTP server: the built site from memory and nothing else.
//! GET and HEAD only; paths that try to leave the site are 404; requests
//! for another host name are refused (a DNS-rebinding guard); the
//! live-reload stream checks `Origin`. No CORS header is ever sent.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use percent_encoding::percent_decode_str;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use super::live;
use super::preview::{Msg, PageCache, Reply, file_of};
use crate::render::urls;
use crate::site::content_type;

/// What every request handler shares.
#[derive(Clone)]
pub struct App {
    /// The preview thread, which renders what is asked for.
    pub preview: Sender<Msg>,
    pub generations: watch::Receiver<u64>,
    /// `Host` values accepted: `127.0.0.1:PORT`, `localhost:PORT`, the
    /// bound address with its port.
    pub hosts: Arc<Vec<String>>,
    /// Bound to every address (`--bind 0.0.0.0`): any IP address with the
    /// port is accepted too. A DNS-rebinding attack needs a host name, so
    /// names other than `localhost` stay refused.
    pub any_ip_port: Option<u16>,
    /// Pages rendered for the build served now, answered without asking
    /// the preview thread (which may be busy with the next build).
    pub cache: PageCache,
    /// The vault, canonical: an attachment is served only while it is a
    /// regular file inside it.
    pub root: Arc<std::path::PathBuf>,
}

impl App {
    fn host_allowed(&self, host: &str) -> bool {
        if self.hosts.iter().any(|h| h == host) {
            return true;
        }
        let Some(port) = self.any_ip_port else {
            return false;
        };
        host.parse::<std::net::SocketAddr>()
            .is_ok_and(|addr| addr.port() == port)
    }
}

impl App {
    async fn ask<T>(&self, msg: impl FnOnce(tokio::sync::oneshot::Sender<T>) -> Msg) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.preview.send(msg(tx)).ok()?;
        rx.await.ok()
    }
}

/// How long a connection may take to send a request's headers, and how long
/// it may sit idle between requests: a client that sends nothing, or a byte
/// at a time, is let go.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// `HEADER_TIMEOUT`, or `DOSSIER_SERVE_TIMEOUT_MS` from the environment
/// (the tests shorten it).
fn header_timeout() -> Duration {
    std::env::var("DOSSIER_SERVE_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(HEADER_TIMEOUT, Duration::from_millis)
}

/// At most this many connections at once; more wait in the kernel's queue.
const MAX_CONNECTIONS: usize = 256;

/// Serves `router` on `listener` until `shutdown` completes: one task per
/// connection, HTTP/1.1, with a header and idle timeout and a cap on the
/// number of connections.
pub async fn accept(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit,
            () = &mut shutdown => return,
        };
        let Ok(permit) = permit else {
            return;
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait, then go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => return,
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout());
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = builder.serve_connection(io, service).await;
            drop(permit);
        });
    }
}

/// The `Host` values a server bound at `addr` answers to.
pub fn allowed_hosts(addr: std::net::SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        addr.to_string(),
    ];
    hosts.sort();
    hosts.dedup();
    hosts
}

pub fn router(app: App) -> Router {
    Router::new()
        .route(live::EVENTS, get(events))
        .route(live::NEAREST, get(nearest))
        .fallback(page)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

fn refuse(status: StatusCode, why: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        why,
    )
        .into_response()
}

/// Refuses other methods, other host names, and cross-origin requests.
async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut r = refuse(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    if !host.is_some_and(|h| app.host_allowed(&h)) {
        return refuse(
            StatusCode::FORBIDDEN,
            "dossier serve answers only to its own address (127.0.0.1, localhost or --bind)\n",
        );
    }
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let ok = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| app.host_allowed(&o.to_ascii_lowercase()));
        if !ok {
            return refuse(StatusCode::FORBIDDEN, "cross-origin requests are refused\n");
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The site path asked for, or `None` when it is no path of the site:
/// `..` or `.` segments (also percent-encoded), backslashes, drive letters,
/// NUL, or a name that is not UTF-8.
pub fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    let rest = decoded.strip_prefix('/')?;
    if rest.contains(['\\', '\0', ':']) || rest.starts_with('/') {
        return None;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." || (s.is_empty() && i != last) {
            return None;
        }
    }
    Some(rest.to_owned())
}

fn not_found(body: Option<bytes::Bytes>) -> Response {
    let body = body.unwrap_or_else(|| bytes::Bytes::from_static(b"not found\n"));
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn page(State(app): State<App>, request: Request) -> Response {
    let path = site_path(request.uri().path()).unwrap_or_else(|| "\0".to_owned());
    if path == "\0" {
        // Not a path of the site: answered as any page that is not there.
        let reply = app.ask(|tx| Msg::Get("\0".to_owned(), tx)).await;
        return match reply {
            Some(Reply::NotFound(body)) => not_found(Some(body)),
            _ => not_found(None),
        };
    }
    let cached = app
        .cache
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&file_of(&path))
        .cloned();
    if let Some((bytes, content_type)) = cached {
        return ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    }
    match app.ask(|tx| Msg::Get(path.clone(), tx)).await {
        Some(Reply::Bytes {
            bytes,
            content_type,
        }) => ([(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        Some(Reply::File(source)) => {
            // Read now, not when the vault was: an attachment replaced by a
            // symlink to elsewhere, or by a FIFO, is not served.
            let root = app.root.clone();
            let read = tokio::task::spawn_blocking(move || {
                // Whatever its size: the preview serves what the build copies.
                crate::gate::read_inside(&root, &source, u64::MAX)
            })
            .await;
            match read {
                Ok(Ok(bytes)) => {
                    ([(header::CONTENT_TYPE, content_type(&path))], bytes).into_response()
                }
                _ => not_found(None),
            }
        }
        Some(Reply::Redirect(to)) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .unwrap_or_else(|_| not_found(None)),
        Some(Reply::NotFound(body)) => not_found(Some(body)),
        None => not_found(None),
    }
}

#[derive(serde::Deserialize)]
struct NearestQuery {
    path: String,
}

/// The URL path to show instead of `path` (itself when still there).
async fn nearest(State(app): State<App>, Query(q): Query<NearestQuery>) -> Response {
    let answer = match site_path(&q.path) {
        Some(path) => {
            let near = app
                .ask(|tx| Msg::Nearest(path.clone(), tx))
                .await
                .unwrap_or_default();
            if near == path {
                q.path.clone()
            } else {
                urls::absolute(&near)
            }
        }
        None => "/".to_owned(),
    };
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        answer,
    )
        .into_response()
}

/// Server-sent events: the generation now, then each new one.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(app.generations.clone()).map(|generation| {
        Ok(Event::default()
            .event("reload")
            .data(generation.to_string()))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/x",
            "/..%5cwindows",
            "/a%5c..%5cb",
            "/a\\b",
            "//etc/passwd",
            "/C:/windows/win.ini",
            "/c%3a/x",
            "/./index.html",
            "/a//b",
            "/%00",
            "/%ff%fe",
            "relative",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/clients/").as_deref(), Some("clients/"));
        assert_eq!(
            site_path("/clients/%E4%B8%9C.html").as_deref(),
            Some("clients/东.html")
        );
    }
}
