//! Any bytes as a web page, through the whole extract stage: charset decoding, parsing,
//! main text, metadata, language detection and the residue cleaner.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, _)) = crosscheck_ingest::decode_html(data, None) {
        let page = crosscheck_extract::html::read_page(&text, Some("https://fuzz.example/2024/01/02/x"));
        // The body is made of the page's own text: never longer than the page.
        assert!(page.body().len() <= text.len() * 4 + 16);
        let record = crosscheck_model::InputRecord {
            html: Some(text),
            ..Default::default()
        };
        let raw = crosscheck_model::RawDoc::new("fuzz".into(), crosscheck_model::SourceKind::Html, None, record);
        let _ = crosscheck_extract::CleanConfig::default().build().run(&raw);
    }
});
