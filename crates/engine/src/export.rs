//! The lossless export format: one JSON object per article.

use crosscheck_model::StoredArticle;
use serde_json::{json, Map, Value};

/// The export line of one article. Ingesting it gives back the same article and id:
/// the known fields and `meta` rebuild the input record; `_crosscheck` is ignored.
pub fn export_line(s: &StoredArticle) -> Value {
    let a = &s.article;
    let r = &a.record;
    let mut obj = Map::new();
    obj.insert("url".into(), json!(r.url));
    obj.insert("outlet".into(), json!(r.outlet));
    obj.insert("title".into(), json!(r.title));
    obj.insert("published".into(), json!(r.published));
    obj.insert("text".into(), json!(r.text));
    if let Some(html) = &r.html {
        obj.insert("html".into(), json!(html));
    }
    for (k, v) in &r.meta {
        obj.insert(k.clone(), v.clone());
    }
    obj.insert(
        "_crosscheck".into(),
        json!({
            "id": a.id,
            "source": a.source,
            "version": s.version,
            "previous_version": s.previous_version,
            "title": a.title,
            "standfirst": a.standfirst,
            "byline": a.byline,
            "published": a.published,
            "url": a.url,
            "outlet": a.outlet,
            "body": a.body,
            "removed": a.removed,
        }),
    );
    Value::Object(obj)
}
