//! The language a text is compared in: which stemmer, which function words, which words
//! report speech.
//!
//! Sentence similarity rests on content-word stems. Read with English rules, a French or
//! German article keeps its articles and prepositions ("le", "de", "der", "und") as content
//! words and leaves its inflections unfolded, so two independent reports of one event look
//! closer than they are and a real restatement looks further. Each language with a Snowball
//! stemmer gets its own stemmer and its own function words (NLTK's lists, from the
//! `stop-words` crate); the words that mark reported speech and the first person are ours,
//! for the languages listed in [`Lang::voice_words`]. Indonesian and Malay have no
//! stemmer but get their function words (read whole, they made unrelated Malay reports look
//! alike). Any other language we have no stemmer for is read as English, as everything was
//! before languages were told apart.
//!
//! ```
//! use crosscheck_lang::Lang;
//! assert_eq!(Lang::of(Some("de-AT")), Lang::German);
//! assert_eq!(Lang::of(Some("pt_BR")), Lang::Portuguese);
//! assert_eq!(Lang::of(Some("zh")), Lang::English);
//! assert_eq!(Lang::of(None), Lang::English);
//! ```

use rust_stemmers::Algorithm;

/// A language with a Snowball stemmer, or with function words of its own (Indonesian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    English,
    Arabic,
    Danish,
    Dutch,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Turkish,
    /// Indonesian and Malay (one list of function words serves both). No Snowball
    /// stemmer exists for them: their words go through the English one, which leaves
    /// nearly all of them whole.
    Indonesian,
}

/// ISO 639-1 code, language; sorted by code.
const CODES: [(&str, Lang); 20] = [
    ("ar", Lang::Arabic),
    ("da", Lang::Danish),
    ("de", Lang::German),
    ("el", Lang::Greek),
    ("en", Lang::English),
    ("es", Lang::Spanish),
    ("fi", Lang::Finnish),
    ("fr", Lang::French),
    ("hu", Lang::Hungarian),
    ("id", Lang::Indonesian),
    ("it", Lang::Italian),
    ("ms", Lang::Indonesian),
    ("nb", Lang::Norwegian),
    ("nl", Lang::Dutch),
    ("no", Lang::Norwegian),
    ("pt", Lang::Portuguese),
    ("ro", Lang::Romanian),
    ("ru", Lang::Russian),
    ("sv", Lang::Swedish),
    ("tr", Lang::Turkish),
];

/// English names of the languages, lower-cased.
const NAMES: [(&str, Lang); 19] = [
    ("arabic", Lang::Arabic),
    ("indonesian", Lang::Indonesian),
    ("malay", Lang::Indonesian),
    ("danish", Lang::Danish),
    ("dutch", Lang::Dutch),
    ("finnish", Lang::Finnish),
    ("french", Lang::French),
    ("german", Lang::German),
    ("greek", Lang::Greek),
    ("hungarian", Lang::Hungarian),
    ("italian", Lang::Italian),
    ("norwegian", Lang::Norwegian),
    ("portuguese", Lang::Portuguese),
    ("romanian", Lang::Romanian),
    ("russian", Lang::Russian),
    ("spanish", Lang::Spanish),
    ("swedish", Lang::Swedish),
    ("turkish", Lang::Turkish),
    ("english", Lang::English),
];

impl Lang {
    /// The language of an article's language tag (`de`, `pt-BR`, `en_GB`, any case);
    /// English when there is none or we have no stemmer for it.
    pub fn of(tag: Option<&str>) -> Lang {
        let Some(tag) = tag else {
            return Lang::English;
        };
        let primary = crosscheck_model::primary_language(tag);
        if let Ok(i) = CODES.binary_search_by(|(code, _)| code.cmp(&primary.as_str())) {
            return CODES[i].1;
        }
        // Some pages write the language's English name ("Dutch", "German").
        NAMES
            .iter()
            .find(|(name, _)| *name == primary)
            .map_or(Lang::English, |(_, l)| *l)
    }

    /// Its two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Norwegian => "no",
            Lang::Indonesian => "id",
            _ => CODES
                .iter()
                .find(|(_, l)| *l == self)
                .map_or("en", |(c, _)| c),
        }
    }

    pub fn algorithm(self) -> Algorithm {
        match self {
            Lang::English => Algorithm::English,
            Lang::Arabic => Algorithm::Arabic,
            Lang::Danish => Algorithm::Danish,
            Lang::Dutch => Algorithm::Dutch,
            Lang::Finnish => Algorithm::Finnish,
            Lang::French => Algorithm::French,
            Lang::German => Algorithm::German,
            Lang::Greek => Algorithm::Greek,
            Lang::Hungarian => Algorithm::Hungarian,
            Lang::Italian => Algorithm::Italian,
            Lang::Norwegian => Algorithm::Norwegian,
            Lang::Portuguese => Algorithm::Portuguese,
            Lang::Romanian => Algorithm::Romanian,
            Lang::Russian => Algorithm::Russian,
            Lang::Spanish => Algorithm::Spanish,
            Lang::Swedish => Algorithm::Swedish,
            Lang::Turkish => Algorithm::Turkish,
            Lang::Indonesian => Algorithm::English,
        }
    }

    /// A distinct number per language, mixed into cache keys.
    pub fn salt(self) -> u64 {
        self as u64
    }

    /// Its function words, lower-cased (English's are the dedup stage's own list, which
    /// the sentence model was fitted with).
    pub fn stop_words(self) -> &'static [&'static str] {
        stop_words::lookup(self.code()).unwrap_or(&[])
    }

    /// Function words NLTK's list for the language lacks (its French list has no "a",
    /// "cette", "plus", "comme", "sans", "après", "dont", "où", "très", "tout").
    pub fn more_stop_words(self) -> &'static [&'static str] {
        match self {
            Lang::French => &[
                "a", "cette", "cet", "aussi", "plus", "comme", "sans", "après", "avant", "dont",
                "où", "lors", "très", "tout", "tous", "toute", "toutes", "été", "être", "fait",
                "y", "ainsi", "alors", "depuis", "entre", "vers", "chez", "sous", "encore", "déjà",
                "donc", "si", "car", "leur", "leurs",
            ],
            Lang::Spanish => &[
                "tras", "ya", "así", "cada", "donde", "aunque", "hasta", "desde",
            ],
            Lang::German => &[
                "wurde", "wurden", "mehr", "seit", "schon", "worden", "sowie", "bereits", "rund",
            ],
            Lang::Italian => &[
                "stato", "stata", "stati", "state", "dopo", "prima", "fra", "molto", "già",
                "ancora", "così",
            ],
            Lang::Portuguese => &["após", "sobre", "já", "ainda", "assim", "desde", "onde"],
            _ => &[],
        }
    }

    /// The word without an elided article or pronoun glued to its front ("l'enquête",
    /// "d'Anja", "qu'un", "dell'ospedale"): French and Italian write them as one word,
    /// and read whole they hide the content word from every overlap.
    pub fn strip_elision(self, word: &str) -> &str {
        let elided: &[&str] = match self {
            Lang::French => &[
                "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
            ],
            Lang::Italian => &[
                "l", "un", "d", "dell", "all", "dall", "nell", "sull", "coll", "quest", "quell",
                "c", "m", "t", "s", "v", "n",
            ],
            _ => return word,
        };
        let Some(i) = word.find(['\'', '\u{2019}']) else {
            return word;
        };
        let rest = &word[i + word[i..].chars().next().map_or(1, char::len_utf8)..];
        if !rest.is_empty() && elided.iter().any(|e| e.eq_ignore_ascii_case(&word[..i])) {
            rest
        } else {
            word
        }
    }

    /// Words that report speech or a source, and first-person words, lower-cased; empty
    /// for a language we have not written them for.
    pub fn voice_words(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Lang::German => (
                &[
                    "sagte",
                    "sagt",
                    "sagten",
                    "erklärte",
                    "erklärten",
                    "laut",
                    "zufolge",
                    "berichtete",
                    "berichteten",
                    "teilte",
                    "betonte",
                    "meldete",
                    "sagen",
                ],
                &[
                    "ich", "wir", "mein", "meine", "meinen", "unser", "unsere", "unseren", "uns",
                    "mich", "mir",
                ],
            ),
            Lang::French => (
                &[
                    "déclaré",
                    "dit",
                    "selon",
                    "affirmé",
                    "indiqué",
                    "annoncé",
                    "expliqué",
                    "souligné",
                    "rapporté",
                    "précisé",
                    "déclare",
                    "affirme",
                    "explique",
                    "estime",
                ],
                &[
                    "je", "j'ai", "nous", "notre", "nos", "moi", "mon", "ma", "mes",
                ],
            ),
            Lang::Spanish => (
                &[
                    "dijo", "según", "afirmó", "declaró", "explicó", "señaló", "indicó", "aseguró",
                    "informó", "anunció", "añadió", "dice",
                ],
                &[
                    "yo", "nosotros", "nosotras", "nuestro", "nuestra", "nuestros", "nuestras",
                    "mi", "mis",
                ],
            ),
            Lang::Italian => (
                &[
                    "detto",
                    "secondo",
                    "dichiarato",
                    "spiegato",
                    "affermato",
                    "annunciato",
                    "riferito",
                    "aggiunto",
                    "sottolineato",
                ],
                &[
                    "io", "noi", "nostro", "nostra", "nostri", "nostre", "mio", "mia",
                ],
            ),
            Lang::Portuguese => (
                &[
                    "disse",
                    "segundo",
                    "afirmou",
                    "declarou",
                    "explicou",
                    "informou",
                    "anunciou",
                    "acrescentou",
                ],
                &[
                    "eu", "nós", "nosso", "nossa", "nossos", "nossas", "meu", "minha",
                ],
            ),
            Lang::Dutch => (
                &[
                    "zei",
                    "zegt",
                    "volgens",
                    "verklaarde",
                    "meldde",
                    "aldus",
                    "vertelde",
                ],
                &["ik", "wij", "we", "ons", "onze", "mijn"],
            ),
            Lang::Russian => (
                &[
                    "сказал",
                    "сказала",
                    "сказали",
                    "заявил",
                    "заявила",
                    "заявили",
                    "сообщил",
                    "сообщила",
                    "сообщили",
                    "словам",
                    "отметил",
                    "отметила",
                    "подчеркнул",
                    "пояснил",
                ],
                &[
                    "я", "мы", "наш", "наша", "наши", "наше", "мой", "моя", "нас", "нам",
                ],
            ),
            _ => (&[], &[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_every_language_round_trips() {
        assert!(CODES.windows(2).all(|w| w[0].0 < w[1].0));
        for (_, l) in CODES {
            assert_eq!(Lang::of(Some(l.code())), l);
        }
        assert_eq!(Lang::of(Some("TR")), Lang::Turkish);
        assert_eq!(Lang::of(Some("ms")), Lang::Indonesian);
        assert!(Lang::Indonesian.stop_words().contains(&"yang"));
    }

    #[test]
    fn every_language_but_english_has_function_words_from_the_lists() {
        for (_, l) in CODES {
            if l != Lang::English {
                assert!(l.stop_words().len() > 20, "{l:?} has no function words");
            }
        }
        assert!(Lang::German.stop_words().contains(&"und"));
        assert!(Lang::French.stop_words().contains(&"les"));
    }

    #[test]
    fn elided_articles_come_off_in_french_and_italian_only() {
        assert_eq!(Lang::French.strip_elision("l'enquête"), "enquête");
        assert_eq!(Lang::French.strip_elision("D\u{2019}Anja"), "Anja");
        assert_eq!(Lang::French.strip_elision("jusqu'à"), "à");
        assert_eq!(Lang::French.strip_elision("aujourd'hui"), "aujourd'hui");
        assert_eq!(Lang::Italian.strip_elision("dell'ospedale"), "ospedale");
        assert_eq!(Lang::English.strip_elision("O'Neill"), "O'Neill");
        assert_eq!(Lang::French.strip_elision("l'"), "l'");
    }

    #[test]
    fn tags_we_cannot_stem_read_as_english() {
        assert_eq!(Lang::of(Some("Dutch")), Lang::Dutch);
        for tag in ["ja", "zh-Hans", "", "x-klingon", "english"] {
            assert_eq!(Lang::of(Some(tag)), Lang::English, "{tag}");
        }
    }
}
