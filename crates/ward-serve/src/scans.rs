//! `/v1/scans…`: start a scan, follow it, page through its findings, fetch
//! its report, delete it.

use crate::error::ApiError;
use crate::extract::{Id, Json, Query};
use crate::history::StoredFinding;
use crate::pages::PageKey;
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use ward_crypto::Profile;

/// Largest page of findings or events.
pub const MAX_PAGE: u64 = 1000;
/// Page size when none is asked for.
pub const DEFAULT_PAGE: u64 = 100;

/// `POST /v1/scans` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewScan {
    path: String,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    profile: Option<String>,
}

pub(crate) async fn create(
    State(st): State<Arc<AppState>>,
    Json(body): Json<NewScan>,
) -> Result<Response, ApiError> {
    if let Some(f) = &body.format {
        report_format(f)?;
    }
    let profile = match body.profile.as_deref() {
        None | Some("default") => Profile::Default,
        Some("cnsa2") => Profile::Cnsa2,
        Some(p) => {
            return Err(ApiError::bad_request(format!(
                "unknown profile `{p}`: use `default` or `cnsa2`"
            )));
        }
    };
    let path = crate::paths::confine(&st.roots, &body.path)?;
    let id = st
        .jobs
        .submit(
            &st.history,
            &st.metrics,
            path,
            profile,
            Arc::clone(&st.roots),
        )
        .await?;
    let row = st.scan(id).await?;
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/v1/scans/{id}"))],
        axum::Json(row),
    )
        .into_response())
}

pub(crate) async fn get(State(st): State<Arc<AppState>>, Id(id): Id) -> Result<Response, ApiError> {
    Ok(axum::Json(st.scan(id).await?).into_response())
}

pub(crate) async fn delete(
    State(st): State<Arc<AppState>>,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    st.jobs.cancel(id);
    let found = st.blocking(move |h| h.delete(id)).await?;
    // Pages first: from here on nothing read for this scan is kept (see
    // `AppState::findings`), then what was kept before goes.
    st.pages.forget(id);
    if let Ok(mut c) = st.findings_cache.lock() {
        c.remove(&id);
    }
    if found {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_scan(id))
    }
}

/// Query of `GET /v1/scans/{id}/findings`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingsQuery {
    page: Option<u64>,
    size: Option<u64>,
    severity: Option<String>,
    algorithm: Option<String>,
    path: Option<String>,
}

/// `page` (from 1) and `size` (1.., capped) → (page, size, offset).
pub(crate) fn paging(page: Option<u64>, size: Option<u64>) -> Result<(u64, u64, u64), ApiError> {
    let page = page.unwrap_or(1);
    let size = size.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE);
    if page == 0 || size == 0 {
        return Err(ApiError::bad_request("`page` and `size` start at 1"));
    }
    let offset = (page - 1)
        .checked_mul(size)
        .ok_or_else(|| ApiError::bad_request("`page` is too large"))?;
    Ok((page, size, offset))
}

pub(crate) async fn findings(
    State(st): State<Arc<AppState>>,
    Id(id): Id,
    headers: HeaderMap,
    Query(q): Query<FindingsQuery>,
) -> Result<Response, ApiError> {
    let (page, size, offset) = paging(q.page, q.size)?;
    if let Some(s) = &q.severity
        && !["info", "low", "medium", "high", "critical"].contains(&s.as_str())
    {
        return Err(ApiError::bad_request(format!(
            "unknown severity `{s}`: use info, low, medium, high or critical"
        )));
    }
    let key = PageKey {
        scan: id,
        page,
        size,
        severity: q.severity,
        algorithm: q.algorithm.map(|a| a.to_ascii_lowercase()),
        path: q.path,
    };
    let rendered = match st.pages.get(&key) {
        Some(p) => p,
        None => {
            let all = st.findings(id).await?;
            let body = render(&key, offset, &all);
            st.pages.insert(key, body)
        }
    };
    let json = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
    if crate::pages::accepts_gzip(&headers) {
        let z = rendered
            .gzip()
            .await
            .map_err(|e| ApiError::internal(format!("cannot compress page: {e}")))?;
        let enc = (header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        return Ok(([json, vary, enc], z).into_response());
    }
    Ok(([json, vary], rendered.body.clone()).into_response())
}

/// The page `key` (starting at `offset`) of a scan's findings, as JSON.
fn render(key: &PageKey, offset: u64, all: &[StoredFinding]) -> Bytes {
    let keep = |f: &&StoredFinding| {
        key.severity.as_ref().is_none_or(|s| &f.severity == s)
            && key
                .algorithm
                .as_ref()
                .is_none_or(|a| f.algorithm.eq_ignore_ascii_case(a))
            && key
                .path
                .as_ref()
                .is_none_or(|p| f.path.contains(p.as_str()))
    };
    let (id, page, size) = (key.scan, key.page, key.size);
    let mut total = 0u64;
    let mut body = String::with_capacity(256 + 600 * usize::try_from(size).unwrap_or(0));
    body.push_str(&format!(
        "{{\"scan\":{id},\"page\":{page},\"size\":{size},\"findings\":["
    ));
    let mut first = true;
    for f in all.iter().filter(keep) {
        if total >= offset && total < offset + size {
            if !first {
                body.push(',');
            }
            first = false;
            body.push_str(f.json.get());
        }
        total += 1;
    }
    body.push_str(&format!("],\"total\":{total}}}"));
    Bytes::from(body)
}

/// Query of `GET /v1/scans/{id}/report`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    format: Option<String>,
}

#[derive(Debug, Clone, Copy)]
enum ReportFormat {
    Json,
    Sarif,
    Cbom,
}

fn report_format(f: &str) -> Result<ReportFormat, ApiError> {
    match f {
        "json" => Ok(ReportFormat::Json),
        "sarif" => Ok(ReportFormat::Sarif),
        "cbom" => Ok(ReportFormat::Cbom),
        _ => Err(ApiError::bad_request(format!(
            "unknown format `{f}`: use json, sarif or cbom"
        ))),
    }
}

pub(crate) async fn report(
    State(st): State<Arc<AppState>>,
    Id(id): Id,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let format = report_format(q.format.as_deref().unwrap_or("json"))?;
    st.ready(id).await?;
    let Some(r) = st.blocking(move |h| h.report(id)).await? else {
        return Err(no_scan(id));
    };
    let value = match format {
        ReportFormat::Json => serde_json::to_value(&r)
            .map_err(|e| ApiError::internal(format!("cannot encode report: {e}")))?,
        ReportFormat::Sarif => ward_crypto::to_sarif(&r),
        ReportFormat::Cbom => ward_crypto::to_cbom(&r),
    };
    Ok(axum::Json(value).into_response())
}

pub(crate) fn no_scan(id: i64) -> ApiError {
    ApiError::not_found(format!("no scan `{id}`"))
}

impl AppState {
    /// A scan row with live progress merged in.
    pub(crate) async fn scan(&self, id: i64) -> Result<crate::history::ScanRow, ApiError> {
        let mut row = self
            .blocking(move |h| h.get(id))
            .await?
            .ok_or_else(|| no_scan(id))?;
        if row.state == "running"
            && let Some(l) = self.jobs.live(id)
        {
            row.files_done = l.files.load(Ordering::Relaxed);
        }
        Ok(row)
    }

    /// 409 unless scan `id` is done.
    pub(crate) async fn ready(&self, id: i64) -> Result<(), ApiError> {
        let row = self.scan(id).await?;
        if row.state == "done" {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "not_ready",
                format!("scan `{id}` is {}, not done", row.state),
            ))
        }
    }

    /// A done scan's findings, from memory after the first read.
    async fn findings(&self, id: i64) -> Result<Arc<Vec<StoredFinding>>, ApiError> {
        if let Some(f) = self
            .findings_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&id).cloned())
        {
            return Ok(f);
        }
        self.ready(id).await?;
        let all = Arc::new(self.blocking(move |h| h.findings(id)).await?);
        // Not kept when the scan was deleted while they were read.
        if let Ok(mut c) = self.findings_cache.lock()
            && !self.pages.is_gone(id)
        {
            // A handful of recent scans; finished scans never change.
            if c.len() >= 16 {
                c.clear();
            }
            c.insert(id, Arc::clone(&all));
        }
        Ok(all)
    }
}
