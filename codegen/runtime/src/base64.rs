//! Standard-alphabet base64 (RFC 4648 §4), written by hand: [`encode`] with
//! `=` padding, and [`decode`] accepting input with or without padding.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes `input` as standard base64 with `=` padding.
///
/// ```
/// assert_eq!(aws_client_runtime::base64::encode("foobar"), "Zm9vYmFy");
/// assert_eq!(aws_client_runtime::base64::encode([0xfb, 0xff]), "+/8=");
/// ```
pub fn encode(input: impl AsRef<[u8]>) -> String {
    let input = input.as_ref();
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(chunk[0]) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let sextet = |shift: u32| char::from(ALPHABET[(n >> shift & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

/// Decodes standard base64 (`A-Z a-z 0-9 + /`), with or without `=` padding.
///
/// Whitespace, the URL-safe alphabet (`-`, `_`) and any other byte are
/// rejected with an error giving the offending byte and its offset. When
/// padding is present the input length must be a multiple of four. Unused
/// low bits in the last character are ignored (not required to be zero).
///
/// ```
/// use aws_client_runtime::base64::decode;
/// assert_eq!(decode("Zm9vYg==").unwrap(), b"foob");
/// assert_eq!(decode("Zm9vYg").unwrap(), b"foob");
/// assert!(decode("Zm9v Yg==").is_err());
/// ```
pub fn decode(input: impl AsRef<[u8]>) -> Result<Vec<u8>, DecodeError> {
    let input = input.as_ref();
    let unpadded = input.len() - input.iter().rev().take_while(|&&b| b == b'=').count();
    let padding = input.len() - unpadded;
    // Bad characters are reported first, as the most useful diagnosis.
    if let Some(offset) = input[..unpadded].iter().position(|&b| sextet_value(b).is_none()) {
        let byte = input[offset];
        return Err(DecodeError { kind: ErrorKind::Byte { byte, offset } });
    }
    if padding > 2 || (padding > 0 && input.len() % 4 != 0) {
        let len = input.len();
        return Err(DecodeError { kind: ErrorKind::Padding { len } });
    }
    if unpadded % 4 == 1 {
        let len = unpadded;
        return Err(DecodeError { kind: ErrorKind::Length { len } });
    }

    let mut out = Vec::with_capacity(unpadded / 4 * 3 + 2);
    for chunk in input[..unpadded].chunks(4) {
        let mut n = 0_u32;
        for (i, &b) in chunk.iter().enumerate() {
            // Every byte was validated above.
            n |= u32::from(sextet_value(b).unwrap_or(0)) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        // 4 chars -> 3 bytes, 3 -> 2, 2 -> 1 (1 was rejected above).
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Ok(out)
}

fn sextet_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Why [`decode`] rejected its input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    Byte { byte: u8, offset: usize },
    Length { len: usize },
    Padding { len: usize },
}

impl DecodeError {
    /// Byte offset of the invalid character, when that is the problem.
    pub fn offset(&self) -> Option<usize> {
        match self.kind {
            ErrorKind::Byte { offset, .. } => Some(offset),
            _ => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Byte { byte, offset } if byte.is_ascii_graphic() => {
                write!(f, "invalid base64: unexpected character '{}' at offset {offset}", char::from(byte))
            }
            ErrorKind::Byte { byte, offset } => {
                write!(f, "invalid base64: unexpected byte 0x{byte:02x} at offset {offset}")
            }
            ErrorKind::Length { len } => {
                write!(f, "invalid base64: {len} characters (without padding) cannot encode whole bytes")
            }
            ErrorKind::Padding { len } => write!(f, "invalid base64: bad '=' padding in an input of {len} characters"),
        }
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(encode(plain), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(decode(unpadded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn whole_alphabet() {
        let bytes: Vec<u8> = (0..64_u32)
            .flat_map(|i| {
                let n = i << 18 | i << 12 | i << 6 | i;
                [(n >> 16) as u8, (n >> 8) as u8, n as u8]
            })
            .collect();
        let encoded = encode(&bytes);
        let expected: String = ALPHABET.iter().flat_map(|&c| [char::from(c); 4]).collect();
        assert_eq!(encoded, expected);
        assert_eq!(decode(&encoded).unwrap(), bytes);
        assert_eq!(encode([0xfb, 0xff]), "+/8=");
        assert_eq!(decode("+/8=").unwrap(), [0xfb, 0xff]);
        assert_eq!(encode([0, 0, 0]), "AAAA");
        assert_eq!(encode([0xff; 3]), "////");
    }

    #[test]
    fn round_trip_all_lengths() {
        let mut state = 0x1234_5678_u32;
        for len in 0..300_usize {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (state >> 16) as u8
                })
                .collect();
            let encoded = encode(&bytes);
            assert_eq!(encoded.len(), len.div_ceil(3) * 4);
            assert_eq!(decode(&encoded).unwrap(), bytes);
            assert_eq!(decode(encoded.trim_end_matches('=')).unwrap(), bytes);
        }
    }

    #[test]
    fn non_canonical_trailing_bits_are_accepted() {
        assert_eq!(decode("Zh==").unwrap(), b"f");
        assert_eq!(decode("Zm9=").unwrap(), b"fo");
    }

    #[test]
    fn invalid_input() {
        let err = decode("Zm9v Yg==").unwrap_err();
        assert_eq!(err.offset(), Some(4));
        assert_eq!(err.to_string(), "invalid base64: unexpected byte 0x20 at offset 4");
        let err = decode("Zm9v-_==").unwrap_err();
        assert_eq!(err.to_string(), "invalid base64: unexpected character '-' at offset 4");
        assert_eq!(decode("Zm=v").unwrap_err().offset(), Some(2));
        assert_eq!(decode("Zm9vYg==\n").unwrap_err().offset(), Some(6));
        assert_eq!(decode("é").unwrap_err().offset(), Some(0));
        assert_eq!(decode("abcd!").unwrap_err().offset(), Some(4));
        for bad in ["Z", "Zm9vY", "Zm9vY=", "Zm9vY==", "Z===", "====", "=", "Zg=", "Zm8==", "Zm9v="] {
            let err = decode(bad).unwrap_err();
            assert_eq!(err.offset(), None, "{bad}");
            assert!(err.to_string().starts_with("invalid base64"), "{bad}");
        }
        assert!(decode("Zm9vY").unwrap_err().to_string().contains("5 characters"));
        assert!(decode("Zg=").unwrap_err().to_string().contains("padding"));
    }
}
