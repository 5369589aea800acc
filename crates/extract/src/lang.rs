//! The language of a page or text, detected from its text (a plainly-English test, else
//! whatlang's trigram and script models, no download), and weighed against what a page
//! declares ([`settle`]). Given as an ISO 639-1 code when the language has one, else
//! ISO 639-3; only a confident detection is given.

/// whatlang's ISO 639-3 codes that have a two-letter ISO 639-1 code.
const TWO_LETTER: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// The least whatlang confidence for a detected language to be given.
const MIN_CONFIDENCE: f64 = 0.5;

/// How much text is looked at: enough for a reliable guess, cheap on long pages.
const SAMPLE_BYTES: usize = 600;

/// English words common enough that running English text is an eighth or more of them
/// ("the" alone is about 6%), and that other languages in Latin script hardly write ("a",
/// "in", "is", "on", "as", "die", "so" are left out: Romance, German and Dutch use them).
const ENGLISH_COMMON: [&str; 18] = [
    "the", "of", "and", "to", "that", "for", "with", "by", "from", "said", "it", "has", "have",
    "are", "were", "this", "be", "its",
];

/// Whether a sample is plainly English, told without whatlang's trigram models (a tenth of
/// a millisecond per call, the most expensive step of cleaning a plain-text article): 20
/// words or more, an eighth of them [`ENGLISH_COMMON`].
fn plainly_english(sample: &str) -> bool {
    let (mut words, mut common) = (0usize, 0usize);
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 5 && ENGLISH_COMMON.iter().any(|c| c.eq_ignore_ascii_case(w)) {
            common += 1;
        }
    }
    words >= 20 && common * 8 >= words
}

/// The language of `text`: English when it is plainly so, else whatlang's when it is
/// confident.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if plainly_english(&text[..end]) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(&text[..end])?;
    // whatlang's own `is_reliable` also wants a wide margin over the runner-up, which
    // close pairs (Russian and Ukrainian, Spanish and Portuguese) rarely give on a short
    // page; half its confidence scale is enough for a label.
    if info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    let code = info.lang().code();
    Some(
        TWO_LETTER
            .binary_search_by(|(three, _)| three.cmp(&code))
            .map_or(code, |i| TWO_LETTER[i].1)
            .to_string(),
    )
}

/// A web page's language: the one its text is in when detection is clear and could have
/// named the declared one, else the declared one (as written), else none. Templates
/// declare a site's default whatever the article is in. Of the pages that declare a
/// language, detection disagrees on 15 of 193 in mediacloud and 4 of 181 in AEB; read by
/// hand, 10 of mediacloud's were wrong declarations that detection gets right ("en" on
/// Thai, Georgian, Gujarati, Arabic, Tagalog, Spanish and Romanian articles, "de-DE" on
/// lorem ipsum), as were 3 of AEB's ("de" on English articles, "en" on German). whatlang has
/// no Albanian (it says French): a page declaring "sq" keeps it (the second condition),
/// one declaring "en" on Albanian text is wrong either way. "Dutch" written out and
/// Bosnian (read as Croatian) stand, as codes whatlang does not give.
pub fn settle(declared: Option<String>, text: &str) -> Option<String> {
    let found = detect(text);
    match (declared, found) {
        (Some(declared), Some(found)) => {
            let primary = crosscheck_model::primary_language(&declared);
            let detectable = TWO_LETTER.iter().any(|(_, two)| *two == primary);
            if primary == found || !detectable {
                Some(declared)
            } else {
                Some(found)
            }
        }
        (declared, found) => declared.or(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(TWO_LETTER.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn a_page_is_in_the_language_of_its_text_unless_detection_cannot_tell() {
        let spanish = "Con el objetivo de fortalecer la actividad pesquera en las comunidades de la costa, el ayuntamiento proyecta pedir al gobierno federal nuevos apoyos para los pescadores.";
        assert_eq!(settle(Some("en-US".into()), spanish).as_deref(), Some("es"));
        assert_eq!(
            settle(Some("es-MX".into()), spanish).as_deref(),
            Some("es-MX")
        );
        assert_eq!(settle(None, spanish).as_deref(), Some("es"));
        // whatlang has no Albanian: the declaration stands.
        let albanian = "Dy persona janë arrestuar në qytet nën dyshime se kanë kryer veprimtari të paligjshme, duke organizuar lojëra fati pa leje.";
        assert_eq!(
            settle(Some("sq-AL".into()), albanian).as_deref(),
            Some("sq-AL")
        );
        assert_eq!(settle(Some("fr".into()), "42").as_deref(), Some("fr"));
    }

    #[test]
    fn detects_common_news_languages() {
        assert_eq!(
            detect("The ferry left the harbour at dawn with 212 passengers on board, and the coastguard said all of them were safe.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("Le café de la jetée, fermé depuis la tempête de février, a rouvert ses portes lundi matin, et les pêcheurs sont revenus.").as_deref(),
            Some("fr")
        );
        assert_eq!(
            detect("Паром вышел из гавани на рассвете, на борту было 212 пассажиров. Береговая охрана сообщила, что все они в безопасности, а спасатели прибыли через сорок минут. Владелец судна пообещал проверить корпус до пятницы.").as_deref(),
            Some("ru")
        );
        assert_eq!(detect("42"), None);
        // Dutch and German share "was", "in", "is" and "die" with English, and are not it.
        assert_eq!(
            detect("De brug over de rivier is dinsdagochtend ingestort. Volgens de gemeente kwamen daarbij zes mensen om het leven en raakten er 23 gewond, was het eerste bericht.").as_deref(),
            Some("nl")
        );
        assert_eq!(
            detect("Was die Stadt über den Einsturz der Brücke weiß, ist noch wenig: sechs Menschen starben in den Trümmern, 23 wurden verletzt, sagte die Feuerwehr.").as_deref(),
            Some("de")
        );
    }
}
