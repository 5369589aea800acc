//! The language of a page that does not declare one, detected from its text (whatlang,
//! trigram and script models, no download). Given as an ISO 639-1 code when the language
//! has one, else ISO 639-3; only a confident detection is given.

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
const SAMPLE_BYTES: usize = 2000;

/// The language of `text`, when whatlang is confident.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(TWO_LETTER.windows(2).all(|w| w[0].0 < w[1].0));
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
    }
}
