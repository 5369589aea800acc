//! The main text of a page: which part of the tree is the article, and its paragraphs.
//!
//! 1. Mark what can never be article text: scripts, form controls, media, captions,
//!    hidden elements. Mark furniture by tag (`nav`, `aside`, `footer`: strong;
//!    `header`, `form`, `figure`: weak) and by class or id ([`super::names`]: "comments",
//!    "related", "share" strong; "ad", "rail", "hidden" weak). Furniture is dropped unless
//!    it holds a large share of the page's paragraph text (80% for strong names, 30% for
//!    weak ones): that is the article under an unlucky name.
//! 2. Count, bottom-up, each element's visible text, link text, running (inline) text and
//!    paragraph text (blocks of 80+ bytes of running text, mostly not links).
//! 3. The article is the deepest element holding 75% of the page's paragraph text. When
//!    no element does (text spread out), containers are scored the readability way
//!    (points from each text block to its parent and grandparent, class names, link
//!    density), and siblings close to the best one join it. `itemprop="articleBody"`
//!    wins when it holds most of the chosen text; a container lying apart from the
//!    headline yields to the block around the `h1`; a lead paragraph set apart just
//!    before the body is added.
//! 4. A container that is mostly links is an index page, not an article.
//! 5. Write out its blocks as paragraphs (a table row as one line), dropping blocks that
//!    are mostly links and the title of a link list.

use super::dom::{collapse, Dom, Kind, Tag, NONE};
use super::names;

/// Why a page gave no article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoContent {
    /// No visible text at all.
    Empty,
    /// Text, but no part of the page reads like an article (a list of links, a form).
    NotAnArticle,
    /// All the visible text sits in elements named as page furniture: the biggest, as
    /// `<tag class="...">`, and its share of the page's paragraph text in percent.
    OnlyFurniture { element: String, share: u32 },
    /// The page-type model judges it a listing, collection or product page: what it is,
    /// how sure, and the signals that weighed most.
    NotArticleKind { kind: &'static str, why: String },
}

impl std::fmt::Display for NoContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("the page has no visible text"),
            Self::NotAnArticle => {
                f.write_str("no part of the page reads as an article (links, menus or forms only)")
            }
            Self::NotArticleKind { kind, why } => write!(f, "a {kind} page ({why})"),
            Self::OnlyFurniture { element, share } => write!(
                f,
                "all its text is in elements named as page furniture, which were left out \
                 (the largest: {element}, with {share}% of the paragraph text)"
            ),
        }
    }
}

/// A furniture-named element is kept when it holds at least this many tenths of the
/// page's paragraph text: a weak name ("ad", "rail", "hidden", `<header>`) at 3, a
/// strong one ("comments", "related", "footer", `<nav>`, `<aside>`) at 8.
const SOFT_KEEP_TENTHS: [u32; 3] = [0, 3, 8];

/// A furniture-named element that holds the page's headline or an element marked as
/// the article (`<article>`, `itemprop=articleBody`, an article class name) is kept
/// when it holds this many tenths or more: most of the paragraph text. It is the
/// article's container under an unlucky name ("above-footer", "has-paywall").
const ARTICLE_HOLDER_KEEP_TENTHS: u32 = 5;

/// The article is the deepest element holding at least this share of the page's
/// paragraph text.
const DOMINANT_PERCENT: u32 = 75;

/// An element's tag, class and id, as one key for grouping elements named alike.
fn name_key(dom: &Dom, n: u32) -> String {
    format!(
        "{:?} {} {}",
        dom.tag(n),
        dom.attr_raw(n, "class").unwrap_or(""),
        dom.attr_raw(n, "id").map_or("", |_| "#")
    )
}

/// An element's first class word, lower-cased ("" without a class).
fn first_class(dom: &Dom, n: u32) -> String {
    dom.attr_raw(n, "class")
        .and_then(|c| c.split_whitespace().next())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// An element as a reader of the page's source would name it: `<div class="x y">`.
fn describe(dom: &Dom, n: u32) -> String {
    let tag = dom.tag(n).map_or_else(
        || "element".to_string(),
        |t| format!("{t:?}").to_lowercase(),
    );
    let mut out = format!("<{tag}");
    for attr in ["id", "class"] {
        if let Some(v) = dom.attr_raw(n, attr) {
            let v: String = v.split_whitespace().collect::<Vec<_>>().join(" ");
            let v: String = v.chars().take(60).collect();
            out.push_str(&format!(" {attr}=\"{v}\""));
        }
    }
    out.push('>');
    out
}

/// What an element's class and id say about it.
fn names_of(dom: &Dom, n: u32) -> names::Names {
    let class = dom.attr_raw(n, "class");
    let id = dom.attr_raw(n, "id");
    if class.is_none() && id.is_none() {
        return names::Names::default();
    }
    let mut s = String::new();
    for v in [class, id].into_iter().flatten() {
        s.push_str(&v.to_ascii_lowercase());
        s.push(' ');
    }
    names::classify(&s)
}

fn hidden(dom: &Dom, n: u32) -> bool {
    if dom.attr_raw(n, "hidden").is_some() {
        // React's streamed server rendering sends a suspended part of the page later in
        // a hidden `<div id="S:0">` that a script moves into place: it is page content.
        return !dom.attr_raw(n, "id").is_some_and(|id| {
            id.strip_prefix("S:")
                .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        });
    }
    if dom
        .attr_raw(n, "aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    dom.attr_raw(n, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Elements that never hold article text.
fn never_text(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Textarea
            | Tag::Select
            | Tag::Button
            | Tag::Input
            | Tag::Head
            | Tag::Title
            | Tag::Object
            | Tag::Embed
            | Tag::Canvas
            | Tag::Video
            | Tag::Audio
            | Tag::Picture
            | Tag::Dialog
            | Tag::Label
            | Tag::Figcaption
    )
}

/// Per-node counts, all in bytes of collapsed text.
#[derive(Debug, Clone, Copy, Default)]
struct Stat {
    text: u32,
    link: u32,
    /// Text not inside a nested block element (a block's own running text).
    inline: u32,
    inline_link: u32,
    commas: u32,
    /// Text in paragraph-like blocks with at least 80 bytes of running text.
    para: u32,
}

/// The article's paragraphs, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    pub paragraphs: Vec<String>,
}

pub fn extract(dom: &Dom) -> Result<Content, NoContent> {
    match extract_with(dom, true) {
        // Every block named as furniture: page builders name each block of the text
        // "widget" ("elementor-widget"), none holding the share that would keep it. Weak
        // names misled, so the page is read again with the strong ones only
        // ("comments", "footer", `<nav>`); the page-type model judges what comes out.
        Err(why @ NoContent::OnlyFurniture { .. }) => extract_with(dom, false).map_err(|_| why),
        found => found,
    }
}

/// Class or id words of what is never the article, whatever the share it holds.
fn never_article_name(dom: &Dom, n: u32) -> bool {
    ["class", "id"].iter().any(|a| {
        dom.attr_raw(n, a).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            [
                "comment",
                "footer",
                "disqus",
                "related",
                "cookie",
                "newsletter",
            ]
            .iter()
            .any(|w| v.contains(w))
        })
    })
}

/// `names`: whether furniture class names drop elements; without them, only furniture
/// tags and [`never_article_name`]s do.
fn extract_with(dom: &Dom, by_names: bool) -> Result<Content, NoContent> {
    let n = dom.nodes.len();
    let mut dropped = vec![false; n];
    let mut in_link = vec![false; n];
    // Furniture by tag or class name (0 none, 1 weak, 2 strong): dropped unless it holds
    // a large share of the page's paragraph text.
    let mut soft = vec![0u8; n];
    // Elements named as the article ("story-body"), read with the furniture names.
    let mut positive = vec![false; n];
    // Inside code, class names are syntax highlighting ("token comment"), not furniture.
    let mut in_code = vec![false; n];
    // A figure holding a table is the article's data ("wp-block-table"), not furniture.
    let mut has_table = vec![false; n];
    for i in (1..n).rev() {
        if has_table[i] || dom.nodes[i].kind == Kind::Element(Tag::Table) {
            has_table[dom.nodes[i].parent as usize] = true;
        }
    }
    for i in 1..n {
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        in_link[i] = in_link[p];
        dropped[i] = dropped[p];
        in_code[i] = in_code[p];
        let Kind::Element(tag) = node.kind else {
            continue;
        };
        if tag == Tag::A {
            in_link[i] = true;
        }
        if matches!(tag, Tag::Pre | Tag::Code) {
            in_code[i] = true;
        }
        let names = if in_code[i] {
            names::Names::default()
        } else {
            names_of(dom, i as u32)
        };
        positive[i] = names.positive;
        if dropped[i] {
            continue;
        }
        if never_text(tag) || hidden(dom, i as u32) {
            dropped[i] = true;
        } else {
            let by_tag = match tag {
                _ if in_code[i] => 0,
                Tag::Nav | Tag::Aside | Tag::Footer | Tag::Menu => 2,
                Tag::Figure if has_table[i] => 0,
                Tag::Header | Tag::Form | Tag::Figure => 1,
                _ => 0,
            };
            // Table rows and cells are data: a weak name ("player-2020-580") says
            // nothing about page furniture there.
            let by_name = match names.tier {
                1 if matches!(tag, Tag::Tr | Tag::Td | Tag::Th | Tag::Tbody | Tag::Thead) => 0,
                t => t,
            };
            soft[i] = by_tag.max(by_name);
            // The second reading: only furniture tags and the names of what is never
            // the article (comments, footers, related links) drop.
            if !by_names && by_tag < 2 && !never_article_name(dom, i as u32) {
                soft[i] = by_tag;
            }
        }
    }

    let none = vec![false; n];
    let stats = count(dom, &dropped, &in_link, &none);
    let total_para: u32 = stats[0].para;
    // Which elements hold the headline or something marked as the article.
    let mut holds_article = vec![false; n];
    for i in (1..n).rev() {
        let marked = matches!(dom.tag(i as u32), Some(Tag::H1) | Some(Tag::Article))
            || dom
                .attr_raw(i as u32, "itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articlebody"))
            || positive[i];
        if marked || holds_article[i] {
            holds_article[i] = true;
            holds_article[dom.nodes[i].parent as usize] = true;
        }
    }

    // Undo the class-name drop for an element that holds most of the article text.
    // Elements named alike (the same class and id) are judged together: an article cut
    // into chunks ("sr-body-share-wrapper" once per part) holds its share as a whole.
    let mut by_name: std::collections::HashMap<(String, u8), u32> = Default::default();
    let outermost_soft = |i: usize| {
        let mut a = dom.nodes[i].parent;
        while a != NONE {
            if soft[a as usize] > 0 {
                return false;
            }
            a = dom.nodes[a as usize].parent;
        }
        true
    };
    let soft_nodes: Vec<usize> = (1..n)
        .filter(|&i| soft[i] > 0 && !dropped[i] && outermost_soft(i))
        .collect();
    // Siblings of one kind (the same first class word: "elementor-widget ...") are
    // judged together too, whatever else their classes say: an article cut into blocks.
    let mut by_sibling: std::collections::HashMap<(u32, String, u8), u32> = Default::default();
    for &i in &soft_nodes {
        *by_name
            .entry((name_key(dom, i as u32), soft[i]))
            .or_default() += stats[i].para;
    }
    for i in 1..n {
        if soft[i] > 0 && !dropped[i] {
            *by_sibling
                .entry((dom.nodes[i].parent, first_class(dom, i as u32), soft[i]))
                .or_default() += stats[i].para;
        }
    }
    let mut soft_dropped = vec![false; n];
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        soft_dropped[i] = soft_dropped[p];
        if soft[i] > 0 && !soft_dropped[i] {
            let key = (name_key(dom, i as u32), soft[i]);
            let sibling_key = (dom.nodes[i].parent, first_class(dom, i as u32), soft[i]);
            let holds = by_name
                .get(&key)
                .copied()
                .unwrap_or(0)
                .max(by_sibling.get(&sibling_key).copied().unwrap_or(0))
                .max(stats[i].para);
            // A class name never hides a large share of the page's paragraphs: that
            // is the article under an unlucky name ("grid-layout--adrail").
            let mut keep = SOFT_KEEP_TENTHS[soft[i] as usize];
            if holds_article[i] {
                keep = keep.min(ARTICLE_HOLDER_KEEP_TENTHS);
            }
            if holds * 10 < total_para * keep {
                soft_dropped[i] = true;
            }
        }
    }
    for i in 0..n {
        dropped[i] |= soft_dropped[i];
    }
    let before = stats;
    let stats = count(dom, &dropped, &in_link, &none);
    if stats[0].text == 0 {
        // Say what was left out, when names did it.
        let biggest = (1..n)
            .filter(|&i| soft_dropped[i] && !soft_dropped[dom.nodes[i].parent as usize])
            .max_by_key(|&i| (before[i].text, std::cmp::Reverse(i)));
        return Err(match biggest {
            Some(i) if before[i].text > 0 => NoContent::OnlyFurniture {
                element: describe(dom, i as u32),
                share: (before[i].para * 100).checked_div(total_para).unwrap_or(0),
            },
            _ => NoContent::Empty,
        });
    }

    let mut roots = choose(dom, &dropped, &stats);
    if let [root] = roots[..] {
        if let Some(near_title) = beside_title(dom, &dropped, &stats, root) {
            roots = vec![near_title];
        }
    }
    if let Some(lead) = roots
        .first()
        .and_then(|&r| lead_before(dom, &dropped, &stats, r))
    {
        roots.insert(0, lead);
    }
    if roots.is_empty() {
        return Err(NoContent::NotAnArticle);
    }
    // A container whose text is mostly links, with little running text, is an index page
    // (a section front, a tag page, a list of search results), not an article.
    let (text, link) = roots.iter().fold((0u32, 0u32), |(t, l), &r| {
        (t + stats[r as usize].text, l + stats[r as usize].link)
    });
    let para: u32 = roots.iter().map(|&r| stats[r as usize].para).sum();
    if link * 2 >= text && para * 4 < text {
        return Err(NoContent::NotAnArticle);
    }
    let mut out = Writer::default();
    for r in roots {
        out.block(dom, r, &dropped, &in_link);
    }
    let paragraphs = out.finish();
    if paragraphs.is_empty() {
        return Err(NoContent::NotAnArticle);
    }
    Ok(Content { paragraphs })
}

/// Every visible block of a fragment (a feed item's content, a JSON `html` snippet):
/// a fragment is all article, so nothing is chosen, only scripts and hidden parts left out.
pub fn fragment(dom: &Dom) -> Result<Content, NoContent> {
    let n = dom.nodes.len();
    let mut dropped = vec![false; n];
    let mut in_link = vec![false; n];
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        dropped[i] = dropped[p];
        in_link[i] = in_link[p];
        if let Kind::Element(tag) = dom.nodes[i].kind {
            in_link[i] |= tag == Tag::A;
            dropped[i] |= never_text(tag) || hidden(dom, i as u32);
        }
    }
    let mut out = Writer::default();
    out.block(dom, 0, &dropped, &in_link);
    let paragraphs = out.finish();
    if paragraphs.is_empty() {
        Err(NoContent::Empty)
    } else {
        Ok(Content { paragraphs })
    }
}

/// Whether the markup is a fragment rather than a page: no `html`, `head` or `body`.
pub fn is_fragment(dom: &Dom) -> bool {
    !dom.nodes
        .iter()
        .any(|n| matches!(n.kind, Kind::Element(Tag::Html | Tag::Head | Tag::Body)))
}

fn is_ancestor(dom: &Dom, a: u32, mut n: u32) -> bool {
    while n != NONE {
        if n == a {
            return true;
        }
        n = dom.nodes[n as usize].parent;
    }
    false
}

/// When the chosen container lies apart from the headline (a "you may also like" box or
/// the comments outweighing a short article), the block around the page's `h1` that holds
/// paragraph text of its own is the article instead, if it holds at least a quarter as
/// much.
fn beside_title(dom: &Dom, dropped: &[bool], st: &[Stat], root: u32) -> Option<u32> {
    // The headline: the first h1 with text that is not a link (a logo in an h1 is a link).
    let h1 = dom.elements(Tag::H1).find(|&h| {
        let s = &st[h as usize];
        !dropped[h as usize] && s.text > 0 && s.link * 2 < s.text
    })?;
    let mut a = dom.nodes[h1 as usize].parent;
    while a != NONE && a != 0 && st[a as usize].para < 200 {
        a = dom.nodes[a as usize].parent;
    }
    if a == NONE || a == 0 || matches!(dom.tag(a), Some(Tag::Body | Tag::Html)) {
        return None;
    }
    let apart = !is_ancestor(dom, a, root) && !is_ancestor(dom, root, a);
    (apart && st[a as usize].para * 4 >= st[root as usize].para).then_some(a)
}

/// A lead paragraph set apart just before the article's container (a summary box
/// between the headline and the body): the nearest earlier sibling of the container, or
/// of one of its two nearest ancestors, that reads as a paragraph and comes after the
/// page's first `h1`.
fn lead_before(dom: &Dom, dropped: &[bool], st: &[Stat], root: u32) -> Option<u32> {
    let h1 = dom.elements(Tag::H1).next()?;
    if h1 > root {
        return None;
    }
    let mut cur = root;
    for _ in 0..3 {
        let parent = dom.nodes[cur as usize].parent;
        if parent == NONE {
            return None;
        }
        let earlier: Vec<u32> = dom.children(parent).take_while(|&c| c != cur).collect();
        for &s in earlier.iter().rev().take(6) {
            if s <= h1 {
                // The headline itself, or the block holding it: the lead is not above.
                return None;
            }
            let su = s as usize;
            let Some(tag) = dom.tag(s) else { continue };
            if dropped[su] || st[su].text == 0 {
                continue;
            }
            let stat = &st[su];
            // Running text of its own, or paragraphs inside a block named as the lead
            // (`<div class="article__lead"><p>`).
            let reads = (stat.inline >= 80 && stat.inline_link * 4 < stat.inline)
                || (stat.para >= 80
                    && stat.para * 2 >= stat.text
                    && stat.link * 4 < stat.text
                    && named_lead(dom, s));
            if is_para_block(tag) && reads {
                return Some(s);
            }
        }
        cur = parent;
    }
    None
}

/// Whether a block's class, id or `itemprop` names it as the article's lead.
fn named_lead(dom: &Dom, n: u32) -> bool {
    ["class", "id", "itemprop"].iter().any(|k| {
        dom.attr_raw(n, k).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            [
                "lead",
                "summary",
                "standfirst",
                "intro",
                "excerpt",
                "description",
                "dek",
            ]
            .iter()
            .any(|w| v.contains(w))
        })
    })
}

fn is_para_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::P
            | Tag::Pre
            | Tag::Td
            | Tag::Blockquote
            | Tag::Div
            | Tag::Section
            | Tag::Article
            | Tag::Li
            | Tag::Dd
            | Tag::Main
            | Tag::Center
            | Tag::Body
            | Tag::Other
            | Tag::Span
            | Tag::Font
    )
}

fn count(dom: &Dom, dropped: &[bool], in_link: &[bool], extra_drop: &[bool]) -> Vec<Stat> {
    let n = dom.nodes.len();
    let mut st = vec![Stat::default(); n];
    for i in (1..n).rev() {
        if dropped[i] || extra_drop[i] {
            continue;
        }
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        match node.kind {
            Kind::Text => {
                let raw = dom.raw_text(i as u32);
                let len = text_len(raw);
                if len == 0 {
                    continue;
                }
                let commas = raw.bytes().filter(|&b| b == b',').count() as u32;
                let l = if in_link[i] { len } else { 0 };
                let s = &mut st[p];
                s.text += len;
                s.link += l;
                s.inline += len;
                s.inline_link += l;
                s.commas += commas;
            }
            Kind::Element(tag) => {
                let mine = st[i];
                let block = tag.is_block();
                let own_para = if is_para_block(tag)
                    && mine.inline >= 80
                    && mine.inline_link * 2 < mine.inline
                {
                    mine.inline
                } else {
                    0
                };
                let s = &mut st[p];
                s.text += mine.text;
                s.link += mine.link;
                s.para += mine.para + own_para;
                if !block {
                    s.inline += mine.inline;
                    s.inline_link += mine.inline_link;
                    s.commas += mine.commas;
                }
            }
        }
    }
    st
}

/// Length of text with white space runs counted once.
fn text_len(raw: &str) -> u32 {
    let mut len = 0u32;
    let mut space = true;
    for b in raw.bytes() {
        if b.is_ascii_whitespace() {
            if !space {
                len += 1;
                space = true;
            }
        } else {
            len += 1;
            space = false;
        }
    }
    if space && len > 0 {
        len -= 1;
    }
    len
}

fn link_density(s: &Stat) -> f32 {
    if s.text == 0 {
        0.0
    } else {
        s.link as f32 / s.text as f32
    }
}

/// The containers that hold the article, in document order.
fn choose(dom: &Dom, dropped: &[bool], st: &[Stat]) -> Vec<u32> {
    let total = st[0].para;
    if total > 0 {
        // The deepest element that still holds most of the page's paragraph text.
        let mut cur = 0u32;
        loop {
            let best = dom
                .children(cur)
                .filter(|&c| !dropped[c as usize] && dom.tag(c).is_some())
                .max_by_key(|&c| st[c as usize].para);
            match best {
                Some(c) if st[c as usize].para * 100 >= total * DOMINANT_PERCENT => cur = c,
                _ => break,
            }
        }
        if !matches!(dom.tag(cur), Some(Tag::Body | Tag::Html) | None) && cur != 0 {
            if let Some(marked) = marked_body(dom, dropped, st, cur) {
                return marked;
            }
            return vec![cur];
        }
    }
    readability(dom, dropped, st)
}

/// The readability way, for pages whose paragraph text is spread out.
fn readability(dom: &Dom, dropped: &[bool], st: &[Stat]) -> Vec<u32> {
    let n = dom.nodes.len();
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    let mut candidates = Vec::new();
    for i in 1..n {
        if dropped[i] {
            continue;
        }
        let Kind::Element(tag) = dom.nodes[i].kind else {
            continue;
        };
        let s = &st[i];
        if !is_para_block(tag) || s.inline < 25 {
            continue;
        }
        if s.inline_link * 2 > s.inline {
            continue;
        }
        let points = 1.0 + s.commas as f32 + (s.inline as f32 / 100.0).min(3.0);
        let mut anc = dom.nodes[i].parent;
        let mut level = 0;
        // A div whose own running text is the article is a candidate of its own.
        if matches!(
            tag,
            Tag::Div | Tag::Td | Tag::Section | Tag::Article | Tag::Other
        ) {
            anc = i as u32;
            level = 0;
        }
        while anc != NONE && anc != 0 && level < 5 {
            let a = anc as usize;
            if !scored[a] {
                scored[a] = true;
                score[a] = initial_score(dom, anc);
                candidates.push(anc);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += points / div;
            anc = dom.nodes[a].parent;
            level += 1;
        }
    }
    let mut best = NONE;
    let mut best_score = 0f32;
    for &c in &candidates {
        let s = score[c as usize] * (1.0 - link_density(&st[c as usize]));
        score[c as usize] = s;
        if s > best_score {
            best_score = s;
            best = c;
        }
    }
    if best == NONE {
        return Vec::new();
    }
    // An explicit article body that holds most of the chosen text wins.
    if let Some(marked) = marked_body(dom, dropped, st, best) {
        return marked;
    }
    // Climb while the parent holds hardly more text (the candidate is one part of it).
    let mut top = best;
    loop {
        let p = dom.nodes[top as usize].parent;
        if p == NONE || p == 0 {
            break;
        }
        let (pt, tt) = (st[p as usize].para, st[top as usize].para);
        if pt > tt
            && tt * 10 >= pt * 9
            && matches!(dom.tag(p), Some(t) if t != Tag::Body && t != Tag::Html)
        {
            top = p;
        } else {
            break;
        }
    }
    // Siblings that score close to the best, or read as paragraphs of their own.
    let parent = dom.nodes[top as usize].parent;
    if parent == NONE {
        return vec![top];
    }
    let threshold = (best_score * 0.2).max(10.0);
    let mut out = Vec::new();
    for s in dom.children(parent) {
        if s == top {
            out.push(s);
            continue;
        }
        let su = s as usize;
        if dropped[su] || dom.nodes[su].kind == Kind::Text {
            continue;
        }
        let stat = &st[su];
        if scored[su] && score[su] >= threshold {
            out.push(s);
            continue;
        }
        if dom.tag(s) == Some(Tag::P) {
            let ld = link_density(stat);
            if (stat.inline > 80 && ld < 0.25)
                || (stat.inline > 0
                    && ld == 0.0
                    && stat.inline < 80
                    && dom.inner_text(s).ends_with('.'))
            {
                out.push(s);
            }
        }
    }
    out
}

fn initial_score(dom: &Dom, n: u32) -> f32 {
    let base = match dom.tag(n) {
        Some(Tag::Div | Tag::Article | Tag::Main | Tag::Section) => 5.0,
        Some(Tag::Pre | Tag::Td | Tag::Blockquote) => 3.0,
        Some(
            Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form,
        ) => -3.0,
        Some(t) if t.is_heading() || t == Tag::Th => -5.0,
        _ => 0.0,
    };
    let names = names_of(dom, n);
    let mut w = 0.0;
    if names.tier > 0 {
        w -= 25.0;
    }
    if names.positive {
        w += 25.0;
    }
    if dom
        .attr_raw(n, "itemprop")
        .is_some_and(|v| v.contains("articleBody"))
    {
        w += 50.0;
    }
    base + w
}

/// `itemprop="articleBody"` elements (all of them, in order) when they hold at least
/// 60% of the best candidate's paragraph text.
fn marked_body(dom: &Dom, dropped: &[bool], st: &[Stat], best: u32) -> Option<Vec<u32>> {
    let mut marked: Vec<u32> = (1..dom.nodes.len() as u32)
        .filter(|&i| {
            !dropped[i as usize]
                && dom
                    .attr_raw(i, "itemprop")
                    .is_some_and(|v| v.split_whitespace().any(|w| w == "articleBody"))
        })
        .collect();
    // Nested markers: keep the outermost.
    let set: std::collections::HashSet<u32> = marked.iter().copied().collect();
    marked.retain(|&m| {
        let mut a = dom.nodes[m as usize].parent;
        while a != NONE {
            if set.contains(&a) {
                return false;
            }
            a = dom.nodes[a as usize].parent;
        }
        true
    });
    let held: u32 = marked.iter().map(|&m| st[m as usize].para).sum();
    let best_para = st[best as usize].para;
    (!marked.is_empty() && held > 0 && held * 10 >= best_para * 6).then_some(marked)
}

#[derive(Default)]
struct Writer {
    paragraphs: Vec<String>,
    cur: String,
    cur_link: usize,
    cur_len: usize,
    /// The last paragraph kept is a short title-like line ("More stories", "Related").
    last_is_label: bool,
    /// Inside `<pre>`: lines are kept as lines.
    in_pre: bool,
}

/// A short line that does not read as a sentence: a list's title when links follow it.
fn label_like(text: &str) -> bool {
    text.split_whitespace().count() <= 6 && !crate::residue::ends_sentence(text)
}

impl Writer {
    fn flush(&mut self) {
        let text = collapse(&self.cur);
        let len = self.cur_len.max(1);
        if !text.is_empty() {
            let ld = self.cur_link as f32 / len as f32;
            // A block made mostly of links is a link list or a "read more" line.
            let keep = ld < 0.7 || text.len() > 300;
            if keep {
                self.last_is_label = label_like(&text);
                self.paragraphs.push(text);
            } else if self.last_is_label {
                // The title of the link list just dropped goes with it.
                self.paragraphs.pop();
                self.last_is_label = false;
            }
        }
        self.cur.clear();
        self.cur_link = 0;
        self.cur_len = 0;
    }

    fn block(&mut self, dom: &Dom, root: u32, dropped: &[bool], in_link: &[bool]) {
        self.flush();
        self.walk(dom, root, dropped, in_link);
        self.flush();
    }

    fn walk(&mut self, dom: &Dom, n: u32, dropped: &[bool], in_link: &[bool]) {
        if dropped[n as usize] {
            return;
        }
        match dom.nodes[n as usize].kind {
            Kind::Text if self.in_pre => {
                let t = dom.text(n);
                if in_link[n as usize] {
                    self.cur_link += t.len();
                }
                self.cur.push_str(&t);
            }
            Kind::Text => {
                let t = dom.text(n);
                let l = text_len(&t) as usize;
                self.cur_len += l;
                if in_link[n as usize] {
                    self.cur_link += l;
                }
                self.cur.push_str(&t);
            }
            Kind::Element(Tag::Pre) if !self.in_pre => {
                // Preformatted text (code, a poem, a table of figures) keeps its lines:
                // each line is a paragraph.
                self.flush();
                self.in_pre = true;
                for c in dom.children(n) {
                    self.walk(dom, c, dropped, in_link);
                }
                self.in_pre = false;
                let lines = std::mem::take(&mut self.cur);
                for line in lines.lines() {
                    self.cur.push_str(line);
                    self.cur_len = line.len();
                    self.flush();
                }
                self.cur_link = 0;
                self.cur_len = 0;
            }
            Kind::Element(Tag::Br) if self.in_pre => self.cur.push('\n'),
            Kind::Element(tag) => {
                // A table row is one line, its cells separated by spaces.
                let cell = matches!(tag, Tag::Td | Tag::Th);
                let block = tag.is_block() && !cell;
                if block {
                    self.flush();
                }
                if cell {
                    self.cur.push(' ');
                }
                for c in dom.children(n) {
                    self.walk(dom, c, dropped, in_link);
                }
                if block {
                    self.flush();
                } else if matches!(tag, Tag::Img | Tag::Input) {
                    self.cur.push(' ');
                }
            }
        }
    }

    /// The paragraphs. A page that carries the article twice (a copy for another layout,
    /// shown by script) gives it once: a run of three or more paragraphs that repeats an
    /// earlier run and holds at least 40% of the text is dropped. Single repeated
    /// paragraphs stay (an interview's recurring question, a recipe's repeated line).
    fn finish(mut self) -> Vec<String> {
        self.flush();
        let p = &self.paragraphs;
        let total: usize = p.iter().map(String::len).sum();
        let n = p.len().min(400);
        let mut repeat = None;
        'search: for first in 0..n {
            for again in first + 1..n {
                let run = p[again..n]
                    .iter()
                    .zip(&p[first..again])
                    .take_while(|(a, b)| a == b)
                    .count();
                let chars: usize = p[again..again + run].iter().map(String::len).sum();
                if run >= 3 && chars * 10 >= total * 4 {
                    repeat = Some(again..again + run);
                    break 'search;
                }
            }
        }
        if let Some(r) = repeat {
            self.paragraphs.drain(r);
        }
        self.paragraphs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<html><head><title>T</title></head><body>{body}</body></html>")
    }

    const ARTICLE: &str = "<p>The ferry left the harbour at dawn, carrying 212 passengers, and ran aground two hours later off the northern cape.</p>\
        <p>Coastguard crews reached the vessel by noon, officials said, and no one was badly hurt, though three people were treated for cold.</p>\
        <p>The operator, which runs four crossings a day, said it would inspect the hull before the route reopens on Friday.</p>";

    #[test]
    fn finds_the_article_among_furniture() {
        let html = page(&format!(
            "<nav><a href=/>Home</a> <a href=/w>World</a></nav>\
             <div class=share><a>Share on X</a> <a>Facebook</a></div>\
             <div class=article-body>{ARTICLE}</div>\
             <aside><h3>Most read</h3><ul><li><a>Another headline here</a></li></ul></aside>\
             <footer>© 2026 The Ledger. All rights reserved.</footer>"
        ));
        let dom = Dom::parse(&html);
        let c = extract(&dom).unwrap();
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
        assert!(c.paragraphs[0].starts_with("The ferry left"));
    }

    #[test]
    fn link_lists_inside_the_body_are_dropped() {
        let html = page(&format!(
            "<article>{ARTICLE}<p><a href=/a>Read more: Storm closes the port</a></p></article>"
        ));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert!(c.paragraphs.iter().all(|p| !p.contains("Read more")));
    }

    #[test]
    fn a_body_with_share_in_its_class_is_kept_when_it_holds_the_text() {
        let html = page(&format!(
            "<div class=\"story share-enabled\">{ARTICLE}</div>"
        ));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert_eq!(c.paragraphs.len(), 3);
    }

    #[test]
    fn hidden_and_scripts_are_not_text() {
        let html = page(&format!(
            "<div>{ARTICLE}<p style=\"display: none\">Hidden promo text that is long enough to count here.</p><script>var x = 'a, b, c';</script></div>"
        ));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert!(c
            .paragraphs
            .iter()
            .all(|p| !p.contains("Hidden") && !p.contains("var x")));
    }

    #[test]
    fn a_related_box_outweighing_a_short_article_yields_to_the_headline() {
        let related: String = (0..6)
            .map(|i| format!("<div class=box><p>Another long story number {i} about the harbour, the council and the ferries, told at length so that it outweighs the short article above it on this page.</p></div>"))
            .collect();
        let html = page(&format!(
            "<header><h1><a href=/>The Ledger</a></h1></header>\
             <div class=main><div class=post><h1>Quay cafe reopens</h1><p>The cafe on the quay reopened on Monday after the storm, its owner said, and the fishermen came back for coffee before the tide turned.</p><p>Neighbours helped repaint the terrace and rebuild the kitchen in three weeks, and the council waived the fee for the new awning.</p></div>\
             <div class=more><h3>You may like</h3>{related}</div></div>"
        ));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert!(
            c.paragraphs
                .iter()
                .any(|p| p.starts_with("The cafe on the quay")),
            "{:?}",
            c.paragraphs
        );
        assert!(
            c.paragraphs
                .iter()
                .all(|p| !p.contains("Another long story")),
            "{:?}",
            c.paragraphs
        );
    }

    #[test]
    fn a_table_row_is_one_line() {
        let rows: String = (1..=12)
            .map(|i| format!("<tr class=\"player-{i}\"><td>{i}</td><td>Driver Number{i}</td><td>{}</td></tr>", 5000 - i * 10))
            .collect();
        let html = page(&format!(
            "<article>{ARTICLE}<table>{rows}</table></article>"
        ));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert!(
            c.paragraphs.contains(&"1 Driver Number1 4990".to_string()),
            "{:?}",
            c.paragraphs
        );
    }

    #[test]
    fn an_article_carried_twice_is_given_once() {
        let html = page(&format!("<section><div class=body>{ARTICLE}</div><div class=continued>{ARTICLE}</div></section>"));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
    }

    #[test]
    fn an_index_page_is_not_an_article() {
        let items: String = (0..12)
            .map(|i| format!("<li><a href=/s{i}>Council approves the new harbour wall plan after a long debate, number {i}</a> <span>2 hours ago</span></li>"))
            .collect();
        let html = page(&format!(
            "<main><h1>Latest news</h1><ul class=list>{items}</ul></main>"
        ));
        assert_eq!(extract(&Dom::parse(&html)), Err(NoContent::NotAnArticle));
    }

    const OTHER: &str = "<p>Readers also asked about the new timetable for the winter crossings and the fares for cars and bicycles.</p>";

    /// Regression: real articles were refused as "the page has no visible text" when their
    /// container carried a furniture-like class ("above-footer", "has-paywall") and held
    /// most, but not 80%, of the page's paragraphs.
    #[test]
    fn regression_an_article_container_under_a_furniture_name_is_kept() {
        for wrapper in [
            "<div class=\"above-footer\"><h1>Ferry aground</h1>{A}</div>",
            "<article class=\"post has-paywall steady-paywall-container\"><h1>Ferry aground</h1>{A}</article>",
        ] {
            let body = format!(
                "{}<div class=\"related-box\">{OTHER}</div>",
                wrapper.replace("{A}", ARTICLE)
            );
            let got = extract(&Dom::parse(&page(&body))).expect("the article is kept");
            assert!(
                got.paragraphs.iter().any(|p| p.contains("212 passengers")),
                "{wrapper}: {:?}",
                got.paragraphs
            );
        }
    }

    /// Regression: an article split across many blocks that each carry a widget class
    /// ("elementor-widget ... elementor-element-3") lost every block.
    #[test]
    fn regression_an_article_cut_into_like_named_blocks_is_kept() {
        let more = "<p>Passengers were taken back to the harbour on two lifeboats and a fishing \
                    vessel that had been working nearby when the alarm was raised.</p>\
                    <p>The harbour master said the channel would stay closed to larger ships \
                    until divers had checked the wreck site and the buoys around it.</p>\
                    <p>Local councillors called for an inquiry into the route, which has seen \
                    two groundings in the past five years, both in poor visibility.</p>";
        let text = format!("{ARTICLE}{more}");
        let blocks: String = text
            .split("</p>")
            .filter(|p| !p.trim().is_empty())
            .enumerate()
            .map(|(i, p)| {
                format!("<div class=\"elementor-widget elementor-widget-text-editor elementor-element-{i}\">{p}</p></div>")
            })
            .collect();
        let body = format!(
            "<section class=\"elementor-section\"><div class=\"elementor-widget elementor-widget-heading\"><h1>Ferry aground</h1></div>{blocks}</section>"
        );
        let got = extract(&Dom::parse(&page(&body))).expect("the article is kept");
        assert_eq!(got.paragraphs.len(), 7, "{:?}", got.paragraphs);
    }

    /// When names leave nothing, the refusal says which element went and why.
    #[test]
    fn a_table_in_a_figure_is_the_articles_data() {
        let html = page(&format!(
            "<article>{ARTICLE}<figure class=\"wp-block-table\"><table><tr><td>Kestrel Point</td><td>212 passengers</td></tr><tr><td>North Cape</td><td>180 passengers</td></tr></table></figure><figure><img src=a.jpg><figcaption>The ferry at dawn</figcaption></figure></article>"
        ));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert!(
            c.paragraphs
                .iter()
                .any(|p| p.contains("Kestrel Point") && p.contains("212 passengers")),
            "{:?}",
            c.paragraphs
        );
        assert!(c
            .paragraphs
            .iter()
            .all(|p| !p.contains("The ferry at dawn")));
    }

    #[test]
    fn a_streamed_react_part_is_read_where_it_is_sent() {
        let html = page(&format!(
            "<main><template id=\"B:0\"></template></main><div hidden id=\"S:0\"><article>{ARTICLE}</article></div><div hidden>{OTHER}</div>"
        ));
        let c = extract(&Dom::parse(&html)).unwrap();
        assert!(!c.paragraphs.is_empty());
        assert!(c.paragraphs.iter().all(|p| !OTHER.contains(p.as_str())));
    }

    #[test]
    fn a_page_of_furniture_only_says_what_was_left_out() {
        let body = format!("<div class=\"comments-area\">{OTHER}{OTHER}</div><div class=\"site-footer\">{OTHER}</div>");
        match extract(&Dom::parse(&page(&body))) {
            Err(e @ NoContent::OnlyFurniture { .. }) => {
                let said = e.to_string();
                assert!(
                    said.contains("comments-area") && said.contains("66%"),
                    "{said}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pages_without_an_article_say_so() {
        assert_eq!(
            extract(&Dom::parse("<html><body></body></html>")),
            Err(NoContent::Empty)
        );
        let links = page("<ul><li><a href=/1>One</a></li><li><a href=/2>Two</a></li></ul>");
        assert_eq!(extract(&Dom::parse(&links)), Err(NoContent::NotAnArticle));
    }
}
