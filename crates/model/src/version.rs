//! When two articles are versions of one: the same article-specific URL (not a site's
//! front page or a section) and related texts. An outlet that declares its home page as
//! every page's canonical URL, or a bare link line in a body, must not chain unrelated
//! articles as "version 2" of each other.

use std::collections::HashSet;

/// Path segments that name a section or a listing, never one article.
const SECTION_WORDS: &[&str] = &[
    "home",
    "index",
    "news",
    "latest",
    "world",
    "local",
    "national",
    "international",
    "politics",
    "business",
    "economy",
    "markets",
    "money",
    "opinion",
    "opinions",
    "sport",
    "sports",
    "science",
    "health",
    "tech",
    "technology",
    "culture",
    "arts",
    "entertainment",
    "lifestyle",
    "travel",
    "weather",
    "video",
    "videos",
    "live",
    "podcasts",
    "photos",
    "education",
    "environment",
    "climate",
    "us",
    "uk",
    "europe",
    "asia",
    "africa",
    "americas",
    "middle-east",
    "australia",
    "nachrichten",
    "politik",
    "wirtschaft",
    "actualites",
    "actualite",
    "noticias",
    "economia",
    "deportes",
    "sports-news",
    "breaking-news",
];

/// Segments after which the next one names a listing (`/tag/x`, `/author/y`).
const LISTING_PARENTS: &[&str] = &[
    "tag",
    "tags",
    "topic",
    "topics",
    "category",
    "categories",
    "section",
    "sections",
    "author",
    "authors",
    "page",
    "archive",
    "archives",
    "search",
    "thema",
    "themen",
    "rubrique",
    "seccion",
];

/// Whether a URL can name one article: it has a path, and that path is not a section
/// front (`/news`, `/world/europe`), a listing (`/tag/x`, `/page/2`) or an index file.
pub fn is_article_url(u: &str) -> bool {
    let Ok(parsed) = url::Url::parse(u.trim()) else {
        return false;
    };
    if parsed.query_pairs().any(|(k, v)| {
        matches!(
            k.to_ascii_lowercase().as_str(),
            "id" | "p" | "story" | "article" | "articleid" | "storyid" | "newsid"
        ) && !v.is_empty()
    }) {
        return true;
    }
    let segments: Vec<String> = parsed
        .path_segments()
        .map(|s| {
            s.filter(|s| !s.is_empty())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let Some(last) = segments.last() else {
        return false;
    };
    let stem = last
        .rsplit_once('.')
        .filter(|(_, ext)| matches!(*ext, "html" | "htm" | "shtml" | "php" | "asp" | "aspx"))
        .map_or(last.as_str(), |(stem, _)| stem);
    if matches!(stem, "index" | "default" | "main" | "") || SECTION_WORDS.contains(&stem) {
        return false;
    }
    if stem.bytes().all(|b| b.is_ascii_digit()) && stem.len() <= 2 {
        // `/page/2`, `/2026/03`: a listing or an archive day.
        return false;
    }
    if segments.len() >= 2 && LISTING_PARENTS.contains(&segments[segments.len() - 2].as_str()) {
        return false;
    }
    true
}

/// Words of five letters or more, lower-cased: enough to tell an update of one article
/// (most of its words kept) from another article of the same site (a few shared words).
fn long_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(str::to_lowercase)
        .collect()
}

/// Whether two texts can be versions of one article: the same title, or at least half
/// of the smaller text's distinct long words in the other. Updates keep most of their
/// words; two articles of one site share only stock words.
pub fn related_versions(
    a_title: Option<&str>,
    a_body: &str,
    b_title: Option<&str>,
    b_body: &str,
) -> bool {
    let norm = |t: &str| t.trim().to_lowercase();
    if let (Some(x), Some(y)) = (a_title, b_title) {
        if !x.trim().is_empty() && norm(x) == norm(y) {
            return true;
        }
    }
    let (a, b) = (long_words(a_body), long_words(b_body));
    let (small, large) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if small.is_empty() {
        return false;
    }
    let shared = small.iter().filter(|w| large.contains(*w)).count();
    shared * 2 >= small.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_roots_sections_and_listings_are_not_article_urls() {
        for u in [
            "https://www.wired.co.uk/",
            "https://example.org",
            "https://example.org/news/",
            "https://example.org/world/europe",
            "https://example.org/tag/climate-change",
            "https://example.org/author/jane-doe",
            "https://example.org/news/page/2",
            "https://example.org/index.html",
            "not a url",
        ] {
            assert!(!is_article_url(u), "{u}");
        }
    }

    #[test]
    fn article_urls_are_article_urls() {
        for u in [
            "https://example.org/2026/03/04/ferry",
            "https://example.org/news/ferry-overturns-off-port-aldren",
            "https://example.org/article/48213377",
            "https://example.org/bridge",
            "https://example.org/story.php?id=42",
            "https://example.org/politics/2026/05/vote-count.html",
        ] {
            assert!(is_article_url(u), "{u}");
        }
    }

    #[test]
    fn an_update_is_related_and_another_article_is_not() {
        let first = "The council approved the harbour budget on Tuesday after a long debate \
                     about dredging costs and the ferry terminal.";
        let update = "The council approved the harbour budget on Tuesday after a long debate \
                      about dredging costs and the ferry terminal. Opponents promised an appeal.";
        let other = "Floods closed three schools in the valley on Monday, and parents \
                     were told to collect their children before noon.";
        assert!(related_versions(None, first, None, update));
        assert!(!related_versions(None, first, None, other));
        assert!(related_versions(
            Some("Budget passes"),
            first,
            Some("budget passes "),
            other
        ));
    }
}
