//! What kind of page this is: an article, or a listing (section front, tag page, search
//! results, schedule), a collection (a shop's category page) or a product page.
//!
//! A crawl is mostly not articles, and a listing read as an article joins stories and
//! counts as a source. The kind is judged by a small learned model (multinomial logistic
//! regression) over signals a person would use: the address (a long slug or a date in
//! the path, `/products/`, `/tag/`), the page's own metadata (`og:type`, JSON-LD
//! `@type`, a publication date, an author), its shape (repeated blocks of links, headings
//! that are links, prices and "add to cart" buttons, form controls) and what the page
//! reader took from it (how many paragraphs, how long, whether they read as prose).
//!
//! The weights are in `models/page_type.txt`, written by `crosscheck train page-type`
//! (see that command for the data and its licence). A page is refused as "not an
//! article" only when the model gives the article reading less than the model's
//! `refuse_below` probability, which is chosen in cross-validation so that almost no
//! article is refused: a busy article must never be lost.

use std::sync::OnceLock;

use super::dom::{Dom, Kind, Tag};

/// The kinds, in the model's order.
pub const KINDS: [&str; 4] = ["article", "listing", "collection", "product"];

/// The signals, in the model's order, with what each one counts (for the evidence).
pub const FEATURES: [(&str, &str); 52] = [
    ("url_known", "the address is known"),
    ("url_depth", "path segments"),
    ("url_root", "the address is a site's or section's front"),
    ("url_slug_words", "words in the address's last segment"),
    ("url_date", "a date in the address"),
    ("url_query", "a query string in the address"),
    ("url_product_word", "a product word in the address"),
    ("url_listing_word", "a listing word in the address"),
    ("url_collection_word", "a shop-category word in the address"),
    ("url_html_ext", "the address ends in .html"),
    ("og_article", "og:type article"),
    ("og_product", "og:type product"),
    ("og_website", "og:type website"),
    ("ld_article", "JSON-LD article type"),
    ("ld_product", "JSON-LD product or offer"),
    ("ld_list", "JSON-LD list, collection or search results"),
    ("published", "a publication date"),
    ("author", "an author"),
    ("article_tags", "<article> elements"),
    ("heading_links", "headings that are links"),
    ("headings", "headings"),
    ("time_tags", "<time> elements"),
    ("images", "images"),
    ("form_controls", "form controls"),
    ("link_share", "share of the text in links"),
    (
        "long_paragraphs",
        "paragraphs of 150+ bytes of running text",
    ),
    ("visible_text", "visible text (kB)"),
    ("prices", "prices"),
    ("cart_words", "shop words (add to cart, in stock)"),
    ("card_group", "repeated blocks of links"),
    ("content_paragraphs", "paragraphs the reader took"),
    ("content_chars", "text the reader took (kB)"),
    ("content_short_share", "share of short paragraphs taken"),
    ("content_refused", "the reader found no article"),
    ("content_share", "share of the page's text taken"),
    ("list_items", "list items"),
    ("pagination", "pagination"),
    (
        "content_prose_share",
        "share of paragraphs ending as sentences",
    ),
    ("title_words", "words in the title"),
    (
        "content_mean_paragraph",
        "mean paragraph length taken (bytes)",
    ),
    (
        "content_prose_run",
        "share of the text taken in the longest run of prose paragraphs",
    ),
    (
        "teaser_words",
        "listing words (read more, view all, sort by)",
    ),
    ("text_dates", "dates written in the text"),
    ("digit_share", "share of digits in the text"),
    ("headings_per_kb", "headings per kB of text"),
    (
        "cards",
        "cards (repeated blocks with a link and a heading, image or date)",
    ),
    ("card_text_share", "share of the text in cards"),
    (
        "card_paragraph_share",
        "share of the long paragraphs in cards",
    ),
    (
        "content_repeats",
        "share of paragraphs taken that repeat another",
    ),
    ("links_below", "links to pages below this one's address"),
    ("links_within", "share of links that stay on the site"),
    (
        "url_section_end",
        "the address ends at a section's name (/news, /blog, /recipes)",
    ),
];

pub const N: usize = FEATURES.len();

/// The page's kind, with the model's probability that it is an article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageType {
    pub kind: &'static str,
    pub p_article: f32,
}

impl Default for PageType {
    fn default() -> Self {
        Self {
            kind: KINDS[0],
            p_article: 1.0,
        }
    }
}

/// Words of an address's path that mark each kind.
const PRODUCT_WORDS: &[&str] = &[
    "product", "products", "p", "dp", "pdp", "pr", "item", "items", "detail", "details", "sku",
    "produkt", "produit", "producto", "prodotto",
];
const LISTING_WORDS: &[&str] = &[
    "tag",
    "tags",
    "topic",
    "topics",
    "hub",
    "section",
    "sections",
    "archive",
    "archives",
    "search",
    "author",
    "authors",
    "page",
    "list",
    "lists",
    "jobs",
    "trending",
    "schedule",
    "category",
    "categories",
    "latest",
    "index",
    "results",
    "events",
    "courses",
    "programs",
];
const COLLECTION_WORDS: &[&str] = &[
    "collections",
    "collection",
    "shop",
    "store",
    "c",
    "browse",
    "b",
    "s",
    "catalog",
    "shopping",
    "department",
    "dept",
    "kategorie",
    "categorie",
    "categoria",
];
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "report",
    "reportagenewsarticle",
    "opinionnewsarticle",
    "analysisnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "liveblogposting",
    "posting",
    "socialmediaposting",
];
const PRODUCT_TYPES: &[&str] = &[
    "product",
    "offer",
    "aggregateoffer",
    "productgroup",
    "individualproduct",
];
const LIST_TYPES: &[&str] = &[
    "itemlist",
    "collectionpage",
    "searchresultspage",
    "offercatalog",
];
const SHOP_WORDS: &[&str] = &[
    "add to cart",
    "add to bag",
    "add to basket",
    "buy now",
    "in stock",
    "out of stock",
    "sold out",
    "add to wishlist",
    "free shipping",
    "checkout",
    "in den warenkorb",
    "ajouter au panier",
    "añadir al carrito",
    "aggiungi al carrello",
    "quantity",
];

/// What the page's metadata says, for [`features`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub published: bool,
    pub author: bool,
}

const TEASER_WORDS: &[&str] = &[
    "read more",
    "continue reading",
    "load more",
    "view all",
    "see all",
    "show more",
    "sort by",
    "filter",
    "results",
    "next page",
    "older posts",
    "newer posts",
    "view more",
    "learn more",
    "shop now",
    "see more",
    "more stories",
    "weiterlesen",
    "lire la suite",
    "leer más",
    "leggi tutto",
];

const MONTHS: &[&str] = &[
    "jan ",
    "feb ",
    "mar ",
    "apr ",
    "may ",
    "jun ",
    "jul ",
    "aug ",
    "sep ",
    "sept ",
    "oct ",
    "nov ",
    "dec ",
    "january ",
    "february ",
    "march ",
    "april ",
    "june ",
    "july ",
    "august ",
    "september ",
    "october ",
    "november ",
    "december ",
];

/// The signals of one page. `content` is what the page reader took (empty when it
/// refused the page).
pub fn features(dom: &Dom, known: Known, content: &[String]) -> [f64; N] {
    let mut f = [0.0f64; N];
    url_features(known.url, &mut f);
    f[16] = f64::from(u8::from(known.published));
    f[17] = f64::from(u8::from(known.author));
    f[38] = ln1p(known.title.map_or(0, |t| t.split_whitespace().count()) as f64);
    let lower = page_features(dom, &mut f);
    links_below(dom, known.url, &mut f);
    // Shop words, listing words, dates and digits in the visible text, in one pass.
    let [shop, teaser, dates] = phrases(&lower);
    f[28] = ln1p(shop as f64);
    f[41] = ln1p(teaser as f64);
    f[42] = ln1p(dates as f64);
    let letters = lower.chars().filter(|c| c.is_alphanumeric()).count().max(1);
    f[43] = lower.bytes().filter(u8::is_ascii_digit).count() as f64 / letters as f64;
    let visible_kb = f[26].exp_m1().max(0.1);
    f[44] = ln1p(f[20].exp_m1() / visible_kb);
    // What the reader took.
    let chars: usize = content.iter().map(String::len).sum();
    let short = content.iter().filter(|p| p.len() < 80).count();
    let prose = content
        .iter()
        .filter(|p| {
            p.trim_end()
                .ends_with(['.', '!', '?', '"', '\u{201d}', ')', ':'])
        })
        .count();
    let n = content.len().max(1) as f64;
    f[30] = ln1p(content.len() as f64);
    f[31] = ln1p(chars as f64 / 1000.0);
    f[32] = short as f64 / n;
    f[33] = f64::from(u8::from(content.is_empty()));
    let visible = f[26].exp_m1() * 1000.0;
    f[34] = if visible > 0.0 {
        (chars as f64 / visible).min(1.0)
    } else {
        0.0
    };
    f[37] = prose as f64 / n;
    f[39] = ln1p(chars as f64 / n);
    // The longest run of prose paragraphs (100+ bytes, ending as a sentence).
    let (mut run, mut best) = (0usize, 0usize);
    for p in content {
        let t = p.trim_end();
        if t.len() >= 100 && t.ends_with(['.', '!', '?', '"', '\u{201d}', ')']) {
            run += t.len();
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    f[40] = best as f64 / chars.max(1) as f64;
    let mut seen = std::collections::HashSet::new();
    let repeats = content
        .iter()
        .filter(|p| p.len() >= 30 && !seen.insert(p.get(..p.len().min(60)).unwrap_or(p)))
        .count();
    f[48] = repeats as f64 / n;
    f
}

/// Counts of shop words, listing words (each word at most 20 or 30 times) and dates
/// written out ("Dec 16, 2025", "16 December": a month name next to a number).
fn phrases(lower: &str) -> [usize; 3] {
    static MATCHER: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let ac = MATCHER.get_or_init(|| {
        aho_corasick::AhoCorasick::new(SHOP_WORDS.iter().chain(TEASER_WORDS).chain(MONTHS))
            .expect("fixed patterns build")
    });
    let mut per = vec![0usize; SHOP_WORDS.len() + TEASER_WORDS.len()];
    let mut dates = 0;
    let b = lower.as_bytes();
    for m in ac.find_overlapping_iter(lower) {
        let p = m.pattern().as_usize();
        if p < per.len() {
            per[p] += 1;
        } else {
            let before_ok = m.start() == 0 || !b[m.start() - 1].is_ascii_alphabetic();
            let after_digit = b.get(m.end()).is_some_and(u8::is_ascii_digit);
            let mut k = m.start();
            while k > 0 && b[k - 1] == b' ' {
                k -= 1;
            }
            let before_digit = k > 0 && b[k - 1].is_ascii_digit();
            dates += usize::from(before_ok && (after_digit || before_digit));
        }
    }
    let shop = per[..SHOP_WORDS.len()].iter().map(|&c| c.min(20)).sum();
    let teaser = per[SHOP_WORDS.len()..].iter().map(|&c| c.min(30)).sum();
    [shop, teaser, dates]
}

fn ln1p(x: f64) -> f64 {
    x.max(0.0).ln_1p()
}

fn url_features(url: Option<&str>, f: &mut [f64; N]) {
    let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) else {
        return;
    };
    f[0] = 1.0;
    let path = parsed.path().to_ascii_lowercase();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    f[1] = segs.len().min(8) as f64;
    f[2] = f64::from(u8::from(segs.is_empty()));
    let last = segs.last().copied().unwrap_or("");
    let stem = last
        .trim_end_matches(".html")
        .trim_end_matches(".htm")
        .trim_end_matches(".php")
        .trim_end_matches(".aspx");
    let words = stem
        .split(['-', '_', '+', '.'])
        .filter(|w| w.len() > 1 && !w.bytes().all(|b| b.is_ascii_digit()))
        .count();
    f[3] = ln1p(words as f64);
    f[4] = f64::from(u8::from(date_in_path(&path)));
    f[5] = f64::from(u8::from(parsed.query().is_some_and(|q| !q.is_empty())));
    let has = |words: &[&str]| segs.iter().any(|s| words.contains(s));
    f[6] = f64::from(u8::from(has(PRODUCT_WORDS)));
    f[7] = f64::from(u8::from(has(LISTING_WORDS)));
    f[8] = f64::from(u8::from(has(COLLECTION_WORDS)));
    f[9] = f64::from(u8::from(last.ends_with(".html") || last.ends_with(".htm")));
    f[51] = f64::from(u8::from(SECTION_WORDS.contains(&stem)));
}

/// The names of sections, which an article's address goes on past ("/news/2026/05/strike-
/// ends") and a section front's ends at ("/news", "/blog/", "/recipes").
const SECTION_WORDS: &[&str] = &[
    "news",
    "blog",
    "blogs",
    "articles",
    "stories",
    "posts",
    "press",
    "press-releases",
    "pressroom",
    "newsroom",
    "media",
    "updates",
    "insights",
    "resources",
    "magazine",
    "issues",
    "podcasts",
    "episodes",
    "videos",
    "recipes",
    "reviews",
    "guides",
    "opinion",
    "politics",
    "business",
    "sports",
    "world",
    "technology",
    "science",
    "health",
    "entertainment",
    "lifestyle",
    "culture",
    "local",
    "national",
    "features",
    "announcements",
    "publications",
    "library",
];

/// Links to pages under this page's own path (a section front links down into its
/// section), and the share of links that stay on the site.
fn links_below(dom: &Dom, url: Option<&str>, f: &mut [f64; N]) {
    let Some(base) = url.and_then(|u| url::Url::parse(u).ok()) else {
        return;
    };
    let host = base.host_str().unwrap_or("").to_ascii_lowercase();
    let own = base.path().trim_end_matches('/').to_ascii_lowercase();
    // The directory relative links resolve against.
    let dir = &own[..own.rfind('/').map_or(0, |k| k + 1)];
    let (mut below, mut within, mut all) = (0usize, 0usize, 0usize);
    let mut joined = String::new();
    for a in dom.elements(Tag::A) {
        let Some(href) = dom.attr_raw(a, "href") else {
            continue;
        };
        let href = href.trim();
        if href.is_empty()
            || href.starts_with('#')
            || href.starts_with("javascript:")
            || href.starts_with("mailto:")
            || href.starts_with("tel:")
        {
            continue;
        }
        all += 1;
        // The link's path on this site, read from the text (no URL parsing per link).
        let path: &str = if let Some(rest) = href
            .strip_prefix("https://")
            .or_else(|| href.strip_prefix("http://"))
            .or_else(|| href.strip_prefix("//"))
        {
            let (h, p) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if !h.eq_ignore_ascii_case(&host) {
                continue;
            }
            p
        } else if href.starts_with('/') {
            href
        } else if href.contains(':') {
            continue;
        } else {
            joined.clear();
            joined.push_str(dir);
            joined.push_str(href);
            &joined
        };
        within += 1;
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        if path.len() > own.len() + 1
            && path.as_bytes()[own.len()] == b'/'
            && path[..own.len()].eq_ignore_ascii_case(&own)
        {
            below += 1;
        }
        if all > 2000 {
            break;
        }
    }
    f[49] = ln1p(below as f64);
    f[50] = within as f64 / all.max(1) as f64;
}

/// `/2024/05/`, `2024-05-17` or `/20240517` in a path.
fn date_in_path(path: &str) -> bool {
    let b = path.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let year = |s: &[u8]| s.len() == 4 && digits(s) && (s[0] == b'1' || s[0] == b'2');
    for i in 0..b.len() {
        let rest = &b[i..];
        if rest.len() >= 8 && year(&rest[..4]) {
            let prev_ok = i == 0 || !b[i - 1].is_ascii_digit();
            if !prev_ok {
                continue;
            }
            // 2024/05 or 2024-05
            if matches!(rest[4], b'/' | b'-' | b'_') && digits(&rest[5..7]) {
                let month = (rest[5] - b'0') * 10 + (rest[6] - b'0');
                if (1..=12).contains(&month) {
                    return true;
                }
            }
            // 20240517
            if digits(&rest[..8]) && rest.get(8).is_none_or(|c| !c.is_ascii_digit()) {
                let month = (rest[4] - b'0') * 10 + (rest[5] - b'0');
                if (1..=12).contains(&month) {
                    return true;
                }
            }
        }
    }
    false
}

fn page_features(dom: &Dom, f: &mut [f64; N]) -> String {
    let n = dom.nodes.len();
    let mut dropped = vec![false; n];
    let mut in_link = vec![false; n];
    let mut in_head = vec![false; n];
    let mut text = 0usize;
    let mut link = 0usize;
    let mut lower = String::new();
    let (mut articles, mut headings, mut heading_links, mut times, mut images) = (0, 0, 0, 0, 0);
    let (mut controls, mut items, mut pagination) = (0, 0, false);
    let (mut og, mut ld) = (String::new(), String::new());
    for i in 1..n {
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        dropped[i] = dropped[p];
        in_link[i] = in_link[p];
        in_head[i] = in_head[p];
        match node.kind {
            Kind::Element(tag) => {
                let id = i as u32;
                match tag {
                    Tag::A => {
                        in_link[i] = true;
                        if dom
                            .attr_raw(id, "rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("next"))
                        {
                            pagination = true;
                        }
                    }
                    Tag::Link
                        if dom
                            .attr_raw(id, "rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("next")) =>
                    {
                        pagination = true;
                    }
                    Tag::Meta => {
                        let key = dom
                            .attr_raw(id, "property")
                            .or_else(|| dom.attr_raw(id, "name"))
                            .unwrap_or("");
                        if key.eq_ignore_ascii_case("og:type") && og.is_empty() {
                            og = dom
                                .attr_raw(id, "content")
                                .unwrap_or("")
                                .to_ascii_lowercase();
                        }
                    }
                    Tag::Script
                        if dom.attr_raw(id, "type").is_some_and(|t| {
                            t.trim().eq_ignore_ascii_case("application/ld+json")
                        }) && ld.len() < 1 << 20 =>
                    {
                        for c in dom.children(id) {
                            ld.push_str(dom.raw_text(c));
                        }
                        ld.push('\n');
                    }
                    Tag::Article => articles += 1,
                    Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 => headings += 1,
                    Tag::Time => times += 1,
                    Tag::Img => images += 1,
                    Tag::Input | Tag::Select | Tag::Button | Tag::Textarea => {
                        controls += 1;
                        // A button's words ("Add to cart") are shop evidence.
                        if tag == Tag::Button && lower.len() < 400_000 {
                            lower.push(' ');
                            lower.push_str(&dom.inner_text(id).to_lowercase());
                        }
                        if tag == Tag::Input && lower.len() < 400_000 {
                            if let Some(v) = dom.attr_raw(id, "value") {
                                lower.push(' ');
                                lower.push_str(&v.to_lowercase());
                            }
                        }
                    }
                    Tag::Li => items += 1,
                    Tag::Head => in_head[i] = true,
                    _ => {}
                }
                if !pagination {
                    let named = |a: &str| {
                        dom.attr_raw(id, a)
                            .is_some_and(|c| c.to_ascii_lowercase().contains("pagination"))
                    };
                    pagination = named("class") || named("aria-label");
                }
                dropped[i] |= in_head[i]
                    || matches!(
                        tag,
                        Tag::Script
                            | Tag::Style
                            | Tag::Noscript
                            | Tag::Template
                            | Tag::Svg
                            | Tag::Select
                            | Tag::Button
                            | Tag::Textarea
                            | Tag::Title
                    );
            }
            Kind::Text => {
                if dropped[i] {
                    continue;
                }
                let raw = dom.raw_text(i as u32);
                let len = raw.split_whitespace().map(|w| w.len() + 1).sum::<usize>();
                text += len;
                if in_link[i] {
                    link += len;
                }
                if lower.len() < 400_000 && len > 0 {
                    lower.push(' ');
                    lower.push_str(&raw.to_lowercase());
                }
            }
        }
    }
    // Headings that are (mostly) one link: the titles of cards.
    for h in (0..n as u32).filter(|&h| {
        matches!(
            dom.tag(h),
            Some(Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
        )
    }) {
        let inner = dom.inner_text(h);
        let in_a: usize = dom
            .descendants(h)
            .filter(|&d| in_link[d as usize] && dom.nodes[d as usize].kind == Kind::Text)
            .map(|d| dom.raw_text(d).trim().len())
            .sum();
        // A heading inside a link counts too.
        if (!inner.trim().is_empty() && in_a * 2 >= inner.trim().len()) || in_link[h as usize] {
            heading_links += 1;
        }
    }
    f[10] = f64::from(u8::from(og.contains("article")));
    f[11] = f64::from(u8::from(og.contains("product")));
    f[12] = f64::from(u8::from(og == "website"));
    let types = ld_types(&ld);
    let any = |set: &[&str]| types.iter().any(|t| set.contains(&t.as_str()));
    f[13] = f64::from(u8::from(any(ARTICLE_TYPES)));
    f[14] = f64::from(u8::from(any(PRODUCT_TYPES)));
    f[15] = f64::from(u8::from(any(LIST_TYPES)));
    f[18] = ln1p(f64::from(articles));
    f[19] = ln1p(f64::from(heading_links));
    f[20] = ln1p(f64::from(headings));
    f[21] = ln1p(f64::from(times));
    f[22] = ln1p(f64::from(images));
    f[23] = ln1p(f64::from(controls));
    f[24] = if text > 0 {
        link as f64 / text as f64
    } else {
        0.0
    };
    // Computed once for the signals below: each element's own running text outside links,
    // and what it holds (a link, a heading/image/date).
    let own = own_text(dom, &dropped, &in_link);
    let holds = holdings(dom);
    f[25] = ln1p(long_paragraphs(dom, &dropped, &own) as f64);
    f[26] = ln1p(text as f64 / 1000.0);
    f[27] = ln1p(prices(&lower) as f64);
    f[29] = ln1p(card_group(dom, &dropped, &holds) as f64);
    cards(dom, &dropped, &own, &holds, f);
    f[35] = ln1p(f64::from(items));
    f[36] = f64::from(u8::from(pagination));
    lower
}

/// The `@type` values named in JSON-LD, lower-cased (read as text: broken JSON-LD still
/// names its types).
fn ld_types(ld: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = ld;
    while let Some(at) = rest.find("\"@type\"") {
        rest = &rest[at + 7..];
        let after = rest
            .trim_start()
            .strip_prefix(':')
            .unwrap_or("")
            .trim_start();
        // A string or an array of strings.
        let body = if let Some(arr) = after.strip_prefix('[') {
            &arr[..arr.find(']').unwrap_or(arr.len())]
        } else {
            let end = after[1.min(after.len())..]
                .find('"')
                .map_or(after.len(), |e| e + 2);
            &after[..end.min(after.len())]
        };
        for part in body.split(',') {
            let t = part.trim().trim_matches('"').trim();
            if !t.is_empty() && t.len() < 40 {
                out.push(
                    t.rsplit(['/', ':'])
                        .next()
                        .unwrap_or(t)
                        .to_ascii_lowercase(),
                );
            }
        }
        if out.len() > 64 {
            break;
        }
    }
    out
}

/// Each element's own running text outside links, in bytes: its text nodes and its inline
/// children's, not its nested blocks'.
fn own_text(dom: &Dom, dropped: &[bool], in_link: &[bool]) -> Vec<u32> {
    let n = dom.nodes.len();
    let mut own = vec![0u32; n];
    for i in (1..n).rev() {
        if dropped[i] {
            continue;
        }
        let p = dom.nodes[i].parent as usize;
        match dom.nodes[i].kind {
            Kind::Text if !in_link[i] => own[p] += dom.raw_text(i as u32).trim().len() as u32,
            Kind::Element(t) if !t.is_block() => own[p] += own[i],
            _ => {}
        }
    }
    own
}

/// What each element holds: bit 1 a link, bit 2 a heading, image or date.
fn holdings(dom: &Dom) -> Vec<u8> {
    let n = dom.nodes.len();
    let mut holds = vec![0u8; n];
    for i in (1..n).rev() {
        if let Kind::Element(t) = dom.nodes[i].kind {
            holds[i] |= match t {
                Tag::A => 1,
                Tag::Img | Tag::Picture | Tag::Time | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 => 2,
                _ => 0,
            };
            let p = dom.nodes[i].parent as usize;
            holds[p] |= holds[i];
        }
    }
    holds
}

/// Paragraph elements with at least 150 bytes of text outside links.
fn long_paragraphs(dom: &Dom, dropped: &[bool], own: &[u32]) -> usize {
    (0..dom.nodes.len())
        .filter(|&i| {
            !dropped[i]
                && matches!(
                    dom.nodes[i].kind,
                    Kind::Element(
                        Tag::P | Tag::Blockquote | Tag::Dd | Tag::Li | Tag::Div | Tag::Td
                    )
                )
                && own[i] >= 150
        })
        .count()
}

/// Amounts of money written in the text: "$12.99", "€ 40", "40,00 €", "£5".
fn prices(lower: &str) -> usize {
    let b = lower.as_bytes();
    let digit_after = |mut k: usize| {
        while k < b.len() && b[k] == b' ' {
            k += 1;
        }
        b.get(k).is_some_and(u8::is_ascii_digit)
    };
    let digit_before = |mut k: usize| {
        // Skips spaces and a no-break space (UTF-8 c2 a0).
        loop {
            if k > 0 && b[k - 1] == b' ' {
                k -= 1;
            } else if k > 1 && b[k - 2] == 0xc2 && b[k - 1] == 0xa0 {
                k -= 2;
            } else {
                break;
            }
        }
        k > 0 && b[k - 1].is_ascii_digit()
    };
    lower
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '$' | '€' | '£' | '¥' | '₹')
                && (digit_after(i + c.len_utf8()) || digit_before(i))
        })
        .count()
}

/// The largest group of sibling elements of one name (tag and class) that each hold a
/// link: the cards of a listing.
fn card_group(dom: &Dom, dropped: &[bool], holds: &[u8]) -> u32 {
    let mut keys: Vec<(u32, u8, u64)> = Vec::new();
    for i in 1..dom.nodes.len() {
        if dropped[i] || holds[i] & 1 == 0 {
            continue;
        }
        if let Kind::Element(t) = dom.nodes[i].kind {
            if t == Tag::A || matches!(t, Tag::Option | Tag::Span | Tag::Other) {
                continue;
            }
            keys.push(group_key(dom, i as u32, t));
        }
    }
    keys.sort_unstable();
    keys.chunk_by(|a, b| a == b)
        .map(|g| g.len() as u32)
        .max()
        .unwrap_or(0)
}

/// Sibling elements of one name: the parent, the tag and a hash of the class.
fn group_key(dom: &Dom, i: u32, t: Tag) -> (u32, u8, u64) {
    let class = dom.attr_raw(i, "class").unwrap_or("");
    (
        dom.nodes[i as usize].parent,
        t as u8,
        xxhash_rust::xxh3::xxh3_64(class.as_bytes()),
    )
}

/// Cards: three or more sibling elements of one name (tag and class), each holding a link
/// and a heading, an image or a date, the way a listing shows its items. Writes how many
/// there are, and the share of the text and of the long paragraphs inside them.
fn cards(dom: &Dom, dropped: &[bool], own: &[u32], holds: &[u8], f: &mut [f64; N]) {
    let n = dom.nodes.len();
    let mut keyed: Vec<((u32, u8, u64), u32)> = Vec::new();
    for i in 1..n {
        if dropped[i] || holds[i] != 3 {
            continue;
        }
        if let Kind::Element(t) = dom.nodes[i].kind {
            if matches!(
                t,
                Tag::A | Tag::Span | Tag::P | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5
            ) {
                continue;
            }
            keyed.push((group_key(dom, i as u32, t), i as u32));
        }
    }
    keyed.sort_unstable();
    let mut in_card = vec![false; n];
    let mut count = 0usize;
    for members in keyed.chunk_by(|a, b| a.0 == b.0).filter(|m| m.len() >= 3) {
        count += members.len();
        for &(_, m) in members {
            in_card[m as usize] = true;
        }
    }
    for i in 1..n {
        in_card[i] |= in_card[dom.nodes[i].parent as usize];
    }
    let (mut text, mut card_text) = (0usize, 0usize);
    for i in 1..n {
        if !dropped[i] && dom.nodes[i].kind == Kind::Text {
            let len = dom.raw_text(i as u32).trim().len();
            text += len;
            if in_card[i] {
                card_text += len;
            }
        }
    }
    // Block elements with 150+ bytes of their own text outside links.
    let (mut long, mut long_in_cards) = (0usize, 0usize);
    for i in 1..n {
        if !dropped[i]
            && own[i] >= 150
            && matches!(dom.nodes[i].kind, Kind::Element(t) if t.is_block())
        {
            long += 1;
            long_in_cards += usize::from(in_card[i]);
        }
    }
    f[45] = ln1p(count as f64);
    f[46] = card_text as f64 / text.max(1) as f64;
    f[47] = long_in_cards as f64 / long.max(1) as f64;
}

/// A trained model: standardisation, one weight row per kind, and the refusal point.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub mean: [f64; N],
    pub scale: [f64; N],
    pub weights: [[f64; N]; 4],
    pub bias: [f64; 4],
    /// Refuse a page as not an article when its article probability is below this.
    pub refuse_below: f64,
}

impl Model {
    /// The probability of each kind.
    pub fn probs(&self, x: &[f64; N]) -> [f64; 4] {
        let z = self.standard(x);
        let mut s = [0.0; 4];
        for (k, out) in s.iter_mut().enumerate() {
            *out = self.bias[k]
                + self.weights[k]
                    .iter()
                    .zip(&z)
                    .map(|(w, v)| w * v)
                    .sum::<f64>();
        }
        softmax(s)
    }

    /// Standardised signals. Without an address (a saved page, a file) the address's
    /// signals say nothing: they sit at the mean rather than reading as a short path.
    fn standard(&self, x: &[f64; N]) -> [f64; N] {
        let mut z = [0.0; N];
        let url_known = x[0] > 0.5;
        for j in 0..N {
            if !url_known && FEATURES[j].0.starts_with("url_") {
                continue;
            }
            z[j] = (x[j] - self.mean[j]) / self.scale[j];
        }
        z
    }

    /// The kind and the signals that speak most for `kind` against an article, as
    /// "label value" phrases, strongest first.
    pub fn evidence(&self, x: &[f64; N], kind: usize, top: usize) -> Vec<String> {
        let z = self.standard(x);
        let mut push: Vec<(f64, usize)> = (0..N)
            .map(|j| ((self.weights[kind][j] - self.weights[0][j]) * z[j], j))
            .filter(|(c, _)| *c > 0.1)
            .collect();
        push.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        push.iter()
            .take(top)
            .map(|&(_, j)| describe(j, x[j]))
            .collect()
    }

    /// The model as text (the format [`Model::parse`] reads), under a header of comments.
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!("refuse_below {}\n", self.refuse_below));
        out.push_str(&format!(
            "bias {}\n",
            self.bias.map(|b| format!("{b:.6}")).join(" ")
        ));
        for (j, (name, _)) in FEATURES.iter().enumerate() {
            out.push_str(&format!(
                "{name} {:.6} {:.6} {}\n",
                self.mean[j],
                self.scale[j],
                (0..4)
                    .map(|k| format!("{:.6}", self.weights[k][j]))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        out
    }

    /// Reads a model written by [`Model::to_text`].
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut m = Model {
            mean: [0.0; N],
            scale: [1.0; N],
            weights: [[0.0; N]; 4],
            bias: [0.0; 4],
            refuse_below: 0.5,
        };
        let mut seen = [false; N];
        for (ln, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let key = parts.next().unwrap_or("");
            let nums: Vec<f64> = parts
                .map(str::parse)
                .collect::<Result<_, _>>()
                .map_err(|e| format!("line {}: {e}", ln + 1))?;
            match key {
                "refuse_below" if nums.len() == 1 => m.refuse_below = nums[0],
                "bias" if nums.len() == 4 => m.bias.copy_from_slice(&nums),
                _ => {
                    let j = FEATURES
                        .iter()
                        .position(|(n, _)| *n == key)
                        .ok_or_else(|| format!("line {}: unknown signal {key}", ln + 1))?;
                    if nums.len() != 6 || nums[1] <= 0.0 {
                        return Err(format!(
                            "line {}: expected mean, scale and 4 weights",
                            ln + 1
                        ));
                    }
                    m.mean[j] = nums[0];
                    m.scale[j] = nums[1];
                    for k in 0..4 {
                        m.weights[k][j] = nums[2 + k];
                    }
                    seen[j] = true;
                }
            }
        }
        match seen.iter().position(|s| !s) {
            Some(j) => Err(format!("no weights for {}", FEATURES[j].0)),
            None => Ok(m),
        }
    }
}

fn describe(j: usize, v: f64) -> String {
    let (name, label) = FEATURES[j];
    let count = v.exp_m1().round();
    match name {
        "link_share" | "content_short_share" | "content_share" | "content_prose_share" => {
            format!("{label} {:.0}%", v * 100.0)
        }
        "visible_text" | "content_chars" | "headings_per_kb" => {
            format!("{label} {:.1}", v.exp_m1())
        }
        "links_within"
        | "content_prose_run"
        | "digit_share"
        | "card_text_share"
        | "card_paragraph_share"
        | "content_repeats" => format!("{label} {:.0}%", v * 100.0),
        "url_depth" => format!("{label} {v:.0}"),
        "url_slug_words" | "title_words" => format!("{label} {count:.0}"),
        _ if name.starts_with("url_")
            || name.starts_with("og_")
            || name.starts_with("ld_")
            || matches!(
                name,
                "published" | "author" | "content_refused" | "pagination"
            ) =>
        {
            if v > 0.5 {
                label.to_string()
            } else {
                let bare = ["the ", "an ", "a "]
                    .iter()
                    .fold(label, |l, p| l.strip_prefix(p).unwrap_or(l));
                format!("no {bare}")
            }
        }
        _ => format!("{label} {count:.0}"),
    }
}

fn softmax(s: [f64; 4]) -> [f64; 4] {
    let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e = s.map(|v| (v - max).exp());
    let sum: f64 = e.iter().sum();
    e.map(|v| v / sum)
}

/// Fits a model: multinomial logistic regression with an L2 penalty, full-batch
/// gradient descent on standardised signals. Deterministic.
pub fn train(xs: &[[f64; N]], ys: &[usize], l2: f64, rounds: usize) -> Model {
    let m = xs.len().max(1) as f64;
    let mut mean = [0.0; N];
    let mut scale = [1.0; N];
    for j in 0..N {
        mean[j] = xs.iter().map(|x| x[j]).sum::<f64>() / m;
        let var = xs.iter().map(|x| (x[j] - mean[j]).powi(2)).sum::<f64>() / m;
        scale[j] = if var > 1e-12 { var.sqrt() } else { 1.0 };
    }
    let mut model = Model {
        mean,
        scale,
        weights: [[0.0; N]; 4],
        bias: [0.0; 4],
        refuse_below: 0.5,
    };
    let zs: Vec<[f64; N]> = xs.iter().map(|x| model.standard(x)).collect();
    let rate = 0.5;
    for _ in 0..rounds {
        let mut gw = [[0.0; N]; 4];
        let mut gb = [0.0; 4];
        for (z, &y) in zs.iter().zip(ys) {
            let mut s = [0.0; 4];
            for (k, out) in s.iter_mut().enumerate() {
                *out = model.bias[k]
                    + model.weights[k]
                        .iter()
                        .zip(z)
                        .map(|(w, v)| w * v)
                        .sum::<f64>();
            }
            let p = softmax(s);
            for k in 0..4 {
                let d = p[k] - f64::from(u8::from(k == y));
                gb[k] += d;
                for (g, v) in gw[k].iter_mut().zip(z) {
                    *g += d * v;
                }
            }
        }
        for k in 0..4 {
            model.bias[k] -= rate * gb[k] / m;
            for (w, g) in model.weights[k].iter_mut().zip(&gw[k]) {
                *w -= rate * (g / m + l2 * *w);
            }
        }
    }
    model
}

static SHIPPED: OnceLock<Model> = OnceLock::new();

/// The model that ships with crosscheck (`models/page_type.txt`).
pub fn shipped() -> &'static Model {
    SHIPPED.get_or_init(|| {
        Model::parse(include_str!("../../models/page_type.txt"))
            .expect("the shipped page-type model parses (checked by a test)")
    })
}

/// What the shipped model makes of a page: its kind, and, when it is refused, why.
pub fn judge(x: &[f64; N]) -> (PageType, Option<String>) {
    let model = shipped();
    let p = model.probs(x);
    let best_other = (1..4).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(1);
    let refused = p[0] < model.refuse_below;
    let kind = if refused { best_other } else { 0 };
    let t = PageType {
        kind: KINDS[kind],
        p_article: p[0] as f32,
    };
    let why = refused.then(|| {
        let ev = model.evidence(x, best_other, 4);
        format!(
            "article score {:.2}, under {:.2}{}{}",
            p[0],
            model.refuse_below,
            if ev.is_empty() { "" } else { "; " },
            ev.join(", ")
        )
    });
    (t, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        /// Any markup and any address: the signals are finite and reading never panics.
        #[test]
        fn signals_of_any_page_are_finite(
            html in "(<[a-z]{1,3}( (class|href|rel|type)=\"[^\"]{0,12}\")?>|[^<]{0,20}|</[a-z]{1,3}>|\\$[0-9]|€ ?[0-9]|Jan [0-9]|\"@type\": ?\"[A-Za-z]{0,9}\"){0,40}",
            url in "(https?://[a-zé]{1,6}\\.[a-z]{2,3}(/[a-z0-9é/_.-]{0,20})?)?",
        ) {
            let url = (!url.is_empty()).then_some(url.as_str());
            // A whole page, so it is judged (a fragment is not).
            let html = format!("<html><head><title>t</title></head><body>{html}</body></html>");
            let (_, x) = crate::html::read_page_signals(&html, url);
            let x = x.expect("a page has signals");
            prop_assert!(x.iter().all(|v| v.is_finite()));
            let p = shipped().probs(&x);
            prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-6);
            let _ = crate::html::read_page(&html, url);
        }
    }

    #[test]
    fn the_shipped_model_parses_and_round_trips() {
        let m = shipped();
        assert!(m.refuse_below > 0.0 && m.refuse_below < 1.0);
        let again = Model::parse(&m.to_text("x")).unwrap();
        assert_eq!(again.weights.len(), 4);
        assert!((again.refuse_below - m.refuse_below).abs() < 1e-9);
    }

    #[test]
    fn dates_in_paths() {
        assert!(date_in_path("/news/2024/05/17/quake"));
        assert!(date_in_path("/2024-05-17-quake"));
        assert!(date_in_path("/a/20240517/b"));
        assert!(!date_in_path("/products/123456789"));
        assert!(!date_in_path("/p/2024x"));
    }

    #[test]
    fn json_ld_types_are_read_even_from_broken_json() {
        let t = ld_types(r#"{"@type": "NewsArticle", "x": [1,}, {"@type":["Product","Thing"]}"#);
        assert_eq!(t, ["newsarticle", "product", "thing"]);
    }

    #[test]
    fn prices_are_counted() {
        assert_eq!(prices("only $12.99, was 40 € and £ 5; a $ sign alone"), 3);
    }

    #[test]
    fn a_trained_model_separates_what_it_was_shown() {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..40 {
            let mut x = [0.0; N];
            x[3] = (i % 5) as f64;
            x[i % 4 + 10] = 1.0;
            xs.push(x);
            ys.push(i % 4);
        }
        let m = train(&xs, &ys, 1e-3, 300);
        for (x, &y) in xs.iter().zip(&ys) {
            let p = m.probs(x);
            let best = (0..4).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
            assert_eq!(best, y);
        }
    }
}
