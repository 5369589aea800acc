//! Class and id names: which say "page furniture" (weakly or strongly) and which say
//! "the article". One Aho-Corasick pass over an element's lower-cased class and id finds
//! every listed word in it.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Names that always mean furniture, even on a big element.
const STRONG: &[&str] = &[
    "comment",
    "footer",
    "sidebar",
    "related",
    "recommend",
    "outbrain",
    "taboola",
    "newsletter",
    "cookie",
    "consent",
    "share",
    "social",
    "popup",
    "modal",
    "breadcrumb",
    "trending",
    "most-read",
    "mostread",
    "most-popular",
    "mostpopular",
    "navbar",
    "menu",
];

/// Names that usually mean furniture; a big element with one of them is kept.
const WEAK: &[&str] = &[
    "share",
    "social",
    "related",
    "newsletter",
    "subscri",
    "promo",
    "advert",
    "sponsor",
    "cookie",
    "consent",
    "sidebar",
    "breadcrumb",
    "footer",
    "comment",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "recommend",
    "trending",
    "mostread",
    "most-read",
    "most-popular",
    "mostpopular",
    "widget",
    "toolbar",
    "signup",
    "sign-up",
    "paywall",
    "banner",
    "masthead",
    "navbar",
    "menu",
    "skip",
    "login",
    "caption",
    "credit",
    "byline",
    "author",
    "dateline",
    "timestamp",
    "published",
    "tags",
    "tagged",
    "keywords",
    "print",
    "pagination",
    "pager",
    "disclaimer",
    "hidden",
    "visually-hidden",
    "sr-only",
    "screen-reader",
    "teaser",
    "read-more",
    "readmore",
    "more-stories",
    "further",
    "also-read",
    "alsoread",
    "inline-ad",
    "ad-container",
    "ad-slot",
    "adslot",
    "adunit",
    "ad-unit",
    "dfp",
    "gpt-ad",
    "rail",
    "nocontent",
    "noprint",
    "figure",
    "image",
    "photo",
    "gallery",
    "video",
    "player",
    "donate",
    "donation",
    "support-us",
    "feedback",
    "rating",
    "survey",
    "poll",
];

/// Names of the article itself.
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "prose",
    "rich-text",
    "richtext",
];

/// Embedded posts (a tweet, an Instagram caption) are quoted sources, part of the story,
/// whatever else their names say.
const EMBEDDED: &[&str] = &["tweet", "embed", "instagram-media"];

/// Whole words (between non-alphanumerics) that mean furniture; too short to match inside
/// other words ("ad" in "header").
const WEAK_WORDS: &[&str] = &["ad", "ads", "nav", "aside", "meta", "share", "tools"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Strong,
    Weak,
    Positive,
    Embedded,
    /// "tbody" holds "body" but says nothing about the article.
    NotPositive,
}

static MATCHER: LazyLock<(AhoCorasick, Vec<(Group, &'static str)>)> = LazyLock::new(|| {
    let mut pats: Vec<(Group, &'static str)> = Vec::new();
    pats.extend(STRONG.iter().map(|w| (Group::Strong, *w)));
    pats.extend(WEAK.iter().map(|w| (Group::Weak, *w)));
    pats.extend(POSITIVE.iter().map(|w| (Group::Positive, *w)));
    pats.extend(EMBEDDED.iter().map(|w| (Group::Embedded, *w)));
    pats.push((Group::NotPositive, "tbody"));
    #[allow(clippy::expect_used)]
    let ac = AhoCorasick::new(pats.iter().map(|p| p.1)).expect("fixed patterns build");
    (ac, pats)
});

/// What a class/id string says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Names {
    /// 0: not furniture; 1: a weak furniture name; 2: a strong one.
    pub tier: u8,
    /// Names the article ("story-body", "entry-content").
    pub positive: bool,
}

/// Classifies a lower-cased class and id string. "commentary" is a genre, not comments;
/// "trail" is not a rail; "images-" is not an image box.
pub fn classify(ci: &str) -> Names {
    let (ac, pats) = &*MATCHER;
    let mut strong = false;
    let mut weak = false;
    let mut positive = false;
    let mut not_positive = false;
    for m in ac.find_overlapping_iter(ci) {
        let (group, w) = pats[m.pattern().as_usize()];
        let after = &ci[m.end()..];
        let exception = (w == "comment" && after.starts_with("ary"))
            || (w == "rail" && ci[..m.start()].ends_with('t'))
            || (w == "image" && after.starts_with("s-"));
        if exception {
            continue;
        }
        match group {
            Group::Embedded => return Names::default(),
            Group::Strong => strong = true,
            Group::Weak => weak = true,
            Group::Positive => positive = true,
            Group::NotPositive => not_positive = true,
        }
    }
    weak |= ci
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| WEAK_WORDS.contains(&w));
    let positive = positive && !not_positive;
    // "sr-body-share-wrapper", "article-share": a strong name beside an article name is
    // only weak. A real share bar still goes (it holds no paragraphs); a wrapper of the
    // article text stays when it holds a good share of it.
    let tier = match (strong, weak) {
        (true, _) if positive => 1,
        (true, _) => 2,
        (false, w) => u8::from(w),
    };
    Names { tier, positive }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_and_article_names() {
        assert_eq!(classify("comments-area ").tier, 2);
        assert_eq!(classify("site-footer ").tier, 2);
        assert_eq!(classify("ad-slot ").tier, 1);
        assert_eq!(classify("page-ad-margins ").tier, 1);
        assert_eq!(classify("header ").tier, 0, "ad inside a word is not an ad");
        assert_eq!(classify("commentary ").tier, 0);
        assert_eq!(classify("trail ").tier, 0);
        assert_eq!(
            classify("social-media-embed ").tier,
            0,
            "embedded posts stay"
        );
        assert!(classify("story-body ").positive);
        assert!(!classify("tbody ").positive);
        assert_eq!(classify(""), Names::default());
    }
}
