//! The plain-text stage: a [`RawDoc`] in, an [`Article`] out.
//!
//! 1. normalise the text into lines;
//! 2. classify each line alone ([`crate::residue::classify`]);
//! 3. apply the context rules: the repeated headline, button words after a nag or a
//!    consent box, headline lists after "Related"/"Most read", section labels and
//!    kickers above the headline;
//! 4. find the headline and a standfirst, join hard-wrapped lines into paragraphs,
//!    split sentences; collect byline, dates and URL from the metadata lines.

use crosscheck_model::{Article, RawDoc, Removed, RemovedReason as R, Span};

use crate::dates::{self, DateKind, When};
use crate::normalize::{self, key};
use crate::residue::{self, ends_sentence, headline_like, word_count, Hit};
use crate::{sentences, ExtractError};

/// Settings of the cleaner. Defaults are the documented behaviour.
#[derive(Debug, Clone)]
pub struct CleanConfig {
    /// How many lines after a "Related"/"Most read" header may be taken as links.
    pub max_list_lines: usize,
    /// How many lines after an ad-blocker nag or consent notice may be button words.
    pub max_button_lines: usize,
    /// Longest standfirst, in words.
    pub max_standfirst_words: usize,
    /// The ingest time (unix seconds): a date later than it, or than the page's crawl
    /// time, is not a publication date ("Next review due: 11 Jan 2029"). The orchestrator
    /// sets it; `None` accepts any date.
    pub latest_date: Option<i64>,
}

impl Default for CleanConfig {
    fn default() -> Self {
        Self {
            max_list_lines: 12,
            max_button_lines: 5,
            max_standfirst_words: 60,
            latest_date: None,
        }
    }
}

/// The runtime cleaner built from a [`CleanConfig`].
#[derive(Debug, Clone, Default)]
pub struct Cleaner {
    cfg: CleanConfig,
}

#[derive(Debug, Clone, PartialEq)]
enum Label {
    Blank,
    Content,
    Title,
    Standfirst,
    Removed(Hit),
}

/// What the cleaner starts from: the input's fields, or what was read from a page.
struct Given<'a> {
    text: std::borrow::Cow<'a, str>,
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    byline: Option<String>,
    outlet: Option<String>,
    lang: Option<String>,
    /// Read from a web page.
    web: bool,
}

impl CleanConfig {
    pub fn build(self) -> Cleaner {
        Cleaner { cfg: self }
    }
}

impl Cleaner {
    /// Cleans one document. Fails only when no article text is left. A web page is read
    /// first ([`crate::html`]): its paragraphs become the text, and the page's title, date,
    /// URL, authors and site name fill what the input record leaves out.
    pub fn run(&self, raw: &RawDoc) -> Result<Article, ExtractError> {
        self.run_learned(raw, None)
    }

    /// [`Cleaner::run`], also taking out the lines `furniture` says are page furniture
    /// (learned from the store, see [`crate::furniture`]).
    pub fn run_learned(
        &self,
        raw: &RawDoc,
        furniture: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<Article, ExtractError> {
        let rec = &raw.record;
        let Some(html) = &rec.html else {
            let given = Given {
                text: std::borrow::Cow::Borrowed(&rec.text),
                title: rec.title.clone(),
                published: rec.published.clone(),
                url: rec.url.clone(),
                byline: None,
                outlet: rec.outlet.clone(),
                lang: None,
                web: false,
            };
            return self.run_text(raw, given, furniture);
        };
        let page = crate::html::read_page(html, rec.url.as_deref());
        if let Some(why) = page.no_content {
            return Err(ExtractError::NotAnArticle {
                why: why.to_string(),
                // The model's kind, also when the reader refused first (a page of links
                // is a listing); a page with no visible text has none.
                page_type: match why {
                    crate::html::NoContent::NotArticleKind { kind, .. } => Some(kind),
                    crate::html::NoContent::Empty => None,
                    _ => Some(page.page_type.kind).filter(|k| *k != "article"),
                },
                by_model: matches!(why, crate::html::NoContent::NotArticleKind { .. }),
            });
        }
        let m = page.meta;
        let url = rec.url.clone().or(m.url);
        let outlet = rec
            .outlet
            .clone()
            .or(m.outlet)
            .or_else(|| url.as_deref().and_then(crosscheck_model::url_host))
            .or_else(|| raw.folder.clone());
        let text = page.paragraphs.join("\n\n");
        // The language the text is in, else the declared one (templates declare the
        // site's default).
        let lang = crate::lang::settle(m.lang, &text);
        let given = Given {
            text: std::borrow::Cow::Owned(text),
            title: rec.title.clone().or(m.title),
            published: rec.published.clone().or(m.published),
            url,
            byline: m.byline,
            outlet,
            lang,
            web: true,
        };
        self.run_text(raw, given, furniture)
    }

    /// The latest moment a publication date can name: the earlier of the ingest time and
    /// the page's crawl time (a WARC record's date), plus a day for time zones.
    fn latest_date(&self, raw: &RawDoc) -> Option<chrono::NaiveDateTime> {
        let crawled = raw
            .record
            .meta
            .get("warc_date")
            .and_then(serde_json::Value::as_str)
            .and_then(dates::parse)
            .map(|w| w.earliest().and_utc().timestamp());
        let limit = match (self.cfg.latest_date, crawled) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        chrono::DateTime::from_timestamp(limit.saturating_add(86_400), 0).map(|t| t.naive_utc())
    }

    fn run_text(
        &self,
        raw: &RawDoc,
        rec: Given<'_>,
        furniture: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<Article, ExtractError> {
        let lines = normalize::lines(&rec.text);
        let title_field = rec
            .title
            .as_deref()
            .map(normalize::collapse_spaces)
            .filter(|t| !t.is_empty());
        let mut labels: Vec<Label> = lines
            .iter()
            .map(|l| {
                if l.is_empty() {
                    Label::Blank
                } else {
                    residue::classify(l).map_or(Label::Content, Label::Removed)
                }
            })
            .collect();
        if let Some(is_furniture) = furniture {
            for (line, label) in lines.iter().zip(labels.iter_mut()) {
                if *label == Label::Content && is_furniture(line) {
                    *label = Label::Removed(hit_of(R::Furniture));
                }
            }
        }

        self.mark_title_repeated(&lines, &mut labels, title_field.as_deref());
        self.mark_followers(&lines, &mut labels);
        mark_sandwiched(&lines, &mut labels);
        mark_name_and_role(&lines, &mut labels);
        // A web page's headline comes from the page (og:title, h1, <title>), never from the
        // first line of its text.
        let title_from_text = self.mark_top(&lines, &mut labels, title_field.is_some() || rec.web);
        let standfirst_idx = if title_from_text.is_some() || has_label(&labels, R::TitleRepeated) {
            self.find_standfirst(&lines, &labels)
        } else {
            None
        };
        if let Some(i) = standfirst_idx {
            labels[i] = Label::Standfirst;
        }

        let title = title_field.or_else(|| title_from_text.map(|i| lines[i].clone()));
        let (body, paragraphs) = assemble(&lines, &labels);
        if body.is_empty() {
            let removed = labels
                .iter()
                .filter(|l| matches!(l, Label::Removed(_)))
                .count();
            let furniture = labels
                .iter()
                .filter(|l| matches!(l, Label::Removed(h) if h.reason == R::Furniture))
                .count();
            if furniture > 0 {
                return Err(ExtractError::OnlyFurniture {
                    furniture,
                    removed: removed - furniture,
                });
            }
            return Err(ExtractError::NoText { removed });
        }
        let mut sents = Vec::new();
        for p in &paragraphs {
            let text = p.of(&body);
            for (s, e) in sentences::split(text) {
                sents.push(Span {
                    start: p.start + s as u32,
                    end: p.start + e as u32,
                });
            }
        }

        let mut removed = Vec::new();
        let mut byline = None;
        let mut found_dates: Vec<(DateKind, When)> = Vec::new();
        let mut url_line = None;
        for (line, label) in lines.iter().zip(&labels) {
            if let Label::Removed(hit) = label {
                removed.push(Removed {
                    text: line.clone(),
                    reason: hit.reason,
                });
                if byline.is_none() {
                    byline = hit.byline.clone();
                }
                found_dates.extend(hit.dates.iter().copied());
                if url_line.is_none() {
                    url_line = hit.url.clone();
                }
            }
        }
        let limit = self.latest_date(raw);
        let possible = |w: &When| limit.is_none_or(|l| w.earliest() <= l);
        found_dates.retain(|(_, w)| possible(w));
        let published = rec
            .published
            .as_deref()
            .and_then(dates::parse)
            .filter(possible)
            .or_else(|| pick_published(&found_dates));
        let byline = rec
            .byline
            .or(byline)
            .or_else(|| byline_from_meta(&raw.record.meta));
        // A bare link line in the body names the article only when it could name one.
        let url = rec
            .url
            .clone()
            .or(url_line.filter(|u| crosscheck_model::is_article_url(u)));
        // Last resort: the day many news URLs carry in their path.
        let published = published
            .or_else(|| url.as_deref().and_then(dates::from_url).map(When::Day))
            .filter(possible)
            .map(|w| w.normalized());
        // Versions chain on a URL only when it names one article, not a site or section.
        let version_key = url
            .as_deref()
            .filter(|u| crosscheck_model::is_article_url(u))
            .and_then(normalize_url)
            .or_else(|| raw.file_key.as_ref().map(|p| format!("file:{p}")))
            .unwrap_or_else(|| format!("id:{}", raw.id));
        // A web page's was settled from its text already; a record's own `lang` /
        // `language` field is the user's word and stands; else the one the body is in.
        let lang = rec
            .lang
            .or_else(|| lang_from_meta(&raw.record.meta))
            .or_else(|| crate::lang::detect(&body));
        Ok(Article {
            id: raw.id.clone(),
            source: raw.source.clone(),
            kind: raw.kind,
            record: raw.record.clone(),
            outlet: rec.outlet,
            version_key,
            url,
            title,
            standfirst: standfirst_idx.map(|i| lines[i].clone()),
            byline,
            published,
            body,
            paragraphs,
            sentences: sents,
            removed,
            decoded_from: raw.decoded_from.clone(),
            lang,
        })
    }

    fn mark_title_repeated(&self, lines: &[String], labels: &mut [Label], title: Option<&str>) {
        let Some(title) = title else { return };
        let tk = key(title);
        if tk.is_empty() {
            return;
        }
        let head = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| **l != Label::Blank)
            .take(8);
        let hit = head.map(|(i, _)| i).find(|&i| key(&lines[i]) == tk);
        if let Some(i) = hit {
            labels[i] = Label::Removed(hit_of(R::TitleRepeated));
        }
    }

    /// Button words after a nag or consent box; link lists after a list header.
    fn mark_followers(&self, lines: &[String], labels: &mut [Label]) {
        let mut i = 0;
        while i < lines.len() {
            let (reason, opens_list) = match &labels[i] {
                Label::Removed(h) => (h.reason, h.opens_list),
                _ => {
                    i += 1;
                    continue;
                }
            };
            if matches!(reason, R::AdBlocker | R::CookieNotice | R::Newsletter) {
                let mut seen = 0;
                let mut j = i + 1;
                while j < lines.len() && seen < self.cfg.max_button_lines {
                    match &labels[j] {
                        Label::Blank => {}
                        Label::Content
                            if residue::is_button(&lines[j])
                                || (reason == R::AdBlocker && is_nag_sentence(&lines[j])) =>
                        {
                            labels[j] = Label::Removed(hit_of(reason));
                        }
                        Label::Removed(h)
                            if h.reason == reason
                                || matches!(
                                    h.reason,
                                    R::Navigation | R::SharePrompt | R::Newsletter
                                ) => {}
                        _ => break,
                    }
                    seen += 1;
                    j += 1;
                }
            }
            if opens_list {
                // Under "Related": headlines. Under "Related Topics": one- to four-word topics.
                let is_item = |l: &str| match reason {
                    R::TagList => word_count(l) <= 4 && !ends_sentence(l),
                    _ => (headline_like(l) || residue::title_cased(l)) && word_count(l) >= 3,
                };
                let mut taken = 0;
                let mut j = i + 1;
                while j < lines.len() && taken < self.cfg.max_list_lines {
                    match &labels[j] {
                        Label::Blank => {}
                        Label::Content if is_item(&lines[j]) => {
                            labels[j] = Label::Removed(hit_of(reason));
                            taken += 1;
                        }
                        Label::Removed(h)
                            if matches!(
                                h.reason,
                                R::ReadMore | R::Dateline | R::Caption | R::TagList
                            ) => {}
                        _ => break,
                    }
                    j += 1;
                }
                // A header with nothing after it that looks like links is still a header.
            }
            i += 1;
        }
    }

    /// Section labels and kickers above the headline; returns the headline's line when
    /// the title comes from the text.
    fn mark_top(&self, lines: &[String], labels: &mut [Label], title_given: bool) -> Option<usize> {
        let content: Vec<usize> = (0..lines.len())
            .filter(|&i| matches!(labels[i], Label::Content))
            .collect();
        let repeated = labels
            .iter()
            .position(|l| matches!(l, Label::Removed(h) if h.reason == R::TitleRepeated));
        let mut k = 0;
        // Lines above a repeated headline that are not prose are page furniture.
        while k < content.len() {
            let i = content[k];
            if repeated.is_some_and(|r| i > r) {
                break;
            }
            let short = word_count(&lines[i]) <= 4 && !ends_sentence(&lines[i]);
            if residue::is_section_label(&lines[i]) || (repeated.is_some() && short) {
                labels[i] = Label::Removed(hit_of(R::SectionLabel));
                k += 1;
                continue;
            }
            // A kicker: a few words above a longer headline ("Flood crisis" / "Rivers burst ...").
            let next = content.get(k + 1).copied();
            let next_is_headline = next.is_some_and(|n| {
                headline_like(&lines[n])
                    && word_count(&lines[n]) >= 4
                    && !continues(lines, labels, n)
                    && (repeated.is_none() || repeated == Some(n))
                    && (n == i + 1 || !lines.iter().any(String::is_empty))
            });
            let kicker_shape = word_count(&lines[i]) <= 3
                && !ends_sentence(&lines[i])
                && !lines[i].chars().any(|c| c.is_ascii_digit())
                && !lines[i].ends_with([':', '?', '!']);
            if !title_given
                && kicker_shape
                && next_is_headline
                && follows_with_text(lines, labels, next)
            {
                labels[i] = Label::Removed(hit_of(R::SectionLabel));
                k += 1;
                continue;
            }
            break;
        }
        if title_given {
            return None;
        }
        let first = content.get(k).copied()?;
        if headline_like(&lines[first])
            && !ends_sentence(&lines[first])
            && !continues(lines, labels, first)
        {
            labels[first] = Label::Title;
            return Some(first);
        }
        None
    }

    fn find_standfirst(&self, lines: &[String], labels: &[Label]) -> Option<usize> {
        let start = labels.iter().position(|l| {
            *l == Label::Title || matches!(l, Label::Removed(h) if h.reason == R::TitleRepeated)
        })?;
        let cand = (start + 1..lines.len()).find(|&i| labels[i] == Label::Content)?;
        let wc = word_count(&lines[cand]);
        let wrapped_on = labels.get(cand + 1) == Some(&Label::Content)
            && !ends_sentence(&lines[cand])
            && is_hard_wrapped(lines, labels);
        if continues(lines, labels, cand)
            || wrapped_on
            || wc < 5
            || wc > self.cfg.max_standfirst_words
        {
            return None;
        }
        let next_content = (cand + 1..lines.len()).find(|&i| labels[i] == Label::Content)?;
        let metadata_between = labels[cand + 1..next_content].iter().any(|l| {
            matches!(l, Label::Removed(h) if matches!(h.reason, R::Byline | R::Dateline | R::ListenPrompt))
        });
        let no_period = !ends_sentence(&lines[cand]) && !lines[cand].ends_with(':');
        (metadata_between || no_period).then_some(cand)
    }
}

/// A short line between two lines of the same nag, consent box or newsletter block
/// belongs to that block ("Newsletter" / "The best of our writing, every Friday." / "Sign up").
fn mark_sandwiched(lines: &[String], labels: &mut [Label]) {
    let reason_at = |labels: &[Label], i: usize| match &labels[i] {
        Label::Removed(h) if matches!(h.reason, R::AdBlocker | R::CookieNotice | R::Newsletter) => {
            Some(h.reason)
        }
        _ => None,
    };
    for i in 1..lines.len().saturating_sub(1) {
        if labels[i] != Label::Content {
            continue;
        }
        let before = (0..i).rev().find(|&j| labels[j] != Label::Blank);
        let after = (i + 1..lines.len()).find(|&j| labels[j] != Label::Blank);
        if let (Some(b), Some(a)) = (before, after) {
            if let (Some(rb), Some(ra)) = (reason_at(labels, b), reason_at(labels, a)) {
                if rb == ra && word_count(&lines[i]) <= 15 {
                    labels[i] = Label::Removed(hit_of(rb));
                }
            }
        }
    }
}

/// A byline without "By": a name line followed by a role line ("Ruth Kale" /
/// "Business reporter"), near the top of the text.
fn mark_name_and_role(lines: &[String], labels: &mut [Label]) {
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| labels[i] == Label::Content)
        .take(8)
        .collect();
    for w in content.windows(2) {
        let (name, role) = (w[0], w[1]);
        if role == name + 1
            && residue::is_name_line(&lines[name])
            && residue::is_role_line(&lines[role])
        {
            let mut hit = hit_of(R::Byline);
            hit.byline = Some(lines[name].clone());
            labels[name] = Label::Removed(hit);
            labels[role] = Label::Removed(hit_of(R::Byline));
            return;
        }
    }
}

/// The line runs on into the next one (a hard-wrapped line of prose).
fn continues(lines: &[String], labels: &[Label], i: usize) -> bool {
    labels.get(i + 1) == Some(&Label::Content)
        && lines[i + 1].chars().next().is_some_and(char::is_lowercase)
}

fn hit_of(reason: R) -> Hit {
    Hit {
        reason,
        byline: None,
        dates: Vec::new(),
        url: None,
        opens_list: false,
    }
}

fn has_label(labels: &[Label], reason: R) -> bool {
    labels
        .iter()
        .any(|l| matches!(l, Label::Removed(h) if h.reason == reason))
}

fn is_nag_sentence(line: &str) -> bool {
    let l = line.to_lowercase();
    word_count(line) <= 40
        && (l.contains("whitelist")
            || l.contains("ad blocker")
            || l.contains("adblock")
            || l.contains("advertising revenue")
            || l.contains("ads help")
            || l.contains("our ads")
            || l.contains("supports our journalism"))
}

/// True when some prose follows line `after` (so the line is a headline, not the end).
fn follows_with_text(lines: &[String], labels: &[Label], after: Option<usize>) -> bool {
    let Some(a) = after else { return false };
    (a + 1..lines.len()).any(|i| {
        labels[i] == Label::Content && (ends_sentence(&lines[i]) || word_count(&lines[i]) > 12)
    })
}

/// A JSON record's own language field.
fn lang_from_meta(meta: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    ["lang", "language"]
        .iter()
        .filter_map(|k| meta.get(*k)?.as_str())
        .map(str::trim)
        .find(|s| !s.is_empty() && s.len() <= 16)
        .map(str::to_string)
}

/// A byline from input fields such as `author`, `authors` or `byline` (a string, or a
/// list of strings or of objects with a `name`).
fn byline_from_meta(meta: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    use serde_json::Value;
    let name = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        _ => None,
    };
    ["byline", "author", "authors", "creator", "by"]
        .iter()
        .find_map(|k| {
            let names: Vec<String> = match meta.get(*k)? {
                Value::Array(items) => items.iter().filter_map(name).collect(),
                v => name(v).into_iter().collect(),
            };
            let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
            (!names.is_empty()).then(|| names.join(", "))
        })
}

/// Prefers an explicit "Published" date, then an unlabelled one, then "Updated".
fn pick_published(found: &[(DateKind, When)]) -> Option<When> {
    [DateKind::Published, DateKind::Plain, DateKind::Updated]
        .iter()
        .find_map(|k| found.iter().find(|(fk, _)| fk == k).map(|(_, w)| *w))
}

/// Most adjacent pairs of content lines break mid-sentence: the text is hard-wrapped.
fn is_hard_wrapped(lines: &[String], labels: &[Label]) -> bool {
    let prose = |i: usize| matches!(labels[i], Label::Content | Label::Standfirst);
    let pairs: Vec<usize> = (0..lines.len().saturating_sub(1))
        .filter(|&i| prose(i) && prose(i + 1))
        .collect();
    let open = pairs.iter().filter(|&&i| !ends_sentence(&lines[i])).count();
    pairs.len() >= 2 && open * 2 >= pairs.len()
}

/// Joins content lines into paragraphs. Lines separated by a blank line or by a removed
/// line are separate paragraphs; consecutive lines are joined when the first does not
/// end a sentence and the text is hard-wrapped (or the next line starts in lower case).
fn assemble(lines: &[String], labels: &[Label]) -> (String, Vec<Span>) {
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| labels[i] == Label::Content)
        .collect();
    let wrapped = is_hard_wrapped(lines, labels);
    let mut paras: Vec<String> = Vec::new();
    let mut prev: Option<usize> = None;
    for &i in &content {
        let line = &lines[i];
        let join = prev.is_some_and(|p| {
            p + 1 == i
                && !ends_sentence(&lines[p])
                && !lines[p].ends_with(':')
                && (wrapped || line.chars().next().is_some_and(char::is_lowercase))
        });
        match paras.last_mut() {
            Some(last) if join => {
                if last.ends_with('-')
                    && line.chars().next().is_some_and(char::is_lowercase)
                    && !last.ends_with(" -")
                {
                    last.pop();
                } else {
                    last.push(' ');
                }
                last.push_str(line);
            }
            _ => paras.push(line.clone()),
        }
        prev = Some(i);
    }
    let mut body = String::new();
    let mut spans = Vec::with_capacity(paras.len());
    for p in paras {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let start = body.len() as u32;
        body.push_str(&p);
        spans.push(Span {
            start,
            end: body.len() as u32,
        });
    }
    (body, spans)
}

/// The version key of a URL: scheme and host lower-cased, `www.`, fragment, tracking
/// parameters and a trailing slash removed.
pub fn normalize_url(u: &str) -> Option<String> {
    let mut parsed = url::Url::parse(u.trim()).ok()?;
    parsed.set_fragment(None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !(k.starts_with("utm_")
                || matches!(
                    k.as_str(),
                    "fbclid" | "gclid" | "mc_cid" | "mc_eid" | "ocid" | "cmpid" | "smid" | "ref"
                ))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let path = parsed.path().trim_end_matches('/');
    let query = parsed.query().map(|q| format!("?{q}")).unwrap_or_default();
    Some(format!("{}://{}{}{}", parsed.scheme(), host, path, query))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_model::{InputRecord, SourceKind};

    fn clean(text: &str) -> Article {
        clean_rec(InputRecord {
            text: text.into(),
            ..Default::default()
        })
    }

    fn clean_rec(rec: InputRecord) -> Article {
        let raw = RawDoc::new("t.txt".into(), SourceKind::Text, None, rec);
        CleanConfig::default().build().run(&raw).expect("article")
    }

    /// Regression: "Next review due: 11 Jan 2029" was taken as the publication date, and
    /// the story sorted to the top of `stories` as 2029.
    #[test]
    fn regression_a_date_after_the_ingest_time_is_not_the_publication_date() {
        let page = "<html><head><title>Harbour pilots strike</title></head><body><article>\
                    <h1>Harbour pilots strike</h1><p>Next review due: 11 Jan 2029</p>\
                    <p>Harbour pilots walked out on Friday over new night-shift rotas, leaving \
                    three cargo ships waiting at anchor outside Port Aldren.</p>\
                    <p>The union said talks with the port authority would resume next week.</p>\
                    </article></body></html>";
        let raw = RawDoc::new(
            "t.html".into(),
            SourceKind::Html,
            None,
            InputRecord {
                html: Some(page.into()),
                ..Default::default()
            },
        );
        let at = |when: &str| {
            let cfg = CleanConfig {
                latest_date: dates::parse(when).map(|w| w.earliest().and_utc().timestamp()),
                ..CleanConfig::default()
            };
            cfg.build().run(&raw).expect("article").published
        };
        assert_eq!(at("2026-12-06"), None);
        // Read after that day, the same line is a possible date.
        assert_eq!(at("2029-02-01").as_deref(), Some("2029-01-11"));
        // A crawl time bounds it too.
        let mut crawled = raw.clone();
        crawled
            .record
            .meta
            .insert("warc_date".into(), "2026-01-01T00:00:00Z".into());
        let cfg = CleanConfig::default();
        assert_eq!(cfg.build().run(&crawled).expect("article").published, None);
    }

    #[test]
    fn a_web_fragment_without_a_title_keeps_its_only_line() {
        let art = clean_rec(InputRecord {
            html: Some("<p>Harbour wall vote delayed again on Tuesday</p>".into()),
            ..Default::default()
        });
        assert_eq!(art.body, "Harbour wall vote delayed again on Tuesday");
        assert_eq!(art.title, None);
    }

    const SCRAPE: &str = "World News\narticle\nFlood crisis\nRiver Tamar bursts its banks as rain continues\nResidents in three villages were told to leave their homes overnight\nBy Mara Jensen | Published 3 June 2025, 14:05 BST\nListen to this article\nEmergency crews evacuated 240 people from Calverton early on Tuesday, officials said.\nAdvertisement\nThe Environment Office said Mr. Okafor's team had \"never seen\" levels like it.\nRead more: Ferry operators warn of summer delays\nAd Blocker Detected!\nPlease disable your ad blocker to support our journalism.\nRefresh\nPoliticsEconomyWeather\n© 2025 Harbour Media Group. All rights reserved.\n";

    #[test]
    fn cleans_a_typical_scrape() {
        let a = clean(SCRAPE);
        assert_eq!(
            a.title.as_deref(),
            Some("River Tamar bursts its banks as rain continues")
        );
        assert_eq!(
            a.standfirst.as_deref(),
            Some("Residents in three villages were told to leave their homes overnight")
        );
        assert_eq!(a.byline.as_deref(), Some("Mara Jensen"));
        assert_eq!(a.published.as_deref(), Some("2025-06-03T13:05:00Z"));
        assert_eq!(
            a.paragraph_texts(),
            vec![
                "Emergency crews evacuated 240 people from Calverton early on Tuesday, officials said.",
                "The Environment Office said Mr. Okafor's team had \"never seen\" levels like it."
            ]
        );
        let reasons: Vec<&str> = a.removed.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(
            reasons,
            vec![
                "section_label",
                "section_label",
                "section_label",
                "byline",
                "listen_prompt",
                "advertisement",
                "read_more",
                "ad_blocker",
                "ad_blocker",
                "ad_blocker",
                "tag_list",
                "copyright"
            ]
        );
        assert_eq!(a.sentences.len(), 2);
    }

    #[test]
    fn title_field_removes_repeated_headline_and_labels_above_it() {
        let a = clean_rec(InputRecord {
            title: Some("Bridge reopens after repairs".into()),
            text: "Local\nBridge reopens after repairs\nThe bridge reopened on Friday.".into(),
            ..Default::default()
        });
        assert_eq!(a.body, "The bridge reopened on Friday.");
        assert_eq!(a.removed[0].reason, R::SectionLabel);
        assert_eq!(a.removed[1].reason, R::TitleRepeated);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let a = clean("Storm hits coast\n\nThe storm reached the coast on\nMonday night and cut power to\nthousands of homes.\n\nRepairs began on Tuesday.");
        assert_eq!(
            a.paragraph_texts(),
            vec![
                "The storm reached the coast on Monday night and cut power to thousands of homes.",
                "Repairs began on Tuesday."
            ]
        );
    }

    #[test]
    fn no_headline_when_text_starts_with_prose() {
        let a = clean("The council voted on Monday to close the library. It will shut in May.");
        assert_eq!(a.title, None);
        assert_eq!(a.sentences.len(), 2);
    }

    #[test]
    fn related_header_takes_the_headlines_under_it() {
        let a = clean("Port strike ends\nDock workers returned on Monday after a deal was agreed.\nRelated\nUnion leader hails pay deal as a turning point\nShipping backlog may take weeks to clear\nThe deal runs for three years.");
        assert_eq!(a.paragraph_texts().len(), 2);
        assert_eq!(
            a.removed.iter().filter(|r| r.reason == R::ReadMore).count(),
            3
        );
    }

    /// Some scrapes end every line with a full stop, the related headlines too: their
    /// headline case still tells them from the article's prose, which stays.
    #[test]
    fn related_headlines_with_full_stops_are_taken_by_their_case() {
        let a = clean("Port strike ends\nDock workers returned on Monday after a deal was agreed.\n\"Related:\"\nUnion Leader Hails Pay Deal As A Turning Point.\nShipping Backlog May Take Weeks To Clear.\nThe deal runs for three years, the union said.");
        assert_eq!(
            a.removed.iter().filter(|r| r.reason == R::ReadMore).count(),
            3,
            "{:?}",
            a.removed
        );
        assert_eq!(a.sentences.len(), 2, "{:?}", a.sentences);
    }

    #[test]
    fn only_residue_is_an_error() {
        let raw = RawDoc::new(
            "x".into(),
            SourceKind::Text,
            None,
            InputRecord {
                text: "Advertisement\nShare this\n".into(),
                ..Default::default()
            },
        );
        let err = CleanConfig::default().build().run(&raw).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no article text left after removing 2 residue lines"
        );
    }

    #[test]
    fn byline_from_author_field() {
        let mut rec = InputRecord {
            text: "A ferry sank on Monday.".into(),
            ..Default::default()
        };
        rec.meta.insert(
            "authors".into(),
            serde_json::json!([{"name": "Ana Ruiz"}, "Tom Hale"]),
        );
        assert_eq!(clean_rec(rec).byline.as_deref(), Some("Ana Ruiz, Tom Hale"));
    }

    #[test]
    fn url_normalisation() {
        assert_eq!(
            normalize_url("HTTPS://www.Example.org/news/a/?utm_source=x&id=3#top").as_deref(),
            Some("https://example.org/news/a?id=3")
        );
    }
}

#[cfg(test)]
mod robustness {
    //! Input-derived text must never make a stage panic, and every span must point inside
    //! the body on character boundaries.
    use super::*;
    use crosscheck_model::{InputRecord, SourceKind};
    use proptest::prelude::*;

    fn odd_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Advertisement",
            "By Ana Ruiz",
            "U.S.",
            "Mr.",
            "…",
            "“quoted.”",
            "\r\n",
            "\n\n",
            "\t",
            "\u{a0}",
            "\u{200b}",
            "Ünïcödé",
            "日本語の文。",
            "١٢٣",
            "e\u{301}",
            "Published 3 June 2025",
            "© 2025",
            "Read more: x",
            "ABC",
            " ",
            ".",
            "?!",
            "PoliticsEconomyElections",
            "|",
            "http://x.example/a",
        ]);
        prop::collection::vec(
            prop_oneof![pieces.prop_map(String::from), any::<String>()],
            0..40,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn cleaner_never_panics_and_spans_are_valid(text in odd_text(), title in prop::option::of(odd_text())) {
            let raw = RawDoc::new("p".into(), SourceKind::Text, None, InputRecord { text, title, ..Default::default() });
            if let Ok(a) = CleanConfig::default().build().run(&raw) {
                for s in a.sentences.iter().chain(&a.paragraphs) {
                    prop_assert!(s.start <= s.end && (s.end as usize) <= a.body.len());
                    prop_assert!(a.body.is_char_boundary(s.start as usize) && a.body.is_char_boundary(s.end as usize));
                }
            }
        }

        #[test]
        fn line_level_stages_never_panic(line in odd_text()) {
            let _ = crate::residue::classify(&line);
            let _ = crate::dates::parse(&line);
            let _ = crate::dates::date_line(&line);
            for (s, e) in crate::sentences::split(&line) {
                prop_assert!(line.is_char_boundary(s) && line.is_char_boundary(e) && s <= e);
            }
        }
    }
}
