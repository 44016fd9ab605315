//! Rendered findings pages of finished scans, kept as `Bytes` (and, once a
//! client asks for it, gzip) in a cache bounded by bytes: a finished scan's
//! findings never change, so a repeated page costs no SQLite and no JSON work.
//!
//! Keys are normalised queries (`?size=1000&page=1` and `?page=1&size=1000`
//! are one page). Eviction drops the least recently used pages first.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header::ACCEPT_ENCODING;
use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::sync::{Arc, Mutex};

/// Bytes of pages (identity and gzip together) kept at most.
pub const BUDGET: usize = 64 << 20;

/// One findings page: the scan and the normalised query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    /// The scan.
    pub scan: i64,
    /// Page number, from 1.
    pub page: u64,
    /// Page size after the cap.
    pub size: u64,
    /// Severity filter (already validated).
    pub severity: Option<String>,
    /// Algorithm filter, lowercased (the filter ignores case).
    pub algorithm: Option<String>,
    /// Path substring filter.
    pub path: Option<String>,
}

/// A rendered page; its gzip form is made once, by the first client that
/// accepts it.
#[derive(Debug)]
pub struct Page {
    /// The JSON body.
    pub body: Bytes,
    gzip: tokio::sync::OnceCell<Bytes>,
}

impl Page {
    /// The page's gzip body, compressed on a blocking thread the first time.
    pub async fn gzip(&self) -> std::io::Result<Bytes> {
        self.gzip
            .get_or_try_init(|| {
                let body = self.body.clone();
                async move {
                    tokio::task::spawn_blocking(move || gzip(&body))
                        .await
                        .map_err(std::io::Error::other)?
                }
            })
            .await
            .cloned()
    }
}

fn gzip(body: &[u8]) -> std::io::Result<Bytes> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 8),
        flate2::Compression::default(),
    );
    enc.write_all(body)?;
    Ok(Bytes::from(enc.finish()?))
}

#[derive(Debug)]
struct Entry {
    page: Arc<Page>,
    last_used: u64,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<PageKey, Entry>,
    tick: u64,
    // INVARIANT: the sum of the identity bodies in `map`, counted twice to
    // leave room for their gzip forms (always smaller for JSON pages).
    bytes: usize,
    // Deleted scans: a page rendered while its scan was being deleted is
    // never kept (ids are not reused, so this only grows with deletions).
    gone: HashSet<i64>,
}

/// The cache; one per server, shared by every request.
#[derive(Debug)]
pub struct Pages {
    inner: Mutex<Inner>,
    budget: usize,
}

impl Default for Pages {
    fn default() -> Self {
        Self::new(BUDGET)
    }
}

impl Pages {
    /// A cache holding about `budget` bytes.
    pub fn new(budget: usize) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            budget,
        }
    }

    /// The page for `key`, if rendered.
    pub fn get(&self, key: &PageKey) -> Option<Arc<Page>> {
        let mut inner = self.inner.lock().ok()?;
        inner.tick += 1;
        let tick = inner.tick;
        let e = inner.map.get_mut(key)?;
        e.last_used = tick;
        Some(Arc::clone(&e.page))
    }

    /// Keeps `body` as the page for `key`, evicting the least recently used
    /// pages past the budget; returns the page (kept or not).
    pub fn insert(&self, key: PageKey, body: Bytes) -> Arc<Page> {
        let page = Arc::new(Page {
            body,
            gzip: tokio::sync::OnceCell::new(),
        });
        let cost = page.body.len() * 2;
        let Ok(mut inner) = self.inner.lock() else {
            return page;
        };
        if cost > self.budget || inner.gone.contains(&key.scan) {
            return page;
        }
        while inner.bytes + cost > self.budget {
            let Some(old) = inner
                .map
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            inner.remove(&old);
        }
        inner.tick += 1;
        let last_used = inner.tick;
        inner.remove(&key);
        inner.bytes += cost;
        inner.map.insert(
            key,
            Entry {
                page: Arc::clone(&page),
                last_used,
            },
        );
        page
    }

    /// Whether `scan` was deleted.
    pub fn is_gone(&self, scan: i64) -> bool {
        self.inner.lock().is_ok_and(|i| i.gone.contains(&scan))
    }

    /// Forgets every page of `scan` (it was deleted), now and later.
    pub fn forget(&self, scan: i64) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.gone.insert(scan);
            let gone: Vec<PageKey> = inner
                .map
                .keys()
                .filter(|k| k.scan == scan)
                .cloned()
                .collect();
            for k in &gone {
                inner.remove(k);
            }
        }
    }
}

impl Inner {
    fn remove(&mut self, key: &PageKey) {
        if let Some(e) = self.map.remove(key) {
            self.bytes = self.bytes.saturating_sub(e.page.body.len() * 2);
        }
    }
}

/// Whether `Accept-Encoding` lets us answer with gzip (`gzip` or `*`, with a
/// q-value above zero).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let zero = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !zero
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn key(scan: i64, page: u64) -> PageKey {
        PageKey {
            scan,
            page,
            size: 10,
            severity: None,
            algorithm: None,
            path: None,
        }
    }

    #[test]
    fn least_recently_used_pages_go_first_and_the_budget_holds() {
        let pages = Pages::new(100);
        pages.insert(key(1, 1), Bytes::from(vec![b'a'; 20]));
        pages.insert(key(1, 2), Bytes::from(vec![b'b'; 20]));
        assert!(pages.get(&key(1, 1)).is_some());
        // 40 + 40 used of 100; a third page of 40 evicts the least recent (1, 2).
        pages.insert(key(2, 1), Bytes::from(vec![b'c'; 20]));
        assert!(pages.get(&key(1, 2)).is_none());
        assert!(pages.get(&key(1, 1)).is_some() && pages.get(&key(2, 1)).is_some());
        // Larger than the whole budget: served, never kept.
        let big = pages.insert(key(3, 1), Bytes::from(vec![b'd'; 60]));
        assert_eq!(big.body.len(), 60);
        assert!(pages.get(&key(3, 1)).is_none());
        pages.forget(1);
        assert!(pages.get(&key(1, 1)).is_none() && pages.get(&key(2, 1)).is_some());
        // A page of a deleted scan rendered late is served but not kept.
        pages.insert(key(1, 3), Bytes::from_static(b"late"));
        assert!(pages.get(&key(1, 3)).is_none());
        let inner = pages.inner.lock().unwrap();
        assert_eq!(inner.bytes, 40);
    }

    #[test]
    fn accept_encoding() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_gzip(&h)
        };
        assert!(with("gzip"));
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("gzip; q=0.000"));
        assert!(!with("identity"));
        assert!(!with("deflate, br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[tokio::test]
    async fn gzip_round_trips() {
        use std::io::Read as _;
        let pages = Pages::default();
        let body = Bytes::from("{\"findings\":[".repeat(100));
        let page = pages.insert(key(1, 1), body.clone());
        let z = page.gzip().await.unwrap();
        assert!(z.len() < body.len() / 4);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&z[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, body);
        assert_eq!(page.gzip().await.unwrap(), z, "made once");
    }
}
