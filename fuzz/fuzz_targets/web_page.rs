//! Any bytes as a web page: charset decoding, parsing, main text and metadata.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, _)) = crosscheck_ingest::decode_html(data, None) {
        let page = crosscheck_extract::html::read_page(&text, Some("https://fuzz.example/2024/01/02/x"));
        // The body is made of the page's own text: never longer than the page.
        assert!(page.body().len() <= text.len() * 4 + 16);
    }
});
