//! Any bytes as a WARC archive: every record is read, skipped or reported, never a panic
//! or an endless loop.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = crosscheck_ingest::warc::WarcReader::new(data, 1 << 20);
    for (i, _) in reader.enumerate() {
        assert!(i <= data.len());
    }
});
