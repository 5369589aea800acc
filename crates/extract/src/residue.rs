//! Line-level recognition of scraping residue: the page furniture that scrapers leave
//! around an article. Every rule is anchored (a whole line, or a line's opening words)
//! and most apply only to short lines, because a real article sentence must never go.
//!
//! [`classify`] looks at one line alone; the context rules (what follows an ad-blocker
//! nag or a "Related" header, section labels above the headline) live in `crate::clean`.

use std::collections::HashSet;
use std::sync::LazyLock;

use crosscheck_model::RemovedReason as R;

use crate::dates::{self, DateKind, When};
use crate::normalize::key;

/// What a residue line is, and what it told us when it carries metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub reason: R,
    pub byline: Option<String>,
    pub dates: Vec<(DateKind, When)>,
    pub url: Option<String>,
    /// A header such as "Related" or "Most read": headline-like lines after it are links.
    pub opens_list: bool,
}

impl Hit {
    fn of(reason: R) -> Self {
        Self {
            reason,
            byline: None,
            dates: Vec::new(),
            url: None,
            opens_list: false,
        }
    }
}

/// Words in a line. Lines reaching the rules are normalised (trimmed, single spaces),
/// so counting spaces is exact, and much cheaper than splitting.
pub fn word_count(s: &str) -> usize {
    let s = s.trim();
    if s.is_empty() {
        0
    } else {
        s.bytes().filter(|&b| b == b' ').count() + 1
    }
}

/// The first `n` words of a normalised line, as a slice of it.
fn first_words(s: &str, n: usize) -> &str {
    match s.match_indices(' ').nth(n.saturating_sub(1)) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Ends like a sentence: `.`, `!`, `?`, `…` (and the CJK, Arabic and Devanagari stops),
/// possibly followed by closing quotes.
pub fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '」', '』', '）']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', '।'])
}

/// Looks like a headline or link text: not too long, no final period.
pub fn headline_like(s: &str) -> bool {
    let n = word_count(s);
    (1..=30).contains(&n)
        && s.len() <= 250
        && !s
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with('.')
        && s.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// A line in headline case, every word or nearly capitalised, function words too ("Rand
/// Paul Scores Direct Hit On Donald Trump."): some scrapes end link lists' headlines with a
/// full stop, so under a "Related" header this tells them from the article's own prose.
pub fn title_cased(s: &str) -> bool {
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= 3 && s.len() <= 250 && capitalised * 10 >= words.len() * 9
}

const ADVERTISEMENT: &[&str] = &[
    "advertisement",
    "advertisements",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "paid content",
    "promoted",
    "promoted content",
    "paid post",
    "partner content",
    "supported by",
    "story continues below advertisement",
    "story continues below",
    "article continues below",
    "article continues below advertisement",
    "article continues after advertisement",
    "continue reading below",
    "content continues below",
    "scroll to continue with content",
    "scroll to continue",
    "remove ads",
    "ad feedback",
    "skip advertisement",
    "report this ad",
    "advertise with us",
    "adchoices",
    "ad choices",
    "advertisement scroll to continue",
    "advertisement continue reading below",
    "story continues after advertisement",
];

const SHARE: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this page",
    "share article",
    "share story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "share on whatsapp",
    "share via email",
    "share via",
    "share full article",
    "share the article",
    "tweet",
    "email",
    "e mail",
    "print",
    "copy link",
    "copy url",
    "link copied",
    "copy article link",
    "save",
    "save article",
    "save for later",
    "saved",
    "bookmark",
    "gift article",
    "gift this article",
    "give this article",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "telegram",
    "messenger",
    "flipboard",
    "threads",
    "bluesky",
    "comments",
    "comment",
    "view comments",
    "show comments",
    "join the conversation",
    "leave a comment",
    "add a comment",
    "see comments",
    "jump to comments",
    "comments are closed",
    "share this with",
    "share with",
    "share options",
    "facebook twitter",
    "email facebook twitter",
    "share facebook twitter email",
    "leave a reply",
    "post a comment",
    "post comment",
    "cancel reply",
    "like this",
    "like loading",
    "like",
    "liked by",
    "reblog",
];

const SOCIAL_WORDS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "telegram",
    "email",
    "mail",
    "messenger",
    "flipboard",
    "threads",
    "bluesky",
    "instagram",
    "tiktok",
    "youtube",
    "print",
    "share",
    "copy",
    "link",
    "sms",
    "mastodon",
];

const LISTEN_EXACT: &[&str] = &[
    "listen",
    "listen now",
    "play audio",
    "listen to article",
    "listen to this article",
    "listen to this story",
    "listen to the article",
    "listen to story",
    "hear this article",
    "audio",
    "pause",
    "play",
    "stop audio",
    "listen to this article instead",
];

const NAVIGATION: &[&str] = &[
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "skip to footer",
    "skip to search",
    "menu",
    "main menu",
    "open menu",
    "close menu",
    "toggle navigation",
    "navigation",
    "search",
    "close",
    "home",
    "homepage",
    "back to top",
    "top",
    "go to top",
    "next article",
    "previous article",
    "next story",
    "previous story",
    "next",
    "previous",
    "prev",
    "load more",
    "show more",
    "see more",
    "view all",
    "see all",
    "sections",
    "all sections",
    "contact us",
    "about us",
    "privacy policy",
    "privacy",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "terms & conditions",
    "accessibility",
    "careers",
    "site map",
    "sitemap",
    "rss",
    "help",
    "faq",
    "advertise",
    "corrections",
    "contact",
    "jump to",
    "live tv",
    "watch live",
    "log out",
    "my account",
    "edition",
    "us edition",
    "uk edition",
    "international edition",
    "change edition",
    "loading",
    "please enable javascript",
    "javascript is disabled",
    "enable javascript",
    "cookie policy",
    "do not sell my personal information",
    "do not sell or share my personal information",
    "your privacy choices",
    "manage cookies",
    "report a correction",
    "corrections policy",
    "editorial standards",
    "ethics policy",
    "send us a tip",
    "got a tip",
    "have a news tip",
    "our standards",
    "report an error",
    "report a typo",
    "suggest a correction",
    "report an issue",
    "our standards the trust principles",
    "expand",
    "collapse",
    "more",
    "follow",
    "following",
];

const NEWSLETTER_EXACT: &[&str] = &[
    "newsletter",
    "newsletters",
    "sign up",
    "sign up now",
    "sign up here",
    "subscribe",
    "subscribe now",
    "subscribe today",
    "log in",
    "login",
    "sign in",
    "register",
    "create account",
    "create a free account",
    "already a subscriber",
    "already have an account",
    "enter your email",
    "enter your email address",
    "email address",
    "your email",
    "your email address",
    "sign me up",
    "submit",
    "no thanks",
    "not now",
    "maybe later",
    "subscribers only",
    "subscriber only",
    "for subscribers",
    "exclusive to subscribers",
    "unlock this article",
    "subscriber exclusive",
    "premium",
    "free trial",
    "start free trial",
];

const NEWSLETTER_OPENERS: &[&str] = &[
    "subscribe",
    "sign up",
    "sign-up",
    "signup",
    "register",
    "get our",
    "get the",
    "get breaking",
    "join",
    "enter your",
    "want",
    "don't miss",
    "never miss",
    "stay informed",
    "stay up to date",
    "stay updated",
    "like this",
    "enjoyed this",
    "enjoy this",
    "thanks for",
    "thank you for",
    "by signing up",
    "by subscribing",
    "by clicking",
    "you have",
    "you've",
    "you are now",
    "you're now",
    "already",
    "become a",
    "support",
    "this site is protected",
    "the best of",
    "receive",
    "delivered to",
    "newsletter",
    "free newsletter",
    "daily newsletter",
    "our newsletter",
    "this newsletter",
    "get",
    "unlock",
    "continue reading",
    "to continue reading",
    "to read this article",
    "to keep reading",
    "this article is for subscribers",
    "this content is for subscribers",
    "only subscribers",
    "you have reached",
    "you've reached",
];

const NEWSLETTER_WORDS: &[&str] = &[
    "newsletter",
    "newsletters",
    "inbox",
    "email",
    "e-mail",
    "alerts",
    "briefing",
    "digest",
    "subscribe",
    "subscription",
    "subscriber",
    "subscribers",
    "sign up",
    "recaptcha",
    "privacy policy",
    "free articles",
    "journalism",
    "account",
    "terms of service",
    "unsubscribe",
];

const READ_MORE_HEADERS: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read next",
    "more on this story",
    "more on this",
    "related",
    "related content",
    "related article",
    "related articles",
    "related stories",
    "related coverage",
    "related news",
    "see also",
    "recommended",
    "recommended stories",
    "recommended for you",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "more stories",
    "more from",
    "most read",
    "most popular",
    "most viewed",
    "most shared",
    "trending",
    "trending now",
    "don't miss",
    "watch",
    "watch now",
    "explore more",
    "keep reading",
    "top stories",
    "latest news",
    "latest stories",
    "more news",
    "editor's picks",
    "editors' picks",
    "what to read next",
    "catch up",
    "up next",
    "more in this series",
    "more coverage",
    "further reading",
    "popular now",
    "in case you missed it",
    "must read",
    "more like this",
    "also on",
    "read the latest",
    "more to read",
    "related links",
    "featured",
    "more top stories",
    "latest",
    "just in",
    "other stories",
];

const TAG_HEADERS: &[&str] = &[
    "tags",
    "topics",
    "filed under",
    "more about",
    "related topics",
    "categories",
    "category",
    "keywords",
    "more on",
    "explore",
    "topic",
];

const CREDIT_OPENERS: &[&str] = &[
    "reporting by",
    "additional reporting by",
    "additional reporting",
    "editing by",
    "edited by",
    "writing by",
    "compiled by",
    "produced by",
    "graphics by",
    "research by",
    "with reporting by",
    "with additional reporting",
    "reporting and writing by",
    "fact check by",
    "translated by",
];

const COOKIE_PHRASES: &[&str] = &[
    "we use cookies",
    "uses cookies",
    "use of cookies",
    "cookie policy",
    "cookie settings",
    "accept cookies",
    "accept all cookies",
    "manage cookies",
    "cookie preferences",
    "consent to the use of cookies",
    "by continuing to browse",
];

const ADBLOCK_WORDS: &[&str] = &[
    "ad blocker",
    "adblocker",
    "ad-blocker",
    "adblock",
    "ad block",
    "ad-block",
];

const NAG_WORDS: &[&str] = &[
    "detected",
    "disable",
    "whitelist",
    "allowlist",
    "turn off",
    "pause",
    "support us",
    "supporting us",
    "please",
    "you're using",
    "you are using",
    "we noticed",
    "looks like you",
    "using an",
    "rely on",
];

/// Button words that follow a nag, a consent box or a sign-up prompt.
pub const BUTTONS: &[&str] = &[
    "refresh",
    "reload",
    "refresh page",
    "reload page",
    "continue",
    "continue without",
    "i've disabled my ad blocker",
    "i have disabled my ad blocker",
    "i've disabled it",
    "disable",
    "disable ad blocker",
    "whitelist",
    "whitelist us",
    "how to disable",
    "how do i disable my ad blocker",
    "how to whitelist",
    "no thanks",
    "ok",
    "okay",
    "got it",
    "close",
    "dismiss",
    "accept",
    "accept all",
    "accept cookies",
    "reject",
    "reject all",
    "manage preferences",
    "manage settings",
    "settings",
    "i accept",
    "agree",
    "i agree",
    "allow",
    "allow all",
    "continue to site",
    "support us",
    "not now",
    "maybe later",
    "try again",
    "x",
    "cancel",
    "subscribe",
    "i understand",
    "turn off ad blocker",
    "i've turned off my ad blocker",
    "learn more",
];

/// Section and page-type words seen above headlines ("World News", "article").
pub const SECTIONS: &[&str] = &[
    "news",
    "world",
    "world news",
    "politics",
    "business",
    "opinion",
    "analysis",
    "sport",
    "sports",
    "live",
    "breaking",
    "breaking news",
    "exclusive",
    "video",
    "videos",
    "tech",
    "technology",
    "science",
    "health",
    "us",
    "u s",
    "uk",
    "europe",
    "asia",
    "africa",
    "middle east",
    "americas",
    "us & canada",
    "us and canada",
    "latin america",
    "asia pacific",
    "australia",
    "india",
    "china",
    "local",
    "local news",
    "national",
    "national news",
    "international",
    "markets",
    "economy",
    "climate",
    "environment",
    "culture",
    "entertainment",
    "lifestyle",
    "travel",
    "education",
    "crime",
    "justice",
    "crime & justice",
    "defense",
    "defence",
    "military",
    "conflict",
    "conflicts",
    "investigations",
    "investigation",
    "features",
    "feature",
    "explainer",
    "fact check",
    "world europe",
    "article",
    "story",
    "news story",
    "report",
    "reports",
    "blog",
    "live updates",
    "live blog",
    "top stories",
    "newsletter",
    "podcast",
    "podcasts",
    "obituary",
    "obituaries",
    "editorial",
    "commentary",
    "letters",
    "premium",
    "subscriber only",
    "wires",
    "wire",
    "agency",
    "global",
    "us news",
    "uk news",
    "world politics",
    "global news",
    "region",
    "regional",
    "nation",
    "state",
    "states",
    "security",
    "diplomacy",
    "energy",
    "finance",
    "money",
    "media",
    "elections",
    "election",
    "war",
    "weather",
    "disasters",
    "society",
    "law",
    "courts",
    "migration",
    "immigration",
    "inside",
    "interactive",
    "gallery",
    "photos",
    "audio",
    "longform",
    "long read",
    "the long read",
    "special report",
    "in depth",
    "in-depth",
    "latest",
    "update",
    "updated",
    "news analysis",
    "world affairs",
    "foreign affairs",
    "world report",
    "asia news",
    "europe news",
    "africa news",
    "americas news",
    "middle east news",
    "war in ukraine",
    "israel gaza war",
    "us politics",
    "uk politics",
    "eu",
    "european union",
    "un",
    "nato",
    "press release",
    "opinion analysis",
    "comment",
    "perspective",
    "op-ed",
    "op ed",
    "guest essay",
    "review",
    "reviews",
];

// Exact-phrase lookups run on most lines; hash sets beat scanning the lists.
macro_rules! phrase_sets {
    ($($set:ident = $list:ident;)*) => {
        $(static $set: LazyLock<HashSet<&'static str>> = LazyLock::new(|| $list.iter().copied().collect());)*
    };
}

phrase_sets! {
    ADVERTISEMENT_SET = ADVERTISEMENT;
    LISTEN_EXACT_SET = LISTEN_EXACT;
    SHARE_SET = SHARE;
    TAG_HEADERS_SET = TAG_HEADERS;
    READ_MORE_HEADERS_SET = READ_MORE_HEADERS;
    NEWSLETTER_EXACT_SET = NEWSLETTER_EXACT;
    NAVIGATION_SET = NAVIGATION;
    SECTIONS_SET = SECTIONS;
    BUTTONS_SET = BUTTONS;
}

fn is_one_of(k: &str, list: &[&str]) -> bool {
    list.contains(&k)
}

/// `k` opens with the whole words of `p`.
fn opens_with(k: &str, p: &str) -> bool {
    // The first-byte test first: most lines share no first letter with most phrases,
    // and this runs for every phrase of every short line.
    k.as_bytes().first() == p.as_bytes().first()
        && k.starts_with(p)
        && (k.len() == p.len() || k.as_bytes().get(p.len()) == Some(&b' '))
}

/// "[See a collection of cartoons on the strike.]", "(Read more: Ferry fares rise)": a link
/// promo set apart in brackets, opening with what it asks the reader to do. (The caller
/// keeps it to short lines without commas: a long aside in brackets is the writer's.)
fn bracketed_promo(line: &str, k: &str) -> bool {
    let t = line.trim();
    let wrapped =
        (t.starts_with('[') && t.ends_with(']')) || (t.starts_with('(') && t.ends_with(')'));
    wrapped
        && t.len() > 2
        && !t[1..t.len() - 1].contains(['[', ']', '(', ')'])
        && starts_with_phrase(
            k,
            &[
                "read",
                "see",
                "watch",
                "check out",
                "click",
                "listen to",
                "related",
                "also read",
                "more on",
                "photos",
                "video",
                "sign up",
                "subscribe",
                "follow us",
            ],
        )
}

fn starts_with_phrase(k: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| opens_with(k, p))
}

/// Splits "PoliticsEconomyElections" at lower-to-upper boundaries; counts boundaries
/// whose left part is at least three letters (so "iPhone", "McDonald" do not count).
fn camel_boundaries(token: &str) -> usize {
    let chars: Vec<char> = token.chars().collect();
    let mut count = 0;
    let mut seg_len = 0;
    for w in chars.windows(2) {
        seg_len += 1;
        if (w[0].is_lowercase() || w[0] == ')') && w[1].is_uppercase() {
            if seg_len >= 3 {
                count += 1;
            }
            seg_len = 0;
        }
    }
    count
}

fn is_camel_tag_list(line: &str) -> bool {
    if ends_sentence(line) || line.contains(['.', ',', ';', ':', '、', '，', '。']) {
        return false;
    }
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 12 {
        return false;
    }
    let allowed_lower = ["and", "&", "of", "the", "in", "on", "for"];
    if tokens
        .iter()
        .any(|t| t.chars().next().is_some_and(char::is_lowercase) && !allowed_lower.contains(t))
    {
        return false;
    }
    let per_token: Vec<usize> = tokens.iter().map(|t| camel_boundaries(t)).collect();
    let total: usize = per_token.iter().sum();
    let with = per_token.iter().filter(|&&b| b > 0).count();
    total >= 2 && (tokens.len() <= 2 || with * 10 >= tokens.len() * 5)
}

/// "Politics | Economy | Elections", "Home > World > Europe": short capitalised items
/// joined by separators.
fn separated_items(line: &str) -> Option<Vec<&str>> {
    let seps: &[char] = &['|', '•', '·', '›', '»', '>', '/'];
    if !line.contains(seps) || ends_sentence(line) {
        return None;
    }
    let items: Vec<&str> = line
        .split(seps)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let ok = items.len() >= 2
        && items.iter().all(|i| {
            word_count(i) <= 4
                && i.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && !i.contains(['.', '?', '!'])
        });
    ok.then_some(items)
}

fn byline_value(seg: &str) -> Option<String> {
    let k = seg.to_ascii_lowercase();
    let rest = [
        "by ",
        "written by ",
        "words by ",
        "story by ",
        "author: ",
        "authors: ",
        "author ",
        "by: ",
    ]
    .iter()
    .find_map(|p| k.starts_with(p).then(|| seg[p.len()..].trim()))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 {
        return None;
    }
    if rest.ends_with(['.', '!', '?']) && !rest.ends_with(" Jr.") && !rest.ends_with(" Sr.") {
        let last = words.last().map_or("", |w| w);
        // "By J. Smith" ends with a name, "By then." does not.
        if last.len() > 2 {
            return None;
        }
    }
    let first = words[0]
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if dates::parse(&first).is_some()
        || dates::is_weekday(&first)
        || [
            "noon",
            "midnight",
            "then",
            "now",
            "contrast",
            "comparison",
            "far",
            "law",
            "design",
            "default",
            "chance",
            "accident",
            "nightfall",
            "dawn",
            "dusk",
            "morning",
            "evening",
            "afternoon",
            "night",
            "late",
            "early",
            "mid",
            "end",
            "the",
            "a",
            "an",
            "its",
            "his",
            "her",
            "their",
            "our",
            "this",
            "that",
        ]
        .contains(&first.as_str())
        || first.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let connectors = [
        "and",
        "&",
        "in",
        "de",
        "van",
        "von",
        "da",
        "del",
        "la",
        "le",
        "bin",
        "al",
        "of",
        "the",
        "for",
        "with",
        "staff",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "writer",
        "writers",
        "editor",
        "editors",
        "desk",
        "team",
        "bureau",
        "contributor",
        "contributors",
        "chief",
        "senior",
        "political",
        "foreign",
        "at",
    ];
    // "Dev Sandhu, crime correspondent": the names come before the first comma; what
    // follows is a role or an outlet and may be in lower case.
    let names_part = rest.split(',').next().unwrap_or(rest);
    let words: Vec<&str> = names_part.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let capitalised = words
        .iter()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '@')
                || connectors.contains(&w)
        })
        .count();
    (words[0]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '@')
        && capitalised * 10 >= words.len() * 8)
        .then(|| {
            rest.trim_end_matches([',', ';', '|', '-'])
                .trim()
                .to_string()
        })
}

fn reading_time(k: &str) -> bool {
    let toks: Vec<&str> = k.split(' ').collect();
    match toks.as_slice() {
        [n, unit, "read" | "listen" | "watch" | "reading" | "video"] | [n, unit] => {
            n.chars().all(|c| c.is_ascii_digit())
                && matches!(*unit, "min" | "mins" | "minute" | "minutes" | "m")
        }
        ["reading", "time", ..] | ["estimated", "reading", "time", ..] | ["read", "time", ..] => {
            toks.len() <= 6
        }
        _ => false,
    }
}

/// Lines made only of metadata segments: "By Jane Doe | 3 June 2025 | 4 min read".
fn metadata_line(line: &str, wc: usize) -> Option<Hit> {
    if wc > 30 {
        return None;
    }
    let segments: Vec<&str> = line
        .split(['|', '•', '·'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut byline = None;
    let mut dates_found = Vec::new();
    let mut any_date_line = false;
    let mut any_listen = false;
    for seg in &segments {
        if let Some(b) = byline_value(seg) {
            byline.get_or_insert(b);
        } else if let Some(d) = dates::date_line(seg) {
            any_date_line = true;
            dates_found.extend(d.into_iter().filter_map(|(k, w)| w.map(|w| (k, w))));
        } else if let Some((d, b)) = date_then_byline(seg) {
            any_date_line = true;
            dates_found.extend(d.into_iter().filter_map(|(k, w)| w.map(|w| (k, w))));
            byline.get_or_insert(b);
        } else if is_listen_label(seg) {
            any_listen = true;
        } else {
            return None;
        }
    }
    let reason = if byline.is_some() {
        R::Byline
    } else if any_date_line {
        R::Dateline
    } else if any_listen {
        R::ListenPrompt
    } else {
        return None;
    };
    Some(Hit {
        byline,
        dates: dates_found,
        ..Hit::of(reason)
    })
}

/// "Sign up for our newsletter", "Get breaking news alerts in your inbox": an opener
/// and, after it, a word about subscribing ("Subscribe to the theory that..." is prose).
fn newsletter_prompt(k: &str, lower: &str) -> bool {
    let Some(opener) = NEWSLETTER_OPENERS
        .iter()
        .filter(|p| opens_with(k, p))
        .max_by_key(|p| p.len())
    else {
        return false;
    };
    let after = lower.get(opener.len()..).unwrap_or("");
    NEWSLETTER_WORDS.iter().any(|w| after.contains(w))
}

/// "Business reporter", "Political correspondent", "Staff writer": a role line that
/// follows a byline name.
pub fn is_role_line(line: &str) -> bool {
    let k = key(line);
    let words: Vec<&str> = k.split(' ').collect();
    !k.is_empty()
        && words.len() <= 4
        && !ends_sentence(line)
        && matches!(
            words.last().copied(),
            Some(
                "reporter"
                    | "correspondent"
                    | "editor"
                    | "writer"
                    | "journalist"
                    | "contributor"
                    | "columnist"
                    | "staff"
                    | "analyst"
                    | "producer"
            )
        )
}

/// "Ruth Kale": two to four capitalised words, nothing else.
pub fn is_name_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
}

/// "Posted on 14 April 2026 by Greta Holm": a date, then a byline.
fn date_then_byline(seg: &str) -> Option<(dates::DateLine, String)> {
    let at = seg.rfind(" by ")?;
    let dates = dates::date_line(&seg[..at])?;
    let byline = byline_value(&seg[at + 1..])?;
    Some((dates, byline))
}

fn is_listen_label(seg: &str) -> bool {
    let k = key(seg);
    reading_time(&k) || LISTEN_EXACT_SET.contains(k.as_str())
}

fn url_only(line: &str) -> Option<String> {
    let l = line.trim_matches(['<', '>']);
    let lower = l.to_ascii_lowercase();
    ((lower.starts_with("http://") || lower.starts_with("https://")) && !l.contains(' '))
        .then(|| l.to_string())
}

fn caption(line: &str, lower: &str, k: &str, wc: usize) -> bool {
    let openers = [
        "image caption",
        "image source",
        "image",
        "photo",
        "photograph",
        "picture",
        "pictured",
        "caption",
        "credit",
        "photo credit",
        "image credit",
        "photos",
        "photo illustration",
        "file photo",
        "illustration",
        "video caption",
        "media caption",
    ];
    if wc <= 60
        && openers.iter().any(|o| {
            k == *o
                || (lower.starts_with(o)
                    && matches!(lower.as_bytes().get(o.len()), Some(b':') | Some(b',')))
        })
    {
        return true;
    }
    if wc <= 60
        && (k.starts_with("image caption")
            || k.starts_with("media caption")
            || k.starts_with("image source"))
    {
        return true;
    }
    if is_one_of(
        k,
        &[
            "toggle caption",
            "hide caption",
            "show caption",
            "enlarge this image",
            "open image in gallery",
            "view image in fullscreen",
            "getty images",
            "reuters",
            "ap",
            "afp",
            "ap photo",
            "epa",
            "shutterstock",
            "alamy",
        ],
    ) {
        return true;
    }
    // "Image 2 of 7", "1/5"
    let toks: Vec<&str> = k.split(' ').collect();
    if matches!(toks.as_slice(), ["image" | "photo" | "slide", n, "of", m] if n.parse::<u32>().is_ok() && m.parse::<u32>().is_ok())
    {
        return true;
    }
    // Credits in brackets at the end of a short line: "Rescuers at the site (AP Photo/Jane Doe)".
    let agencies = [
        "ap photo",
        "getty images",
        "reuters/",
        "/reuters",
        "afp via getty",
        "/afp",
        "afp/",
        "epa/",
        "/epa",
        "shutterstock",
        "photo:",
        "photo by",
        "/ap)",
        "credit:",
        "bloomberg via getty",
        "pool photo",
    ];
    if wc <= 50 && line.ends_with(')') {
        if let Some(open) = lower.rfind('(') {
            let inner = &lower[open..];
            if agencies.iter().any(|a| inner.contains(a)) {
                return true;
            }
        }
    }
    // Bare photo credits: "REUTERS/Jane Doe", "Jane Doe/AFP via Getty Images".
    wc <= 8
        && line.contains('/')
        && agencies
            .iter()
            .chain(["reuters", "afp", "getty", "epa", "anadolu", "xinhua"].iter())
            .any(|a| lower.contains(a))
}

/// Longest line (in words) any rule looks at; longer lines are always article text.
const MAX_RULE_WORDS: usize = 80;

/// Classifies one line on its own. `None` means it reads as article text.
pub fn classify(line: &str) -> Option<Hit> {
    let wc = word_count(line);
    if wc > MAX_RULE_WORDS {
        return None;
    }
    // Long lines only meet prefix rules: key their opening words alone.
    let k = if wc <= 12 {
        key(line)
    } else {
        key(first_words(line, 10))
    };
    if k.is_empty() {
        // Only punctuation or symbols: separators, bullets, "•••", "—".
        return Some(Hit::of(R::Navigation));
    }
    // Every phrase matched below is ASCII, so ASCII lower-casing is enough (and cheap).
    let lower = line.to_ascii_lowercase();
    if wc > 45 {
        // Prose-length lines: only nags, consent notices and long captions run this long.
        return long_line(line, &lower, &k, wc);
    }
    if let Some(url) = url_only(line) {
        return Some(Hit {
            url: Some(url),
            ..Hit::of(R::UrlLine)
        });
    }
    if ADVERTISEMENT_SET.contains(k.as_str())
        || (wc <= 6
            && starts_with_phrase(
                &k,
                &[
                    "advertisement",
                    "sponsored by",
                    "paid for by",
                    "presented by",
                    "in partnership with",
                ],
            )
            && !ends_sentence(line))
    {
        return Some(Hit::of(R::Advertisement));
    }
    if is_nag(&lower) {
        return Some(Hit::of(R::AdBlocker));
    }
    if LISTEN_EXACT_SET.contains(k.as_str())
        || reading_time(&k)
        || (wc <= 20
            && (starts_with_phrase(
                &k,
                &[
                    "listen to this article",
                    "listen to this story",
                    "listen to the article",
                    "listen to article",
                    "listen to the story",
                ],
            ) || (k.starts_with("listen")
                && k.split(' ').skip(1).all(|t| {
                    t.chars().all(|c| c.is_ascii_digit())
                        || matches!(t, "min" | "mins" | "minutes" | "sec")
                }))))
        || (wc <= 25 && k.starts_with("audio") && k.contains("listen"))
    {
        return Some(Hit::of(R::ListenPrompt));
    }
    if SHARE_SET.contains(k.as_str())
        || (wc <= 3
            && k.split(' ').all(|t| {
                t.parse::<u32>().is_ok() || matches!(t, "comments" | "comment" | "shares" | "share")
            }))
    {
        return Some(Hit::of(R::SharePrompt));
    }
    // Comment forms under blog posts ("Your email address will not be published.").
    if wc <= 30
        && ((lower.contains("will not be published") && lower.contains("email"))
            || lower.contains("required fields are marked"))
    {
        return Some(Hit::of(R::SharePrompt));
    }
    // "FacebookTwitterEmail", "Facebook Twitter WhatsApp Email"
    if wc <= 8 && !line.contains(['.', ',']) {
        let lowered = split_camel(line).to_lowercase();
        let parts: Vec<&str> = lowered.split_whitespace().collect();
        if parts.len() >= 2 && parts.iter().all(|p| SOCIAL_WORDS.contains(p)) {
            return Some(Hit::of(R::SharePrompt));
        }
    }
    if starts_with_phrase(&k, TAG_HEADERS) && wc <= 40 && !ends_sentence(line) {
        if TAG_HEADERS_SET.contains(k.as_str()) {
            // "Related Topics" alone: the short lines under it are the topics.
            return Some(Hit {
                opens_list: true,
                ..Hit::of(R::TagList)
            });
        }
        if line.contains(':') {
            return Some(Hit::of(R::TagList));
        }
    }
    if wc <= 12 && is_camel_tag_list(line) {
        return Some(Hit::of(R::TagList));
    }
    if wc <= 16 && !line.contains(',') && bracketed_promo(line, &k) {
        return Some(Hit::of(R::ReadMore));
    }
    if wc <= 40 && !ends_sentence(line) {
        let head = line
            .split([':', '|', '»', '›', '–', '—'])
            .next()
            .unwrap_or("");
        let head_key = key(head);
        let has_sep = head.len() < line.len();
        // "More from Sport", "Latest from the Courier": a section's link list.
        let more_from = wc <= 6
            && [
                "more from ",
                "more in ",
                "latest from ",
                "more stories from ",
                "also from ",
            ]
            .iter()
            .any(|p| k.starts_with(p));
        if READ_MORE_HEADERS_SET.contains(k.as_str()) || more_from {
            return Some(Hit {
                opens_list: true,
                ..Hit::of(R::ReadMore)
            });
        }
        if has_sep && READ_MORE_HEADERS_SET.contains(head_key.as_str()) && !head_key.is_empty() {
            return Some(Hit::of(R::ReadMore));
        }
        // "READ MORE Quake survivors ..." in capitals without a separator.
        let upper_head: String = line
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        if upper_head.chars().any(char::is_alphabetic)
            && upper_head
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            && ["READ MORE", "READ ALSO", "ALSO READ", "SEE ALSO"].contains(&upper_head.as_str())
        {
            return Some(Hit::of(R::ReadMore));
        }
    }
    if wc <= 40
        && (starts_with_phrase(
            &k,
            &[
                "read more",
                "read also",
                "also read",
                "read next",
                "watch",
                "related",
                "see also",
            ],
        ) && line.contains(':'))
    {
        return Some(Hit::of(R::ReadMore));
    }
    if NEWSLETTER_EXACT_SET.contains(k.as_str())
        || (wc <= 45 && newsletter_prompt(&k, &lower))
        || (wc <= 45
            && (lower.contains("sign up for our")
                || lower.contains("subscribe to our")
                || lower.contains("sign up to our")
                || lower.contains("delivered to your inbox")
                || lower.contains("straight to your inbox")
                || lower.contains("protected by recaptcha")))
    {
        return Some(Hit::of(R::Newsletter));
    }
    if line.starts_with('©')
        || lower.starts_with("(c) ")
        || (k.starts_with("copyright")
            && wc <= 30
            && (line.contains('©')
                || line.split_whitespace().take(3).any(|t| {
                    let d = t.trim_matches(|c: char| !c.is_ascii_digit());
                    d.len() == 4 && (d.starts_with("19") || d.starts_with("20"))
                })))
        || (wc <= 40 && lower.contains("all rights reserved"))
        // Market-data footers.
        || (wc <= 40 && (lower.contains("quotes delayed") || lower.starts_with("market data provided by")))
        || (wc <= 40
            && lower.contains("may not be")
            && (lower.contains("redistributed")
                || lower.contains("reproduced")
                || lower.contains("republished")))
    {
        return Some(Hit::of(R::Copyright));
    }
    if wc <= 25
        && (starts_with_phrase(
            &k,
            &[
                "follow us",
                "like us on facebook",
                "find us on",
                "connect with us",
                "join us on",
                "join our telegram",
                "join our whatsapp",
                "follow our",
            ],
        ) || (k.starts_with("follow")
            && (line.contains('@')
                || [
                    "twitter",
                    "instagram",
                    "facebook",
                    "threads",
                    "bluesky",
                    "linkedin",
                    "tiktok",
                    "mastodon",
                    "on x",
                    "google news",
                    "whatsapp",
                    "telegram",
                ]
                .iter()
                .any(|p| lower.contains(p)))))
    {
        return Some(Hit::of(R::SocialFollow));
    }
    if is_cookie_notice(&lower, wc) {
        return Some(Hit::of(R::CookieNotice));
    }
    if NAVIGATION_SET.contains(k.as_str()) {
        return Some(Hit::of(R::Navigation));
    }
    if let Some(items) = separated_items(line) {
        let keys: Vec<String> = items.iter().map(|i| key(i)).collect();
        if keys.iter().all(|k| {
            NAVIGATION_SET.contains(k.as_str()) || SECTIONS_SET.contains(k.as_str()) || k == "home"
        }) {
            return Some(Hit::of(R::Navigation));
        }
        if items.len() >= 3
            && !line.chars().any(|c| c.is_ascii_digit())
            && !line.contains(['>', '›', '»', '/'])
        {
            return Some(Hit::of(R::TagList));
        }
    }
    if wc <= 40 && starts_with_phrase(&k, CREDIT_OPENERS)
        || (wc <= 30 && lower.contains("contributed to this report"))
        || (wc <= 30 && lower.contains("contributed reporting"))
    {
        return Some(Hit::of(R::Credits));
    }
    if caption(line, &lower, &k, wc) {
        return Some(Hit::of(R::Caption));
    }
    metadata_line(line, wc)
}

/// An ad-blocker nag: it names the ad blocker and asks something of the reader.
fn is_nag(lower: &str) -> bool {
    ADBLOCK_WORDS.iter().any(|w| lower.contains(w)) && NAG_WORDS.iter().any(|w| lower.contains(w))
}

fn is_cookie_notice(lower: &str, wc: usize) -> bool {
    wc <= 60 && COOKIE_PHRASES.iter().any(|p| lower.contains(p))
}

fn long_line(line: &str, lower: &str, k: &str, wc: usize) -> Option<Hit> {
    if is_nag(lower) {
        return Some(Hit::of(R::AdBlocker));
    }
    if is_cookie_notice(lower, wc) {
        return Some(Hit::of(R::CookieNotice));
    }
    caption(line, lower, k, wc).then(|| Hit::of(R::Caption))
}

/// Inserts spaces at lower-to-upper boundaries: "FacebookTwitter" -> "Facebook Twitter".
fn split_camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_lower = false;
    for c in s.chars() {
        if prev_lower && c.is_uppercase() {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

/// A short line in [`SECTIONS`], or a breadcrumb of them: a label above the headline.
pub fn is_section_label(line: &str) -> bool {
    let k = key(line);
    if SECTIONS_SET.contains(k.as_str()) {
        return true;
    }
    separated_items(line).is_some_and(|items| items.iter().all(|i| word_count(i) <= 3))
}

/// A button word that follows a nag or consent box.
pub fn is_button(line: &str) -> bool {
    let k = key(line);
    BUTTONS_SET.contains(k.as_str())
        || (word_count(line) <= 8
            && (k.contains("ad blocker") || k.contains("adblock") || k.contains("whitelist")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(l: &str) -> Option<R> {
        classify(l).map(|h| h.reason)
    }

    #[test]
    fn residue_lines_are_named() {
        let cases = [
            ("Advertisement", R::Advertisement),
            ("Story continues below advertisement", R::Advertisement),
            ("Listen to this article", R::ListenPrompt),
            ("Listen to this article · 5 min", R::ListenPrompt),
            ("4 min read", R::ListenPrompt),
            (
                "Read more: Ferry operators warn of summer delays",
                R::ReadMore,
            ),
            (
                "READ MORE Ferry operators warn of summer delays",
                R::ReadMore,
            ),
            ("Related", R::ReadMore),
            (
                "[See a collection of cartoons on the ferry strike.]",
                R::ReadMore,
            ),
            (
                "[Read the Debate: Should the Strait Bridge Be Built?]",
                R::ReadMore,
            ),
            ("(Read more: Ferry fares rise again)", R::ReadMore),
            ("Share this", R::SharePrompt),
            ("FacebookTwitterEmail", R::SharePrompt),
            ("Ad Blocker Detected!", R::AdBlocker),
            ("Sign up for our morning briefing newsletter", R::Newsletter),
            (
                "© 2025 Harbour Media Group. All rights reserved.",
                R::Copyright,
            ),
            ("Copyright 2025 The Valley Courier", R::Copyright),
            ("PoliticsEconomyElections", R::TagList),
            ("Tags: flooding, rivers, emergency services", R::TagList),
            ("Follow us on Instagram", R::SocialFollow),
            (
                "We use cookies to improve your experience.",
                R::CookieNotice,
            ),
            ("Skip to main content", R::Navigation),
            ("Home > World > Europe", R::Navigation),
            ("Reporting by Ana Ruiz; Editing by Tom Hale", R::Credits),
            ("Image caption, Volunteers fill sandbags", R::Caption),
            (
                "Firefighters at the scene on Tuesday. (AP Photo/Jane Doe)",
                R::Caption,
            ),
            ("By Mara Jensen and Olu Bakare", R::Byline),
            ("By Mara Jensen | 3 June 2025 | 4 min read", R::Byline),
            ("By Northern Ledger staff", R::Byline),
            ("By Ana Ruiz, foreign correspondent", R::Byline),
            ("Published 3 June 2025, 14:05 BST", R::Dateline),
            ("https://example.org/news/a-story", R::UrlLine),
            ("***", R::Navigation),
        ];
        for (line, want) in cases {
            assert_eq!(reason(line), Some(want), "{line}");
        }
    }

    #[test]
    fn article_sentences_stay() {
        let keep = [
            "Share prices fell sharply on Tuesday after the announcement.",
            "Listen, we are not going anywhere, the mayor said.",
            "By the time rescuers arrived, the fire had spread to three buildings.",
            "By Monday evening",
            "Copyright lawsuits against the company have mounted since 2023.",
            "Follow the money, investigators told the committee.",
            "Subscribers to the utility's alert service were warned an hour earlier.",
            "Ad blockers are now used by a third of readers, the survey found.",
            "Related charges were filed against two other officials.",
            "Watch officials said the levee held overnight.",
            "The minister said she would read more of the report before deciding.",
            "(See page 4 of the report, where the figures first appear, and the table after it, which the ministry later revised twice in public.)",
            "(See, the harbour master said, nothing was done.)",
            "[The ferry] was late again, the harbour master said.",
            "(Photographs of the wreck were shown to the court.)",
            "Police said the suspect, 34, was arrested in the U.S. on Monday.",
            "Email records obtained by the newspaper show the warnings were ignored.",
            "YouTube said it removed the videos.",
            "LONDON (Reuters) - The government said on Monday it would review the rules.",
            "Tags on the shipping containers showed they had come from the port.",
            // Sentences of languages without spaces between words.
            "港の近くで火事があり、消防によりますと、iPhoneの販売店が全焼しました。",
            "「脱獄」とは、iPhoneのiOSを改造することです。",
        ];
        for line in keep {
            assert_eq!(reason(line), None, "{line}");
        }
    }

    #[test]
    fn byline_values() {
        assert_eq!(
            classify("By Mara Jensen, Harbour Times")
                .and_then(|h| h.byline)
                .as_deref(),
            Some("Mara Jensen, Harbour Times")
        );
    }
}
