//! One JSON object to an [`InputRecord`].

use serde_json::{Map, Value};

use crate::{resolve_outlet, IngestError};
use crosscheck_model::InputRecord;

/// The key `export` uses for what crosscheck derived; ignored on the way back in.
pub const EXPORT_KEY: &str = "_crosscheck";

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn take_string(
    obj: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, IngestError> {
    match obj.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        // Unix timestamps and numeric ids arrive as numbers; keep their exact digits.
        Some(Value::Number(n)) if field != "text" => Ok(Some(n.to_string())),
        Some(other) => Err(IngestError::FieldType {
            field,
            expected: "a string",
            found: kind_of(&other),
        }),
    }
}

/// The outlet an `export` line says crosscheck settled on (`_crosscheck.outlet`).
pub fn exported_outlet(value: &Value) -> Option<String> {
    value
        .get(EXPORT_KEY)?
        .get("outlet")?
        .as_str()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_string)
}

/// Reads the known fields of one article object; every other field is kept in `meta`.
/// `folder` is the name of the folder holding the file, the last resort for the outlet.
pub fn record_from_json(value: Value, folder: Option<&str>) -> Result<InputRecord, IngestError> {
    let mut obj = match value {
        Value::Object(o) => o,
        other => {
            return Err(IngestError::NotAnObject {
                found: kind_of(&other),
            })
        }
    };
    obj.remove(EXPORT_KEY);
    let text = take_string(&mut obj, "text")?.filter(|t| !t.trim().is_empty());
    // The page is read only when no text is given; otherwise `html` stays in `meta`.
    let html = match text {
        Some(_) => None,
        None => match take_string(&mut obj, "html")? {
            Some(h) if h.trim().is_empty() => return Err(IngestError::Blank),
            Some(h) => Some(h),
            None if obj.contains_key("text") => return Err(IngestError::Blank),
            None => return Err(IngestError::MissingText),
        },
    };
    let url = take_string(&mut obj, "url")?;
    let outlet = take_string(&mut obj, "outlet")?;
    let title = take_string(&mut obj, "title")?;
    let published = take_string(&mut obj, "published")?;
    // A page names its own site; the URL's host and the folder are the extract stage's
    // fallbacks then.
    let outlet = match html {
        Some(_) => outlet.filter(|o| !o.trim().is_empty()),
        None => resolve_outlet(outlet.as_deref(), url.as_deref(), folder),
    };
    Ok(InputRecord {
        outlet,
        url,
        title,
        published,
        text: text.unwrap_or_default(),
        html,
        meta: obj,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_fields_are_read_and_the_rest_kept() {
        let rec = record_from_json(
            json!({"url": "https://www.example.org/a", "title": "T", "text": "Body.",
                   "published": 1717400000, "section": "World", "_crosscheck": {"id": "x"}}),
            None,
        )
        .expect("valid");
        assert_eq!(rec.outlet.as_deref(), Some("example.org"));
        assert_eq!(rec.published.as_deref(), Some("1717400000"));
        assert_eq!(rec.meta.len(), 1);
        assert_eq!(rec.meta["section"], "World");
    }

    #[test]
    fn wrong_shapes_are_explained() {
        let e = record_from_json(json!([1]), None).unwrap_err();
        assert_eq!(e.to_string(), "expected a JSON object, found an array");
        let e = record_from_json(json!({"title": "x"}), None).unwrap_err();
        assert!(e.to_string().starts_with("no `text` or `html` field"));
        let e = record_from_json(json!({"text": "x", "title": ["a"]}), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "field `title` must be a string, found an array"
        );
        let rec = record_from_json(
            json!({"html": "<p>x</p>", "url": "https://a.example/x"}),
            Some("f"),
        )
        .unwrap();
        assert_eq!(
            (rec.html.as_deref(), rec.text.as_str(), rec.outlet),
            (Some("<p>x</p>"), "", None)
        );
        let rec =
            record_from_json(json!({"html": "<p>x</p>", "text": "Given text"}), None).unwrap();
        assert_eq!((rec.html, rec.meta.get("html").is_some()), (None, true));
        let e = record_from_json(json!({"text": 5}), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "field `text` must be a string, found a number"
        );
    }
}
