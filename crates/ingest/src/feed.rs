//! RSS and Atom feeds: one record per item.
//!
//! An item's link, title, date and authors become the record's fields. When the feed
//! carries the item's content (`content:encoded`, Atom `content`), that HTML is the page
//! the extract stage reads; otherwise its summary (`description`) is, and the record
//! says so in `meta.feed_content = "summary"`. An item with a headline and nothing else
//! is refused: it has no text to compare or cluster.

use crosscheck_model::InputRecord;
use serde_json::{Map, Value};

use crate::{resolve_outlet, IngestError};

/// The items of a feed, each a record or the reason it is not one.
pub fn items(
    bytes: &[u8],
    folder: Option<&str>,
) -> Result<Vec<Result<InputRecord, IngestError>>, IngestError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| IngestError::Feed {
        message: e.to_string(),
    })?;
    let feed_title = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let mut out = Vec::with_capacity(feed.entries.len());
    for e in feed.entries {
        let url = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| e.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty());
        let title = e
            .title
            .as_ref()
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty());
        let published = e.published.or(e.updated).map(|d| d.to_rfc3339());
        let content = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .filter(|b| !b.trim().is_empty());
        let summary = e
            .summary
            .as_ref()
            .map(|s| s.content.clone())
            .filter(|s| !s.trim().is_empty());
        let mut meta = Map::new();
        if let Some(t) = &feed_title {
            meta.insert("feed".into(), Value::String(t.clone()));
        }
        if !e.id.is_empty() {
            meta.insert("feed_item_id".into(), Value::String(e.id.clone()));
        }
        let authors: Vec<String> = e
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref().map(|n| n.trim().to_string()))
            .filter(|n| !n.is_empty())
            .collect();
        if !authors.is_empty() {
            meta.insert("author".into(), Value::String(authors.join(", ")));
        }
        let (body, from) = match (content, summary) {
            (Some(c), _) => (c, "content"),
            (None, Some(s)) => (s, "summary"),
            (None, None) => {
                out.push(Err(IngestError::HeadlineOnly));
                continue;
            }
        };
        meta.insert("feed_content".into(), Value::String(from.into()));
        let is_markup = body.contains('<');
        out.push(Ok(InputRecord {
            // The channel names its outlet; the item's host and the folder come after.
            outlet: feed_title
                .clone()
                .or_else(|| resolve_outlet(None, url.as_deref(), folder)),
            url,
            title,
            published,
            text: if is_markup {
                String::new()
            } else {
                body.clone()
            },
            html: is_markup.then_some(body),
            meta,
        }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_content_summary_or_nothing() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>The Ledger</title>
          <item><title>Ferry runs aground</title><link>https://ledger.example/2026/03/04/ferry</link>
            <pubDate>Wed, 04 Mar 2026 06:10:00 +0100</pubDate><description>Short summary.</description>
            <content:encoded><![CDATA[<p>The ferry left the harbour at dawn, carrying 212 passengers.</p>]]></content:encoded></item>
          <item><title>Storm closes port</title><link>https://ledger.example/storm</link><description>The port closed at noon as winds rose.</description></item>
          <item><title>Headline only</title><link>https://ledger.example/h</link></item>
        </channel></rss>"#;
        let items = items(rss, None).unwrap();
        assert_eq!(items.len(), 3);
        let first = items[0].as_ref().unwrap();
        assert_eq!(first.title.as_deref(), Some("Ferry runs aground"));
        assert_eq!(
            first.url.as_deref(),
            Some("https://ledger.example/2026/03/04/ferry")
        );
        assert_eq!(
            first.published.as_deref(),
            Some("2026-03-04T05:10:00+00:00")
        );
        assert!(first.html.as_deref().unwrap().contains("212 passengers"));
        // Regression: the outlet was the link's host; the channel names it.
        assert_eq!(first.outlet.as_deref(), Some("The Ledger"));
        let second = items[1].as_ref().unwrap();
        assert_eq!(
            (second.html.as_deref(), second.text.as_str()),
            (None, "The port closed at noon as winds rose.")
        );
        assert_eq!(second.meta["feed_content"], "summary");
        assert!(matches!(items[2], Err(IngestError::HeadlineOnly)));
    }

    #[test]
    fn atom_and_garbage() {
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
          <entry><id>tag:w,1</id><title>Quake</title><link href="https://w.example/q"/><updated>2026-01-02T03:04:05Z</updated>
          <author><name>Ana Ruiz</name></author><content type="html">&lt;p&gt;A quake struck.&lt;/p&gt;</content></entry></feed>"#;
        let items = items(atom, None).unwrap();
        let r = items[0].as_ref().unwrap();
        assert_eq!(r.meta["author"], "Ana Ruiz");
        assert!(r.html.as_deref().unwrap().contains("A quake struck."));
        assert!(super::items(b"not a feed at all", None).is_err());
    }
}
