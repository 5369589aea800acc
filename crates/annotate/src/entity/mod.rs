//! Named entities: people, organisations, places and other names (CoNLL's PER, ORG, LOC,
//! MISC), each with a `key` that unites an article's mentions of one entity ("Nicolás
//! Maduro", "Maduro" → `nicolas-maduro`; "European Union", "EU" → `european-union`), and
//! news outlets named in the text flagged `media`.
//!
//! Data flow: sentence → [`tokens`] (Treebank-style) → [`tagger`] (averaged perceptron,
//! BILOU, greedy, document features) → spans → keys across the article → [`Entity`].
//! The model is trained by `crosscheck train ner --conll FILE --out
//! crates/annotate/models/ner.zst` (see README.md for the data and its licence) and
//! embedded in the binary.

use crate::tagger::{self, tokens, train, Compact, Model, TYPES};
use serde::Serialize;
use std::sync::OnceLock;

/// An entity mention. Offsets are bytes into the text given (the article body when it
/// comes from [`crate::Annotator`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub text: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub key: String,
    pub media: bool,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.zst");

/// The embedded model, decoded once.
pub fn model() -> &'static Model<Compact> {
    static MODEL: OnceLock<Model<Compact>> = OnceLock::new();
    MODEL.get_or_init(|| {
        train::decode(MODEL_BYTES).expect("the embedded entity model decodes (a test holds it)")
    })
}

/// Finds the entities of a document given as sentences (text, byte offset of the
/// sentence in the document), with the embedded model.
pub fn entities(sentences: &[(&str, usize)]) -> Vec<Entity> {
    entities_with(model(), sentences)
}

/// [`entities`] with a given model.
pub fn entities_with<W: tagger::Weights>(
    model: &Model<W>,
    sentences: &[(&str, usize)],
) -> Vec<Entity> {
    let toks: Vec<Vec<tokens::Span>> = sentences.iter().map(|(s, _)| tokens::tokens(s)).collect();
    let words: Vec<Vec<String>> = sentences
        .iter()
        .zip(&toks)
        .map(|((s, _), t)| t.iter().map(|t| s[t.start..t.end].to_string()).collect())
        .collect();
    let refs: Vec<&[String]> = words.iter().map(Vec::as_slice).collect();
    let labels = model.tag_document(&refs);
    let mut out = Vec::new();
    let mut sure = Vec::new();
    for (i, ((s, offset), t)) in sentences.iter().zip(&toks).enumerate() {
        for (a, b, ty) in name_spans(&words[i], tagger::spans(&labels[i])) {
            let (start, end) = (t[a].start, t[b - 1].end);
            let text = s[start..end].to_string();
            // "I'm", "We're": a pronoun capitalised at a sentence's start, never a name.
            if is_contracted_pronoun(&text) {
                continue;
            }
            let kind = if i == 0 && is_dateline(s, start, end) {
                sure.push(out.len());
                "LOC"
            } else if b == a + 1 && is_known_body(&words[i], a) {
                sure.push(out.len());
                "ORG"
            } else if a > 0 && is_personal_title(&words[i][a - 1]) {
                // "Mr. Obama", "President Obama" is a person, whatever a headline made of
                // "Obama".
                sure.push(out.len());
                "PER"
            } else {
                // A vessel's name after its noun is as sure as a dateline: it outvotes the
                // mentions without the noun.
                if TYPES[ty] != "LOC"
                    && (names_a_vessel(&words[i], a) || vessel_in_apposition(&words[i], b))
                {
                    sure.push(out.len());
                }
                TYPES[ty]
            };
            out.push(Entity {
                kind,
                key: String::new(),
                media: false,
                text,
                start: start + offset,
                end: end + offset,
                sentence: i,
            });
        }
    }
    resolve(&mut out);
    one_type_per_entity(&mut out, &sure);
    out
}

/// The rules over a sentence's tagged names (type indices into [`TYPES`]): a plural
/// possessive inside a name joins it, a person's titles are left out, and a name is
/// retyped by its last word.
pub fn name_spans(
    words: &[String],
    spans: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    split_at_a_person(
        words,
        known_bodies(words, join_plural_possessives(words, spans)),
    )
    .into_iter()
    .map(|(mut a, b, ty)| {
        // CoNLL leaves titles out of a person's name ("Attorney General Pam Bondi").
        while TYPES[ty] == "PER" && b - a > 1 && is_title(&words[a]) {
            a += 1;
        }
        // A headline in title case read as one name ("Hillary Clinton Goes After Donald
        // Trump"): a person's name ends before a capitalised verb or function word.
        let b = if TYPES[ty] == "PER" {
            (a + 1..b)
                .find(|&k| HEADLINE_WORDS.contains(&words[k].as_str()))
                .unwrap_or(b)
        } else {
            b
        };
        (a, b, retype(words, a, b, ty))
    })
    .collect()
}

/// "the American Federation of Teachers and Thomas Kennedy", "D-NJ and Tim Scott": a name
/// tagged across "and" where a given name and a surname follow it is two names, the second
/// a person's ("Marks and Spencer", "Procter and Gamble" stay whole: no given name follows).
fn split_at_a_person(
    words: &[String],
    spans: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let per = TYPES.iter().position(|t| *t == "PER").unwrap_or(0);
    let mut out = Vec::with_capacity(spans.len());
    for (a, b, ty) in spans {
        let cut = (a + 1..b.saturating_sub(2)).find(|&k| {
            words[k] == "and"
                && crate::words::given_name_gender(&words[k + 1]).is_some()
                && words[k + 2].starts_with(char::is_uppercase)
        });
        match cut {
            Some(k) => {
                out.push((a, k, retype(words, a, k, ty)));
                out.push((k + 1, b, per));
            }
            None => out.push((a, b, ty)),
        }
    }
    out
}

/// Companies and platforms that news names every day and the 1996 Reuters text the tagger
/// learned from never saw: it left "Google" and "TikTok" untagged, made "Twitter" a person
/// and "Amazon" a place. Our own list, of names that are bodies and nothing else when
/// capitalised ("Amazon" before "rainforest" or "river" aside).
const KNOWN_BODIES: &[&str] = &[
    "Airbnb",
    "Airbus",
    "Alibaba",
    "Alphabet",
    "Amazon",
    "Boeing",
    "ByteDance",
    "Facebook",
    "Google",
    "Huawei",
    "Instagram",
    "LinkedIn",
    "Lyft",
    "Microsoft",
    "Moderna",
    "Netflix",
    "Nvidia",
    "OpenAI",
    "PayPal",
    "Pfizer",
    "Reddit",
    "Samsung",
    "Snapchat",
    "SpaceX",
    "Spotify",
    "Starbucks",
    "Tencent",
    "Tesla",
    "TikTok",
    "Twitter",
    "Uber",
    "Walmart",
    "WhatsApp",
    "YouTube",
];

fn is_known_body(words: &[String], k: usize) -> bool {
    words[k].starts_with(|c: char| c.is_ascii_uppercase())
        && KNOWN_BODIES.binary_search(&words[k].as_str()).is_ok()
        && !words.get(k + 1).is_some_and(|n| {
            matches!(
                n.as_str(),
                "rainforest" | "river" | "River" | "basin" | "Basin" | "jungle" | "region"
            )
        })
}

/// A known body ([`KNOWN_BODIES`]) tagged alone is an organisation whatever the tagger
/// typed it, and one the tagger left out is added.
fn known_bodies(words: &[String], spans: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    let org = TYPES.iter().position(|t| *t == "ORG").unwrap_or(1);
    let mut out: Vec<(usize, usize, usize)> = spans
        .into_iter()
        .map(|(a, b, ty)| {
            if b == a + 1 && is_known_body(words, a) {
                (a, b, org)
            } else {
                (a, b, ty)
            }
        })
        .collect();
    let covered = |k: usize, out: &[(usize, usize, usize)]| out.iter().any(|s| s.0 <= k && k < s.1);
    let mut added = false;
    for k in 0..words.len() {
        if is_known_body(words, k) && !covered(k, &out) {
            out.push((k, k + 1, org));
            added = true;
        }
    }
    if added {
        out.sort_unstable();
    }
    out
}

/// Capitalised words of a headline that no person's name holds.
const HEADLINE_WORDS: &[&str] = &[
    "After", "Against", "And", "Are", "As", "At", "Calls", "For", "From", "Goes", "Has", "Have",
    "In", "Into", "Is", "Of", "On", "Or", "Over", "Says", "To", "Was", "Were", "With",
];

/// "Dockers' Alliance", "Farmers' Union", "Winners' Cup": a name tagged on both sides of a
/// plural possessive is one name (as CoNLL-2003 tags it), of the type of its head, the
/// part after the apostrophe.
fn join_plural_possessives(
    words: &[String],
    spans: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(last) = out.last_mut() {
            let b = last.1;
            let apostrophe = words.get(b).is_some_and(|w| w == "'" || w == "\u{2019}");
            let plural = words[b - 1].ends_with(['s', 'S']);
            let head = TYPES[s.2];
            if s.0 == b + 1 && apostrophe && plural && matches!(head, "ORG" | "MISC") {
                *last = (last.0, s.1, s.2);
                continue;
            }
            // "Velmora Sea Lines" read as a place and then a body of one word: the word
            // that heads a body's name ends the name before it.
            if s.0 == b && s.1 == b + 1 && is_body_head(&words[b]) {
                *last = (last.0, s.1, s.2);
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// One entity, one type within an article: the type most of its mentions got, a dateline
/// or a vessel's name after its noun counting ten times (their type is sure), ties to
/// the first mention's.
fn one_type_per_entity(out: &mut [Entity], sure: &[usize]) {
    let mut votes: std::collections::HashMap<&str, Vec<(&'static str, usize)>> = Default::default();
    let keys: Vec<String> = out.iter().map(|e| e.key.clone()).collect();
    for (i, e) in out.iter().enumerate() {
        let w = if sure.contains(&i) { 10 } else { 1 };
        let v = votes.entry(keys[i].as_str()).or_default();
        match v.iter_mut().find(|(k, _)| *k == e.kind) {
            Some(x) => x.1 += w,
            None => v.push((e.kind, w)),
        }
    }
    let best: std::collections::HashMap<&str, &'static str> = votes
        .iter()
        .map(|(k, v)| {
            let top = v.iter().map(|x| x.1).max().unwrap_or(0);
            let kind = v.iter().find(|x| x.1 == top).map_or("MISC", |x| x.0);
            (*k, kind)
        })
        .collect();
    for (i, e) in out.iter_mut().enumerate() {
        if let Some(k) = best.get(keys[i].as_str()) {
            e.kind = k;
        }
    }
}

/// The type of the name `words[a..b]` that the tagger gave type `ty`, after the rules of
/// a name's last word: "Sarnic Island", "Kestrel Strait" are no person; "Maritime Safety
/// Office", "Velmora Sea Lines" are a body, not a person or place.
pub fn retype(words: &[String], a: usize, b: usize, ty: usize) -> usize {
    let Some(last) = words.get(b.wrapping_sub(1)).filter(|_| b > a + 1) else {
        return ty;
    };
    let of = |name: &str| TYPES.iter().position(|t| *t == name).unwrap_or(ty);
    if TYPES[ty] != "LOC" && (names_a_vessel(words, a) || vessel_in_apposition(words, b)) {
        of("MISC")
    } else if TYPES[ty] == "PER" && is_place_head(last) {
        of("LOC")
    } else if TYPES[ty] == "ORG" && is_natural_feature(last) {
        // "Kestrel Strait", "Sarnic Island": water and land, not a body.
        of("LOC")
    } else if TYPES[ty] != "ORG" && is_body_head(last) {
        of("ORG")
    } else {
        ty
    }
}

/// "the ferry Aldren Star": the name after a vessel noun is a vessel's, no person's.
fn names_a_vessel(words: &[String], a: usize) -> bool {
    a > 0 && is_vessel_noun(&words[a - 1])
}

/// "the Aldren Star, a passenger ferry,": a name set beside a vessel noun.
fn vessel_in_apposition(words: &[String], b: usize) -> bool {
    words.get(b).is_some_and(|w| w == ",")
        && words
            .get(b + 1)
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "the"))
        && words
            .iter()
            .skip(b + 2)
            .take(3)
            .take_while(|w| w.chars().all(char::is_alphabetic))
            .any(|w| is_vessel_noun(w))
}

fn is_vessel_noun(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "ferry" | "ship" | "vessel" | "tanker" | "freighter" | "yacht" | "trawler" | "frigate"
    )
}

/// The last word of a place's name, never of a person's ("Island", "Strait", "Street").
fn is_place_head(w: &str) -> bool {
    is_natural_feature(w)
        || matches!(
            w,
            "Bay"
                | "Coast"
                | "Valley"
                | "Street"
                | "Avenue"
                | "Road"
                | "County"
                | "Province"
                | "Harbour"
                | "Harbor"
        )
}

/// The last word of a natural feature's name, which no organisation's name ends with
/// ("Bay" does: "Hudson's Bay").
fn is_natural_feature(w: &str) -> bool {
    matches!(
        w,
        "Island"
            | "Islands"
            | "Strait"
            | "Straits"
            | "Sea"
            | "River"
            | "Lake"
            | "Gulf"
            | "Mountains"
            | "Peninsula"
    )
}

/// The last word of an organisation's name, never of a person's or a place's.
fn is_body_head(w: &str) -> bool {
    w.starts_with(char::is_uppercase)
        && crate::words::BODY_NAME_HEADS.contains(&w.to_lowercase().as_str())
}

/// A dateline: the capitalised place that opens a wire report ("PORT ALDREN (Coastline
/// Wire) -", "TESSEL —"): at the start of the first sentence, no lower-case letter, then a
/// dash or the agency in brackets. It is a place whatever the tagger made of it.
fn is_dateline(sentence: &str, start: usize, end: usize) -> bool {
    let before = sentence.get(..start).unwrap_or("x");
    let name = sentence.get(start..end).unwrap_or("");
    before.trim().is_empty()
        && name.chars().any(char::is_uppercase)
        && !name.chars().any(char::is_lowercase)
        && crosscheck_model::dateline_end(sentence).is_some_and(|e| end <= e)
}

/// Each entity of an article once (by key and type), with its longest name, whether it
/// is an outlet, and how often it is named: what the store indexes.
pub fn counts(entities: &[Entity]) -> Vec<crosscheck_model::EntityCount> {
    let mut by: std::collections::BTreeMap<(&str, &str), crosscheck_model::EntityCount> =
        Default::default();
    for e in entities {
        let c =
            by.entry((e.key.as_str(), e.kind))
                .or_insert_with(|| crosscheck_model::EntityCount {
                    key: e.key.clone(),
                    kind: e.kind.to_string(),
                    name: e.text.clone(),
                    media: e.media,
                    mentions: 0,
                });
        c.mentions += 1;
        // The longest name, written as in running text rather than in capitals (a
        // dateline's "PORT ALDREN" reads "Port Aldren").
        let shouted = |t: &str| !t.chars().any(char::is_lowercase);
        let better = (shouted(&c.name) && !shouted(&e.text))
            || (shouted(&c.name) == shouted(&e.text) && e.text.len() > c.name.len());
        if better {
            c.name = e.text.clone();
        }
    }
    by.into_values().filter(|c| !c.key.is_empty()).collect()
}

/// Words of a title or rank written before a name.
/// A pronoun with a verb contracted onto it ("I'm", "We're", "They’ve", "It's").
fn is_contracted_pronoun(text: &str) -> bool {
    let t = text.replace('\u{2019}', "'").to_lowercase();
    let Some((head, tail)) = t.split_once('\'') else {
        return false;
    };
    matches!(
        head,
        "i" | "we" | "you" | "they" | "he" | "she" | "it" | "that" | "there" | "let" | "what"
    ) && matches!(tail, "m" | "re" | "ve" | "ll" | "d" | "s")
}

/// A title only a person bears, right before their name outside it ("Mr. Obama",
/// "President Obama"). Titles that also open the names of bodies ("General Motors", "Justice
/// Department", "Prime Minister" whose "Prime" is no title alone) are left out.
fn is_personal_title(w: &str) -> bool {
    is_title(w)
        && !matches!(
            w.trim_end_matches('.'),
            "Vice" | "Prime" | "General" | "Justice" | "Attorney" | "Secretary" | "Minister"
        )
}

fn is_title(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "President"
            | "Vice"
            | "Prime"
            | "Minister"
            | "Secretary"
            | "Attorney"
            | "General"
            | "Senator"
            | "Sen"
            | "Rep"
            | "Representative"
            | "Gov"
            | "Governor"
            | "Mayor"
            | "Judge"
            | "Justice"
            | "Chancellor"
            | "King"
            | "Queen"
            | "Prince"
            | "Princess"
            | "Pope"
            | "Sheikh"
            | "Dr"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Prof"
            | "Professor"
            | "Gen"
            | "Lt"
            | "Col"
            | "Colonel"
            | "Captain"
            | "Capt"
            | "Sgt"
            | "Sergeant"
            | "Admiral"
            | "Adm"
            | "Commander"
            | "Chief"
            | "Deputy"
            | "Speaker"
            | "Ambassador"
            | "Press"
            | "Foreign"
            | "Defense"
            | "Defence"
            | "Interior"
            | "Finance"
            | "Health"
            | "State"
            | "Chairman"
            | "Chairwoman"
            | "CEO"
            | "Director"
            | "Spokesman"
            | "Spokeswoman"
            | "Officer"
            | "Detective"
            | "Sheriff"
            | "Coach"
            | "Rev"
            | "Reverend"
            | "Bishop"
            | "Cardinal"
            | "Lord"
            | "Lady"
            | "Sir"
            | "Dame"
            | "Congressman"
            | "Congresswoman"
    )
}

/// Folds a name to its key form: lower case, common Latin accents dropped, words joined
/// by `-`, a leading "the" dropped.
pub fn key_of(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for w in name.split(|c: char| c.is_whitespace() || c == '-') {
        let w: String = w
            .chars()
            .filter_map(|c| {
                let c = fold(c);
                (c.is_alphanumeric() || c == '&').then(|| c.to_lowercase().next().unwrap_or(c))
            })
            .collect();
        if !w.is_empty() {
            words.push(w);
        }
    }
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words.join("-")
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => 'O',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ç' => 'c',
        'Ç' => 'C',
        c => c,
    }
}

/// The initials of a name's capitalised words ("European Union" → "EU").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Gives every mention its key: the longest mention of the same type in the article that
/// contains it as whole words at its start or end (surnames, short names), or whose
/// initials it is (acronyms); flags outlets.
fn resolve(mentions: &mut [Entity]) {
    use std::collections::HashMap;
    let keys: Vec<String> = mentions.iter().map(|m| key_of(&m.text)).collect();
    // Each word run at the start or end of a longer name → the longest such name (per
    // type); each multi-word name's initials → the name. Linear in the words named.
    let mut parts: HashMap<(&str, String), &str> = HashMap::new();
    let mut acronyms: HashMap<String, &str> = HashMap::new();
    for (m, k) in mentions.iter().zip(&keys) {
        let words: Vec<&str> = k.split('-').collect();
        if words.len() < 2 || words.len() > 12 {
            continue;
        }
        for n in 1..words.len() {
            for part in [words[..n].join("-"), words[words.len() - n..].join("-")] {
                let e = parts.entry((m.kind, part)).or_insert(k.as_str());
                if k.len() > e.len() || (k.len() == e.len() && k.as_str() < *e) {
                    *e = k.as_str();
                }
            }
        }
        if matches!(m.kind, "ORG" | "LOC" | "MISC") {
            let ini = initials(&m.text);
            if ini.len() >= 2 {
                let e = acronyms.entry(ini).or_insert(k.as_str());
                if k.len() > e.len() {
                    *e = k.as_str();
                }
            }
        }
    }
    let out: Vec<String> = mentions
        .iter()
        .zip(&keys)
        .map(|(m, k)| {
            let acronym = m.text.len() >= 2 && m.text.chars().all(|c| c.is_uppercase() || c == '.');
            parts
                .get(&(m.kind, k.clone()))
                .or_else(|| {
                    acronym
                        .then(|| acronyms.get(&m.text.replace('.', "")))
                        .flatten()
                })
                .map_or_else(|| k.clone(), |s| s.to_string())
        })
        .collect();
    for (m, k) in mentions.iter_mut().zip(out) {
        m.media = is_media(&k);
        if m.media {
            m.kind = "ORG";
        }
        m.key = k;
    }
}

/// Whether a key names a news outlet: a known one, or a name ending in a masthead word.
pub fn is_media(key: &str) -> bool {
    const KNOWN: &[&str] = &[
        "reuters",
        "associated-press",
        "ap",
        "afp",
        "agence-france-presse",
        "bloomberg",
        "cnn",
        "bbc",
        "nbc",
        "abc",
        "cbs",
        "npr",
        "pbs",
        "msnbc",
        "cnbc",
        "fox-news",
        "al-jazeera",
        "politico",
        "axios",
        "xinhua",
        "tass",
        "interfax",
        "ria-novosti",
        "kyodo",
        "yonhap",
        "dpa",
        "ansa",
        "efe",
        "anadolu",
        "der-spiegel",
        "le-monde",
        "el-pais",
        "haaretz",
        "semafor",
        "the-hill",
        "vice",
        "buzzfeed",
        "huffpost",
        "breitbart",
        "propublica",
        "the-intercept",
        "euronews",
        "france-24",
        "deutsche-welle",
        "sky-news",
        "itv",
        "channel-4",
        "cbc",
        "rte",
    ];
    const MASTHEAD: &[&str] = &[
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "telegraph",
        "guardian",
        "chronicle",
        "observer",
        "examiner",
        "inquirer",
        "courier",
        "news",
        "press",
        "radio",
        "tv",
        "television",
        "magazine",
        "mail",
        "express",
        "mirror",
        "dispatch",
        "bulletin",
        "star-tribune",
        "newsweek",
        "economist",
        "atlantic",
        "register",
        "sentinel",
        "enquirer",
        "reporter",
        "broadcasting",
        "newspaper",
        "daily",
        "wire",
    ];
    if KNOWN.contains(&key) {
        return true;
    }
    let last = key.rsplit('-').next().unwrap_or(key);
    key.contains('-') && MASTHEAD.contains(&last)
}

#[cfg(test)]
mod dateline_tests {
    #[test]
    fn a_dateline_is_a_place() {
        assert!(super::is_dateline(
            "PORT ALDREN (Coastline Wire) - A ferry",
            0,
            11
        ));
        assert!(super::is_dateline("TESSEL — Drone attacks", 0, 6));
        assert!(!super::is_dateline(
            "Port Aldren (Coastline Wire) - A ferry",
            0,
            11
        ));
        assert!(!super::is_dateline("The NATO summit", 4, 8));
        assert!(!super::is_dateline("LONDON 1996-08-30", 0, 6));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_plural_possessive_inside_a_name_joins_it() {
        let words: Vec<String> = [
            "The", "Dockers", "'", "Alliance", "and", "Vey", "'s", "Black", "Tide",
        ]
        .map(String::from)
        .to_vec();
        // ORG ORG across "Dockers ' Alliance" join; "Vey 's Black Tide" (singular) does not.
        let spans = vec![(1, 2, 1), (3, 4, 1), (5, 6, 0), (7, 9, 1)];
        assert_eq!(
            super::name_spans(&words, spans),
            vec![(1, 4, 1), (5, 6, 0), (7, 9, 1)]
        );
        let text = "The Dockers' Alliance is demanding a 9% pay rise.";
        let found = super::entities(&[(text, 0)]);
        assert!(
            found
                .iter()
                .any(|e| e.text == "Dockers' Alliance" && e.kind == "ORG"),
            "{found:?}"
        );
    }

    #[test]
    fn companies_the_1996_text_never_saw_are_bodies() {
        assert!(super::KNOWN_BODIES.windows(2).all(|w| w[0] < w[1]));
        let text = "Google said on Tuesday it would appeal. Twitter suspended the account \
                    and Amazon declined to comment. Fires spread in the Amazon rainforest.";
        let found = super::entities(&[(text, 0)]);
        let kind = |name: &str| {
            found
                .iter()
                .filter(|e| e.text == name)
                .map(|e| e.kind)
                .collect::<Vec<_>>()
        };
        assert_eq!(kind("Google"), vec!["ORG"], "{found:?}");
        assert_eq!(kind("Twitter"), vec!["ORG"], "{found:?}");
        assert!(kind("Amazon").first() == Some(&"ORG"), "{found:?}");
    }

    #[test]
    fn a_name_tagged_across_and_before_a_person_is_two_names() {
        let words = spaced("the American Federation of Teachers and Thomas Kennedy said");
        // One ORG over "American ... Kennedy": the body, then the person.
        assert_eq!(
            super::name_spans(&words, vec![(1, 8, 1)]),
            vec![(1, 5, 1), (6, 8, 0)]
        );
        let words = spaced("shares of Marks and Spencer fell");
        assert_eq!(super::name_spans(&words, vec![(2, 5, 1)]), vec![(2, 5, 1)]);
    }

    #[test]
    fn a_body_s_head_word_tagged_apart_ends_the_name_before_it() {
        let words: Vec<String> = ["by", "Velmora", "Sea", "Lines", "Paris", "Berlin"]
            .map(String::from)
            .to_vec();
        // LOC "Velmora Sea" then ORG "Lines": one body. Two places side by side stay two.
        let spans = vec![(1, 3, 2), (3, 4, 1), (4, 5, 2), (5, 6, 2)];
        assert_eq!(
            super::name_spans(&words, spans),
            vec![(1, 4, 1), (4, 5, 2), (5, 6, 2)]
        );
    }

    #[test]
    fn a_name_s_last_word_tells_a_place_or_a_body() {
        let ty = |name: &str| super::TYPES[super::retype(&spaced(name), 0, spaced(name).len(), 0)];
        assert_eq!(ty("Sarnic Island"), "LOC");
        let ferry = spaced("the ferry Aldren Star");
        assert_eq!(super::TYPES[super::retype(&ferry, 2, 4, 0)], "MISC");
        // Whatever type the tagger gave it, and with the noun set beside it.
        let org = super::TYPES.iter().position(|t| *t == "ORG").unwrap();
        assert_eq!(super::TYPES[super::retype(&ferry, 2, 4, org)], "MISC");
        let beside = spaced("The Aldren Star , a passenger ferry , overturned");
        assert_eq!(super::TYPES[super::retype(&beside, 1, 3, org)], "MISC");
        let not = spaced("The Aldren Star , a company , said");
        assert_eq!(super::TYPES[super::retype(&not, 1, 3, org)], "ORG");
        assert_eq!(ty("Maritime Safety Office"), "ORG");
        assert_eq!(ty("Teodor Halm"), "PER");
        // One word is left to the tagger.
        assert_eq!(ty("Island"), "PER");
    }

    use super::*;
    use crate::words::spaced;

    #[test]
    fn the_embedded_model_decodes_and_finds_names() {
        assert!(model().both.as_ref().is_some_and(|b| b.len() > 1000));
        let s = "Venezuelan President Nicolás Maduro met Attorney General Pam Bondi in Caracas on Friday, the Miami Herald reported.";
        let e = entities(&[(s, 0)]);
        let got: Vec<(&str, &str)> = e.iter().map(|e| (e.text.as_str(), e.kind)).collect();
        assert!(got.contains(&("Nicolás Maduro", "PER")), "{got:?}");
        assert!(got.contains(&("Pam Bondi", "PER")), "{got:?}");
        assert!(got.contains(&("Caracas", "LOC")), "{got:?}");
        let herald = e
            .iter()
            .find(|e| e.text == "Miami Herald")
            .expect("the outlet");
        assert!(herald.media && herald.kind == "ORG");
    }

    fn ent(text: &str, kind: &'static str) -> Entity {
        Entity {
            text: text.into(),
            kind,
            key: String::new(),
            media: false,
            start: 0,
            end: 0,
            sentence: 0,
        }
    }

    #[test]
    fn a_headline_read_as_one_name_keeps_only_the_name() {
        let words: Vec<String> = spaced("Hillary Clinton Goes After Donald Trump");
        let per = TYPES.iter().position(|t| *t == "PER").unwrap();
        assert_eq!(name_spans(&words, vec![(0, 6, per)]), [(0, 2, per)]);
        // "Will Smith": a name may open with such a word's look-alike.
        let words: Vec<String> = ["Will", "Smith"].map(String::from).to_vec();
        assert_eq!(name_spans(&words, vec![(0, 2, per)]), [(0, 2, per)]);
    }

    #[test]
    fn a_name_after_a_personal_title_outvotes_a_document_s_other_reading() {
        // A tagger that read "Obama" as a place in nine mentions (a headline's reading
        // carried through the article) and "President Obama" once.
        let mut m: Vec<Entity> = (0..10).map(|_| ent("Obama", "LOC")).collect();
        resolve(&mut m);
        m[3].kind = "PER";
        one_type_per_entity(&mut m, &[3]);
        assert!(m.iter().all(|e| e.kind == "PER"));
        assert!(is_personal_title("President") && is_personal_title("Mr."));
        assert!(!is_personal_title("General") && !is_personal_title("Justice"));
        assert!(is_contracted_pronoun("I\u{2019}m") && is_contracted_pronoun("We're"));
        assert!(!is_contracted_pronoun("O'Brien") && !is_contracted_pronoun("Trump"));
    }

    #[test]
    fn keys_unite_short_names_and_acronyms() {
        let mut m = vec![
            ent("Nicolás Maduro", "PER"),
            ent("Maduro", "PER"),
            ent("European Union", "ORG"),
            ent("EU", "ORG"),
            ent("Bondi", "PER"),
            ent("Pam Bondi", "PER"),
            ent("the Wall Street Journal", "ORG"),
        ];
        resolve(&mut m);
        let keys: Vec<&str> = m.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "nicolas-maduro",
                "nicolas-maduro",
                "european-union",
                "european-union",
                "pam-bondi",
                "pam-bondi",
                "wall-street-journal"
            ]
        );
        assert!(m[6].media && !m[0].media);
    }
}
