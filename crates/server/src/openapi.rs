//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/openapi.json`. A test checks
//! that every API route of the router is described here and every path here is routed.

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// The API's paths, as routed (a test checks them against the router and the document).
#[cfg(test)]
pub const PATHS: &[&str] = &[
    "/api/v1/health",
    "/api/v1/version",
    "/api/v1/stories",
    "/api/v1/stories/{id}",
    "/api/v1/articles",
    "/api/v1/articles/{id}",
    "/api/v1/compare",
    "/api/v1/copies",
    "/api/v1/outlets",
    "/api/v1/counts",
    "/api/v1/export",
    "/api/v1/changes",
    "/api/v1/ingest",
    "/api/v1/jobs/{id}",
];

fn param(name: &str, place: &str, desc: &str, schema: Value) -> Value {
    json!({"name": name, "in": place, "required": place == "path", "description": desc, "schema": schema})
}

fn get(summary: &str, params: Vec<Value>, ok: &str) -> Value {
    json!({"get": {
        "summary": summary,
        "parameters": params,
        "responses": {
            "200": {"description": ok, "content": {"application/json": {}}},
            "304": {"description": "not modified (If-None-Match matched the ETag)"},
            "400": {"$ref": "#/components/responses/Problem"},
            "404": {"$ref": "#/components/responses/Problem"},
        }
    }})
}

pub fn spec() -> Value {
    let s = json!({"type": "string"});
    let n = json!({"type": "integer", "minimum": 0});
    let limit = param(
        "limit",
        "query",
        "page size (1 to 500; default 50)",
        n.clone(),
    );
    let cursor = param(
        "cursor",
        "query",
        "the `next` of the previous page",
        s.clone(),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "crosscheck",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stories, their independent sources, who copied whom and which facts hold. \
                Errors are RFC 9457 problem details (application/problem+json). Lists page with \
                opaque cursors (`next`, and a Link rel=\"next\" header). Reads carry ETags."
        },
        "paths": {
            "/api/v1/health": get("the server and its store answer", vec![], "status, article count, whether ingest is on"),
            "/api/v1/version": get("name, version and API version", vec![], "the version"),
            "/api/v1/stories": get("stories, newest activity first (or most independent sources first)", vec![
                param("since", "query", "active on or after (a day or an RFC 3339 time)", s.clone()),
                param("until", "query", "first seen on or before", s.clone()),
                param("outlet", "query", "covered by this outlet", s.clone()),
                param("min_sources", "query", "at least this many independent sources", n.clone()),
                param("lang", "query", "has an article in this language (en, de, pt...)", s.clone()),
                param("sort", "query", "recent (default) or sources", json!({"enum": ["recent", "sources"]})),
                limit.clone(), cursor.clone()], "{stories: [...], next}"),
            "/api/v1/stories/{id}": get("one story: articles with copy families, independent sources, facts, timeline (a merged story's id gives its survivor)", vec![
                param("id", "path", "story id or a unique prefix", s.clone()),
                param("offset", "query", "first article shown", n.clone()),
                param("limit", "query", "articles shown (default all)", n.clone())], "the story"),
            "/api/v1/articles": get("articles in ingestion order, or the best matches of a search", vec![
                param("q", "query", "full-text search (then one page, no cursor)", s.clone()),
                param("outlet", "query", "of this outlet", s.clone()), limit.clone(), cursor.clone()], "{articles: [...], next}"),
            "/api/v1/articles/{id}": get("one article: clean text, metadata, removed residue, relations, annotations, story", vec![
                param("id", "path", "article id or a unique prefix", s.clone())], "the article"),
            "/api/v1/compare": get("two articles' aligned sentences with word changes, the copy kind and the source", vec![
                param("a", "query", "article id", s.clone()), param("b", "query", "article id", s.clone())], "the comparison"),
            "/api/v1/copies": get("copy relations", vec![
                param("kind", "query", "exact, near_duplicate, rewrite, partial, ...", s.clone()), limit.clone(), cursor.clone()], "{copies: [...], next}"),
            "/api/v1/outlets": get("outlets: originals vs copies, whom each copies and who copies it", vec![], "{outlets: [...]}"),
            "/api/v1/counts": get("articles and originals per day or hour of publication", vec![
                param("bucket", "query", "day (default) or hour", json!({"enum": ["day", "hour"]})),
                param("outlet", "query", "of this outlet", s.clone())], "{bucket_seconds, counts: [...]}"),
            "/api/v1/export": {"get": {
                "summary": "every matching article, streamed (no cap)",
                "parameters": [
                    param("format", "query", "ndjson (lossless, re-ingestable; default) or csv", json!({"enum": ["ndjson", "csv"]})),
                    param("outlet", "query", "of this outlet", s.clone())],
                "responses": {"200": {"description": "the export", "content": {"application/x-ndjson": {}, "text/csv": {}}},
                              "400": {"$ref": "#/components/responses/Problem"}}}},
            "/api/v1/changes": get("what is new after a sequence number, for polling clients", vec![
                param("after", "query", "the last_seq of the previous answer (0 for everything)", n.clone()), limit.clone()], "{changes: [...], last_seq}"),
            "/api/v1/ingest": {"post": {
                "summary": "ingest a body (JSON lines, HTML, WARC, RSS/Atom or text; gzip accepted) as a job",
                "security": [{"bearer": []}],
                "parameters": [param("format", "query", "jsonl, html, warc, feed or text, when the Content-Type does not say", s.clone())],
                "requestBody": {"required": true, "content": {
                    "application/x-ndjson": {}, "text/html": {}, "application/warc": {},
                    "application/rss+xml": {}, "application/atom+xml": {}, "text/plain": {}}},
                "responses": {
                    "202": {"description": "accepted: the job, and its URL in Location"},
                    "400": {"$ref": "#/components/responses/Problem"},
                    "401": {"$ref": "#/components/responses/Problem"},
                    "403": {"$ref": "#/components/responses/Problem"},
                    "413": {"$ref": "#/components/responses/Problem"},
                    "415": {"$ref": "#/components/responses/Problem"}}}},
            "/api/v1/jobs/{id}": get("an ingest job: queued, waiting, running, done (with the ingest summary and each rejected document) or failed", vec![
                param("id", "path", "job id", n.clone())], "the job"),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {"Problem": {
                "description": "RFC 9457 problem details",
                "content": {"application/problem+json": {"schema": {
                    "type": "object",
                    "properties": {"type": s, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}}}}}}
        }
    })
}

pub async fn document() -> Response {
    Json(spec()).into_response()
}
