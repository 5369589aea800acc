//! A small, forgiving HTML parser built for extraction: one pass over the bytes, one
//! arena of nodes, no allocation per node.
//!
//! It is not a full HTML5 tree builder. It does what matters for finding an article:
//! raw-text elements (`script`, `style`, ...), void elements, comments, the implied end
//! of `p`, `li`, `dt`/`dd`, `option`, table cells and rows, end tags that close whatever
//! is open above their match, and stray end tags ignored. Nesting deeper than
//! [`MAX_DEPTH`] is flattened, so hostile pages cost linear time and bounded stack.
//! Text and attribute values stay ranges into the source until they are asked for.

use std::borrow::Cow;

use super::entities::decode_entities;

/// Elements open at once, at most; deeper start tags become siblings.
pub const MAX_DEPTH: usize = 256;

/// "No node".
pub const NONE: u32 = u32::MAX;

macro_rules! tags {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// The element names the extractor cares about; everything else is `Other`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Tag { $($v,)* Other }
        impl Tag {
            fn of(lower: &[u8]) -> Tag {
                match lower { $($s => Tag::$v,)* _ => Tag::Other }
            }
        }
    };
}

tags! {
    Html = b"html", Head = b"head", Body = b"body", Title = b"title", Meta = b"meta",
    Link = b"link", Base = b"base", Script = b"script", Style = b"style", Noscript = b"noscript",
    Template = b"template", Svg = b"svg", Math = b"math", Iframe = b"iframe",
    Textarea = b"textarea", Select = b"select", Option = b"option", Optgroup = b"optgroup",
    Button = b"button", Input = b"input", Form = b"form", Nav = b"nav", Header = b"header",
    Footer = b"footer", Aside = b"aside", Main = b"main", Article = b"article",
    Section = b"section", Div = b"div", P = b"p", Br = b"br", Hr = b"hr", H1 = b"h1",
    H2 = b"h2", H3 = b"h3", H4 = b"h4", H5 = b"h5", H6 = b"h6", Ul = b"ul", Ol = b"ol",
    Li = b"li", Dl = b"dl", Dt = b"dt", Dd = b"dd", Table = b"table", Thead = b"thead",
    Tbody = b"tbody", Tfoot = b"tfoot", Tr = b"tr", Td = b"td", Th = b"th",
    Caption = b"caption", Blockquote = b"blockquote", Pre = b"pre", Code = b"code",
    Figure = b"figure", Figcaption = b"figcaption", Picture = b"picture", Img = b"img",
    Video = b"video", Audio = b"audio", Source = b"source", A = b"a", Span = b"span",
    Strong = b"strong", B = b"b", Em = b"em", I = b"i", U = b"u", Time = b"time",
    Address = b"address", Label = b"label", Dialog = b"dialog", Menu = b"menu",
    Details = b"details", Summary = b"summary", Object = b"object", Embed = b"embed",
    Canvas = b"canvas", Center = b"center", Font = b"font", Area = b"area", Col = b"col",
    Wbr = b"wbr", Param = b"param", Track = b"track", Keygen = b"keygen", Xmp = b"xmp",
    Noembed = b"noembed", Noframes = b"noframes", Plaintext = b"plaintext", Q = b"q",
    Cite = b"cite", Sup = b"sup", Sub = b"sub", Small = b"small", Mark = b"mark", Abbr = b"abbr",
}

impl Tag {
    /// Elements with no content and no end tag.
    pub fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Area
                | Tag::Base
                | Tag::Br
                | Tag::Col
                | Tag::Embed
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Link
                | Tag::Meta
                | Tag::Param
                | Tag::Source
                | Tag::Track
                | Tag::Wbr
                | Tag::Keygen
        )
    }

    /// Elements whose content is text up to their own end tag.
    fn is_raw_text(self) -> bool {
        matches!(
            self,
            Tag::Script
                | Tag::Style
                | Tag::Textarea
                | Tag::Title
                | Tag::Xmp
                | Tag::Iframe
                | Tag::Noembed
                | Tag::Noframes
                | Tag::Noscript
                | Tag::Plaintext
        )
    }

    /// Start tags that close an open `p` (the HTML rule, simplified).
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Address
                | Tag::Article
                | Tag::Aside
                | Tag::Blockquote
                | Tag::Details
                | Tag::Dialog
                | Tag::Div
                | Tag::Dl
                | Tag::Figcaption
                | Tag::Figure
                | Tag::Footer
                | Tag::Form
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Header
                | Tag::Hr
                | Tag::Main
                | Tag::Menu
                | Tag::Nav
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Section
                | Tag::Table
                | Tag::Ul
        )
    }

    /// Elements that break the flow of text into separate blocks.
    pub fn is_block(self) -> bool {
        self.closes_p()
            || matches!(
                self,
                Tag::Li
                    | Tag::Dt
                    | Tag::Dd
                    | Tag::Tr
                    | Tag::Td
                    | Tag::Th
                    | Tag::Caption
                    | Tag::Body
                    | Tag::Html
                    | Tag::Center
                    | Tag::Summary
                    | Tag::Option
                    | Tag::Br
                    | Tag::Thead
                    | Tag::Tbody
                    | Tag::Tfoot
            )
    }

    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Element(Tag),
    Text,
}

/// One node of the arena. Children are a linked list; indices refer to [`Dom::nodes`].
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    /// A hash of the lower-case element name (matches end tags of unknown elements).
    name: u32,
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub next: u32,
    /// Element: range into [`Dom::attrs`]. Text: byte range into the source.
    a: u32,
    b: u32,
}

#[derive(Debug, Clone, Copy)]
struct Attr {
    name: (u32, u32),
    value: (u32, u32),
}

/// A parsed page: the source and its nodes. Node 0 is the document root.
#[derive(Debug)]
pub struct Dom<'s> {
    src: &'s str,
    pub nodes: Vec<Node>,
    attrs: Vec<Attr>,
}

fn lower_hash(name: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &c in name {
        h ^= u32::from(c.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn tag_of(name: &[u8]) -> Tag {
    if name.len() > 10 {
        return Tag::Other;
    }
    let mut buf = [0u8; 10];
    for (d, s) in buf.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    Tag::of(&buf[..name.len()])
}

fn is_name_byte(c: u8) -> bool {
    !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// Position of `</name` (any case) at or after `from`.
fn find_end_tag(hay: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = hay.get(i..).and_then(|h| h.iter().position(|&c| c == b'<')) {
        let at = i + p;
        let rest = &hay[at + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
            && !rest
                .get(name.len() + 1)
                .is_some_and(|&c| c.is_ascii_alphanumeric())
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

impl<'s> Dom<'s> {
    /// Parses a page. Never fails: whatever cannot be read as markup is text.
    pub fn parse(src: &'s str) -> Self {
        let mut p = Parser {
            dom: Dom {
                src,
                nodes: Vec::with_capacity(src.len() / 40 + 16),
                attrs: Vec::with_capacity(src.len() / 60 + 16),
            },
            stack: Vec::with_capacity(64),
        };
        p.push_node(Kind::Element(Tag::Other), 0, NONE, 0, 0);
        p.stack.push(0);
        p.run();
        p.dom
    }

    pub fn src(&self) -> &'s str {
        self.src
    }

    pub fn tag(&self, n: u32) -> Option<Tag> {
        match self.nodes[n as usize].kind {
            Kind::Element(t) => Some(t),
            Kind::Text => None,
        }
    }

    /// The raw text of a text node, entities decoded.
    pub fn text(&self, n: u32) -> Cow<'s, str> {
        let node = &self.nodes[n as usize];
        match node.kind {
            Kind::Text => decode_entities(&self.src[node.a as usize..node.b as usize]),
            Kind::Element(_) => Cow::Borrowed(""),
        }
    }

    /// The raw text of a text node, as in the source.
    pub fn raw_text(&self, n: u32) -> &'s str {
        let node = &self.nodes[n as usize];
        match node.kind {
            Kind::Text => &self.src[node.a as usize..node.b as usize],
            Kind::Element(_) => "",
        }
    }

    /// The value of an attribute (name in lower case), entities decoded.
    pub fn attr(&self, n: u32, name: &str) -> Option<Cow<'s, str>> {
        self.attr_raw(n, name).map(decode_entities)
    }

    /// The value of an attribute as written.
    pub fn attr_raw(&self, n: u32, name: &str) -> Option<&'s str> {
        let node = &self.nodes[n as usize];
        if node.kind == Kind::Text {
            return None;
        }
        self.attrs[node.a as usize..node.b as usize]
            .iter()
            .find(|a| self.src[a.name.0 as usize..a.name.1 as usize].eq_ignore_ascii_case(name))
            .map(|a| &self.src[a.value.0 as usize..a.value.1 as usize])
    }

    /// Every attribute of an element as (name, raw value).
    pub fn attrs(&self, n: u32) -> impl Iterator<Item = (&'s str, &'s str)> + '_ {
        let node = &self.nodes[n as usize];
        let range = if node.kind == Kind::Text {
            0..0
        } else {
            node.a as usize..node.b as usize
        };
        self.attrs[range].iter().map(|a| {
            (
                &self.src[a.name.0 as usize..a.name.1 as usize],
                &self.src[a.value.0 as usize..a.value.1 as usize],
            )
        })
    }

    pub fn children(&self, n: u32) -> Children<'_, 's> {
        Children {
            dom: self,
            next: self.nodes[n as usize].first_child,
        }
    }

    /// Nodes under `n` in document order (not `n` itself).
    pub fn descendants(&self, n: u32) -> Descendants<'_, 's> {
        Descendants {
            dom: self,
            root: n,
            next: self.nodes[n as usize].first_child,
        }
    }

    /// The elements with this tag, in document order.
    pub fn elements(&self, tag: Tag) -> impl Iterator<Item = u32> + '_ {
        (0..self.nodes.len() as u32)
            .filter(move |&i| self.nodes[i as usize].kind == Kind::Element(tag))
    }

    /// All text under `n`, entities decoded, white space collapsed.
    pub fn inner_text(&self, n: u32) -> String {
        let mut out = String::new();
        for d in self.descendants(n) {
            if self.nodes[d as usize].kind == Kind::Text {
                out.push_str(&self.text(d));
                out.push(' ');
            }
        }
        collapse(&out)
    }
}

/// White space runs to one space, trimmed.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[derive(Debug)]
pub struct Children<'d, 's> {
    dom: &'d Dom<'s>,
    next: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let n = self.next;
        self.next = self.dom.nodes[n as usize].next;
        Some(n)
    }
}

#[derive(Debug)]
pub struct Descendants<'d, 's> {
    dom: &'d Dom<'s>,
    root: u32,
    next: u32,
}

impl Descendants<'_, '_> {
    /// The node after `n` and its subtree, in document order, within the root.
    fn after(&self, n: u32) -> u32 {
        let nodes = &self.dom.nodes;
        let mut cur = n;
        loop {
            if cur == self.root || cur == NONE {
                return NONE;
            }
            let c = &nodes[cur as usize];
            if c.next != NONE {
                return c.next;
            }
            cur = c.parent;
        }
    }

    /// Leaves out what is under `n` (the node just returned): iteration goes on after it.
    pub fn skip_subtree(&mut self, n: u32) {
        self.next = self.after(n);
    }
}

impl Iterator for Descendants<'_, '_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let n = self.next;
        let first = self.dom.nodes[n as usize].first_child;
        self.next = if first != NONE { first } else { self.after(n) };
        Some(n)
    }
}

struct Parser<'s> {
    dom: Dom<'s>,
    stack: Vec<u32>,
}

impl<'s> Parser<'s> {
    fn push_node(&mut self, kind: Kind, name: u32, parent: u32, a: u32, b: u32) -> u32 {
        let id = self.dom.nodes.len() as u32;
        self.dom.nodes.push(Node {
            kind,
            name,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            a,
            b,
        });
        if parent != NONE {
            let p = &mut self.dom.nodes[parent as usize];
            let prev = p.last_child;
            p.last_child = id;
            if prev == NONE {
                p.first_child = id;
            } else {
                self.dom.nodes[prev as usize].next = id;
            }
        }
        id
    }

    fn current(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn text(&mut self, a: usize, b: usize) {
        if a >= b {
            return;
        }
        let parent = self.current();
        // Adjacent text (split by a comment) extends the last text node when contiguous.
        let last = self.dom.nodes[parent as usize].last_child;
        if last != NONE {
            let l = &mut self.dom.nodes[last as usize];
            if l.kind == Kind::Text && l.b as usize == a {
                l.b = b as u32;
                return;
            }
        }
        self.push_node(Kind::Text, 0, parent, a as u32, b as u32);
    }

    fn open_tag(&self, i: usize) -> Option<Tag> {
        self.stack
            .get(i)
            .and_then(|&n| match self.dom.nodes[n as usize].kind {
                Kind::Element(t) => Some(t),
                Kind::Text => None,
            })
    }

    /// Closes the nearest open element satisfying `is`, unless a `barrier` comes first.
    fn close_open(&mut self, is: impl Fn(Tag) -> bool, barrier: impl Fn(Tag) -> bool) {
        for i in (1..self.stack.len()).rev() {
            let Some(t) = self.open_tag(i) else { continue };
            if is(t) {
                self.stack.truncate(i);
                return;
            }
            if barrier(t) {
                return;
            }
        }
    }

    fn start_tag(&mut self, tag: Tag, name: u32, attrs: (u32, u32), self_closing: bool) -> u32 {
        let scope = |t: Tag| {
            matches!(
                t,
                Tag::Table
                    | Tag::Td
                    | Tag::Th
                    | Tag::Button
                    | Tag::Html
                    | Tag::Template
                    | Tag::Caption
                    | Tag::Object
                    | Tag::Svg
                    | Tag::Math
            )
        };
        // Anything but head content ends an open head (a page that never closes its
        // `<head>`, or opens `<body>` without closing it, keeps its body out of the head).
        if !matches!(
            tag,
            Tag::Head
                | Tag::Title
                | Tag::Meta
                | Tag::Link
                | Tag::Base
                | Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Template
        ) && self.stack.len() > 1
        {
            self.close_open(|t| t == Tag::Head, |t| t == Tag::Html);
        }
        if tag.closes_p() {
            self.close_open(|t| t == Tag::P, |t| scope(t) || t.is_block() && t != Tag::P);
        }
        match tag {
            Tag::Li => self.close_open(
                |t| t == Tag::Li,
                |t| matches!(t, Tag::Ul | Tag::Ol | Tag::Menu) || scope(t),
            ),
            Tag::Dt | Tag::Dd => self.close_open(
                |t| matches!(t, Tag::Dt | Tag::Dd),
                |t| t == Tag::Dl || scope(t),
            ),
            Tag::Option => self.close_open(|t| t == Tag::Option, |t| t == Tag::Select),
            Tag::Td | Tag::Th => self.close_open(
                |t| matches!(t, Tag::Td | Tag::Th),
                |t| matches!(t, Tag::Tr | Tag::Table),
            ),
            Tag::Tr => self.close_open(|t| t == Tag::Tr, |t| t == Tag::Table),
            Tag::Thead | Tag::Tbody | Tag::Tfoot => self.close_open(
                |t| matches!(t, Tag::Thead | Tag::Tbody | Tag::Tfoot),
                |t| t == Tag::Table,
            ),
            Tag::A => self.close_open(|t| t == Tag::A, scope),
            _ => {}
        }
        let parent = self.current();
        let id = self.push_node(Kind::Element(tag), name, parent, attrs.0, attrs.1);
        let void = tag.is_void() || (self_closing && tag == Tag::Other);
        if !void && self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
        id
    }

    fn end_tag(&mut self, tag: Tag, name: u32) {
        if tag == Tag::Br {
            self.start_tag(Tag::Br, name, (0, 0), true);
            return;
        }
        // Search down the stack, but not through more than a bounded number of elements:
        // a stray end tag must not cost a walk of the whole stack every time.
        let lowest = self.stack.len().saturating_sub(64).max(1);
        for i in (lowest..self.stack.len()).rev() {
            let n = &self.dom.nodes[self.stack[i] as usize];
            if n.name == name {
                self.stack.truncate(i);
                return;
            }
            // An end tag does not close across a table cell or table it is not in.
            if matches!(n.kind, Kind::Element(Tag::Td | Tag::Th | Tag::Table))
                && tag != Tag::Tr
                && !matches!(
                    tag,
                    Tag::Table | Tag::Tbody | Tag::Thead | Tag::Tfoot | Tag::Td | Tag::Th
                )
            {
                return;
            }
        }
    }

    fn run(&mut self) {
        let src = self.dom.src;
        let bytes = src.as_bytes();
        let mut i = 0;
        let mut text_start = 0;
        while i < bytes.len() {
            let Some(p) = bytes[i..].iter().position(|&c| c == b'<') else {
                break;
            };
            let lt = i + p;
            let next = bytes.get(lt + 1).copied().unwrap_or(0);
            if next == b'!' {
                self.text(text_start, lt);
                let end = if bytes[lt..].starts_with(b"<!--") {
                    find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3)
                } else if bytes[lt..].starts_with(b"<![CDATA[") {
                    find(bytes, lt + 9, b"]]>").map_or(bytes.len(), |e| e + 3)
                } else {
                    find(bytes, lt + 2, b">").map_or(bytes.len(), |e| e + 1)
                };
                i = end;
                text_start = end;
                continue;
            }
            if next == b'?' {
                self.text(text_start, lt);
                let end = find(bytes, lt + 2, b">").map_or(bytes.len(), |e| e + 1);
                i = end;
                text_start = end;
                continue;
            }
            let closing = next == b'/';
            let name_start = lt + 1 + usize::from(closing);
            if !bytes
                .get(name_start)
                .is_some_and(|c| c.is_ascii_alphabetic())
            {
                // Not a tag: `<` stays in the text ("a < b", "</ >").
                i = lt + 1;
                continue;
            }
            self.text(text_start, lt);
            let mut j = name_start;
            while j < bytes.len() && is_name_byte(bytes[j]) {
                j += 1;
            }
            let name = &bytes[name_start..j];
            let tag = tag_of(name);
            let hash = lower_hash(name);
            let attr_start = self.dom.attrs.len() as u32;
            let (end, self_closing) = self.attributes(j, closing);
            if closing {
                self.end_tag(tag, hash);
                i = end;
                text_start = end;
                continue;
            }
            let attrs = (attr_start, self.dom.attrs.len() as u32);
            let id = self.start_tag(tag, hash, attrs, self_closing);
            i = end;
            text_start = end;
            if tag.is_raw_text() && !self_closing {
                let close = find_end_tag(bytes, end, name).unwrap_or(bytes.len());
                if close > end {
                    self.push_node(Kind::Text, 0, id, end as u32, close as u32);
                }
                if self.stack.last() == Some(&id) {
                    self.stack.pop();
                }
                let after = find(bytes, close, b">").map_or(bytes.len(), |e| e + 1);
                i = after;
                text_start = after;
            }
        }
        self.text(text_start, bytes.len());
    }

    /// Reads attributes from `i` to the end of the tag. Returns the position after `>` and
    /// whether the tag ended with `/>`.
    fn attributes(&mut self, mut i: usize, closing: bool) -> (usize, bool) {
        let bytes = self.dom.src.as_bytes();
        let n = bytes.len();
        loop {
            while i < n && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                    return (i + 2, true);
                }
                i += 1;
            }
            if i >= n {
                return (n, false);
            }
            if bytes[i] == b'>' {
                return (i + 1, false);
            }
            let ns = i;
            while i < n
                && !matches!(bytes[i], b'=' | b'>' | b'/')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let ne = i;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (vs, ve) = if i < n && bytes[i] == b'=' {
                i += 1;
                while i < n && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let vs = i + 1;
                        let ve = bytes[vs..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(n, |p| vs + p);
                        i = (ve + 1).min(n);
                        (vs, ve)
                    }
                    _ => {
                        let vs = i;
                        while i < n && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                            i += 1;
                        }
                        (vs, i)
                    }
                }
            } else {
                (ne, ne)
            };
            if !closing && ne > ns && self.dom.attrs.len() < u32::MAX as usize {
                // Keep byte ranges on char boundaries: a range ending inside a multi-byte
                // character cannot happen, because every delimiter above is ASCII.
                self.dom.attrs.push(Attr {
                    name: (ns as u32, ne as u32),
                    value: (vs as u32, ve as u32),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom, n: u32) -> Vec<String> {
        dom.descendants(n)
            .filter(|&d| dom.nodes[d as usize].kind == Kind::Text)
            .map(|d| dom.text(d).into_owned())
            .collect()
    }

    #[test]
    fn builds_a_tree_with_implied_ends() {
        let dom = Dom::parse("<html><body><p>One<p>Two <b>bold</b><ul><li>a<li>b</ul></body>");
        let ps: Vec<u32> = dom.elements(Tag::P).collect();
        assert_eq!(ps.len(), 2);
        assert_eq!(dom.inner_text(ps[0]), "One");
        assert_eq!(dom.inner_text(ps[1]), "Two bold");
        let lis: Vec<u32> = dom.elements(Tag::Li).collect();
        assert_eq!(lis.len(), 2);
        assert_eq!(
            dom.nodes[lis[1] as usize].parent,
            dom.nodes[lis[0] as usize].parent
        );
    }

    #[test]
    fn raw_text_and_comments() {
        let dom = Dom::parse(
            "<p>a<!-- <p>no --></p><script>if (a<b) { x = '</p>' }</script><p>b &amp; c</p>",
        );
        let ps: Vec<u32> = dom.elements(Tag::P).collect();
        assert_eq!(ps.len(), 2);
        assert_eq!(dom.inner_text(ps[1]), "b & c");
        let s = dom.elements(Tag::Script).next().unwrap();
        assert!(texts(&dom, s)[0].contains("x = '</p>'"));
    }

    #[test]
    fn attributes_in_all_quotings() {
        let dom = Dom::parse(
            r#"<meta property="og:title" content='A "quoted" title'><a href=/x?a=1&amp;b=2 data-x>l</a>"#,
        );
        let m = dom.elements(Tag::Meta).next().unwrap();
        assert_eq!(
            dom.attr(m, "content").as_deref(),
            Some("A \"quoted\" title")
        );
        let a = dom.elements(Tag::A).next().unwrap();
        assert_eq!(dom.attr(a, "href").as_deref(), Some("/x?a=1&b=2"));
        assert_eq!(dom.attr(a, "data-x").as_deref(), Some(""));
        assert_eq!(dom.attr(a, "HREF").as_deref(), Some("/x?a=1&b=2"));
    }

    #[test]
    fn stray_end_tags_and_text_lt() {
        let dom = Dom::parse("<div>x < y</span></div><div>z</div>");
        let divs: Vec<u32> = dom.elements(Tag::Div).collect();
        assert_eq!(divs.len(), 2);
        assert_eq!(dom.inner_text(divs[0]), "x < y");
        assert_eq!(dom.nodes[divs[1] as usize].parent, 0);
    }

    #[test]
    fn an_unclosed_head_ends_where_the_body_begins() {
        let dom = Dom::parse(
            "<html><head><title>T</title><meta charset=utf-8><body><p>Text</p></body></html>",
        );
        let p = dom.elements(Tag::P).next().unwrap();
        let body = dom.nodes[p as usize].parent;
        assert_eq!(dom.tag(body), Some(Tag::Body));
        assert_eq!(dom.tag(dom.nodes[body as usize].parent), Some(Tag::Html));
        let dom = Dom::parse("<head><title>T</title><div>Stray</div></head><p>x</p>");
        let div = dom.elements(Tag::Div).next().unwrap();
        assert_ne!(dom.tag(dom.nodes[div as usize].parent), Some(Tag::Head));
    }

    #[test]
    fn a_subtree_can_be_skipped() {
        let dom = Dom::parse("<div><p>a</p><script>x</script><p>b<b>c</b></p></div>");
        let mut it = dom.descendants(0);
        let mut seen = String::new();
        while let Some(n) = it.next() {
            match dom.tag(n) {
                Some(Tag::Script) => it.skip_subtree(n),
                Some(_) => {}
                None => seen.push_str(&dom.text(n)),
            }
        }
        assert_eq!(seen, "abc");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let page = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        let dom = Dom::parse(&page);
        assert_eq!(dom.inner_text(0), "deep");
        let mut depth = 0;
        let mut n = dom.elements(Tag::Div).last().unwrap();
        while n != NONE {
            depth += 1;
            n = dom.nodes[n as usize].parent;
        }
        assert!(depth <= MAX_DEPTH + 1);
    }

    #[test]
    fn truncated_pages_do_not_panic() {
        for page in [
            "<",
            "<a",
            "<a href=\"",
            "<!--",
            "<script>x",
            "</",
            "<p>a</p",
            "<a b='c",
        ] {
            let dom = Dom::parse(page);
            let _ = dom.inner_text(0);
        }
    }

    #[test]
    fn multibyte_text_keeps_its_characters() {
        let dom = Dom::parse("<p>Zürich – 東京 &eacute;t&eacute;</p>");
        assert_eq!(dom.inner_text(0), "Zürich – 東京 été");
    }
}
