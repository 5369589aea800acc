//! Errors as RFC 9457 problem details (`application/problem+json`), with the same
//! messages the CLI prints.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use crosscheck_engine::read::ReadError;
use crosscheck_store::StoreError;
use serde::Serialize;

/// One problem: `type` names the kind (`urn:crosscheck:problem:not-found`), `detail`
/// says what went wrong with this request.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Per-input errors (an ingest's rejected lines), when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<serde_json::Value>,
    #[serde(skip)]
    pub challenge: bool,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, detail: String) -> Self {
        Self {
            kind: format!("urn:crosscheck:problem:{kind}"),
            title: status.canonical_reason().unwrap_or("error").to_string(),
            status: status.as_u16(),
            detail,
            errors: Vec::new(),
            challenge: false,
        }
    }

    pub fn bad_request(detail: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", detail)
    }

    pub fn internal(detail: String) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", detail)
    }

    pub fn unauthorized(detail: String) -> Self {
        let mut p = Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail);
        p.challenge = true;
        p
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<ReadError> for Problem {
    fn from(e: ReadError) -> Self {
        match &e {
            ReadError::Store(s) => store_problem(s, e.to_string()),
            ReadError::NotADate(_) => Self::bad_request(e.to_string()),
            ReadError::Pipeline(_) => Self::internal(e.to_string()),
        }
    }
}

fn store_problem(e: &StoreError, detail: String) -> Problem {
    match e {
        StoreError::NotFound { .. } | StoreError::NoStory { .. } => {
            Problem::new(StatusCode::NOT_FOUND, "not-found", detail)
        }
        StoreError::Ambiguous { .. } | StoreError::BadId { .. } => Problem::bad_request(detail),
        _ => Problem::internal(detail),
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.challenge {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"crosscheck\""),
            );
        }
        res
    }
}
