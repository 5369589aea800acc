//! Gzipped inputs (`.html.gz`, `.warc.gz`, `.jsonl.gz`): read through a decoder, with the
//! size cap applied to the decompressed bytes, so a small bomb cannot fill memory.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::IngestError;

/// Whether the bytes start a gzip member.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// Reads a whole file, gunzipping it when it is gzip, and refuses more than `cap`
/// decompressed bytes.
pub fn read_file(path: &Path, cap: u64) -> Result<Vec<u8>, IngestError> {
    let unreadable = |source| IngestError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let f = std::fs::File::open(path).map_err(unreadable)?;
    let mut reader = BufReader::new(f);
    let gz = is_gzip(reader.fill_buf().map_err(unreadable)?);
    let mut inner: Box<dyn Read> = if gz {
        Box::new(flate2::bufread::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    read_capped(&mut inner, cap).map_err(|e| match e {
        Capped::Io(source) => unreadable(source),
        Capped::Over(size) => IngestError::TooLarge { size, cap },
    })
}

pub(crate) enum Capped {
    Io(std::io::Error),
    Over(u64),
}

pub(crate) fn read_capped(r: &mut dyn Read, cap: u64) -> Result<Vec<u8>, Capped> {
    let mut bytes = Vec::new();
    r.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Capped::Over(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_plain_and_gzipped_and_caps_the_decompressed_size() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("a.html");
        std::fs::write(&plain, b"<p>hello</p>").unwrap();
        assert_eq!(read_file(&plain, 100).unwrap(), b"<p>hello</p>");
        let gz = dir.path().join("a.html.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&vec![b'a'; 10_000]).unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        assert_eq!(read_file(&gz, 20_000).unwrap().len(), 10_000);
        assert!(matches!(
            read_file(&gz, 1000),
            Err(IngestError::TooLarge { .. })
        ));
    }
}
