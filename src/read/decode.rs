//! Bytes to text. Saved pages come from browsers, editors and spreadsheet
//! exports, so the encoding is sniffed: a BOM decides; NUL bytes without a
//! UTF-16 BOM mean binary; valid UTF-8 is taken as is; anything else is read as
//! Windows-1252 (the usual source of a lone 0xA3 for £), with a warning.

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::{ErrorKind, FileError};

#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub warning: Option<String>,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, FileError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, "utf-8-bom");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, true));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, false));
    }
    if memchr_nul(bytes) {
        return Err(FileError::new(
            ErrorKind::Binary,
            "file contains NUL bytes and no UTF-16 byte-order mark: not text",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: Cow::Borrowed(s),
            encoding: "utf-8",
            warning: None,
        }),
        Err(e) => {
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            Ok(Decoded {
                text,
                encoding: "windows-1252",
                warning: Some(format!(
                    "not valid UTF-8 (first bad byte at offset {}): read as Windows-1252",
                    e.valid_up_to()
                )),
            })
        }
    }
}

fn utf8<'a>(bytes: &'a [u8], name: &'static str) -> Result<Decoded<'a>, FileError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: Cow::Borrowed(s),
            encoding: name,
            warning: None,
        }),
        Err(e) => Ok(Decoded {
            text: Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
            encoding: name,
            warning: Some(format!(
                "UTF-8 byte-order mark but invalid UTF-8 at offset {}: bad bytes replaced",
                e.valid_up_to()
            )),
        }),
    }
}

fn utf16(bytes: &[u8], little_endian: bool) -> Decoded<'_> {
    let enc = if little_endian { UTF_16LE } else { UTF_16BE };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: if little_endian {
            "utf-16le"
        } else {
            "utf-16be"
        },
        warning: had_errors.then(|| "invalid UTF-16 sequences replaced".to_string()),
    }
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode("£350".as_bytes()).unwrap();
        assert_eq!(d.text, "£350");
        assert_eq!(d.encoding, "utf-8");
        let d = decode(b"\xEF\xBB\xBF\xC2\xA3350").unwrap();
        assert_eq!(d.text, "£350");
        assert_eq!(d.encoding, "utf-8-bom");
    }

    #[test]
    fn windows_1252_pound_sign() {
        let d = decode(b"pay Mr X \xA3350 and \x93quote\x94").unwrap();
        assert_eq!(d.text, "pay Mr X £350 and \u{201c}quote\u{201d}");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.warning.unwrap().contains("offset 9"));
    }

    #[test]
    fn utf16_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "£5 Mr X".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, "£5 Mr X");
        assert_eq!(decode(&be).unwrap().encoding, "utf-16be");
        assert_eq!(decode(&be).unwrap().text, "£5 Mr X");
    }

    #[test]
    fn nul_is_binary() {
        let e = decode(b"Council (24 012 297)\0\0").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Binary);
    }
}
