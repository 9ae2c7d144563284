//! `Content-MD5` for operations with `@httpChecksumRequired`: the base64 of the
//! body's MD5 (RFC 1864).
//!
//! MD5 is written here (RFC 1321, tested against its test suite) rather than taken from
//! a crate: it is ~60 lines that never change, and only this header uses it; it is an
//! integrity check the service asks for, not a security measure.

/// The `Content-MD5` header value of `body`.
pub fn content_md5(body: &[u8]) -> String {
    crate::base64::encode(md5(body))
}

/// Per-round left rotations.
const SHIFTS: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/// The MD5 digest of `data` (RFC 1321).
fn md5(data: &[u8]) -> [u8; 16] {
    // RFC 1321 §3.4: K[i] is the integer part of 2^32 × |sin(i + 1)|; f64 computes
    // every one exactly (the test vectors below depend on all 64).
    let constants: [u32; 64] = std::array::from_fn(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32);
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    // Padding: a 1 bit, zeros up to 56 bytes mod 64, then the length in bits (LE).
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    for block in message.chunks_exact(64) {
        let words: [u32; 16] = std::array::from_fn(|i| {
            u32::from_le_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]])
        });
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (mix, index) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let shift = SHIFTS[(i / 16) * 4 + i % 4];
            let sum = a.wrapping_add(mix).wrapping_add(constants[i]).wrapping_add(words[index]);
            (a, d, c) = (d, c, b);
            b = b.wrapping_add(sum.rotate_left(shift));
        }
        for (word, add) in state.iter_mut().zip([a, b, c, d]) {
            *word = word.wrapping_add(add);
        }
    }
    let mut digest = [0; 16];
    for (chunk, word) in digest.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    digest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(digest: [u8; 16]) -> String {
        digest.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    #[test]
    fn rfc_1321_test_suite() {
        let cases = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(hex(md5(input.as_bytes())), expected, "{input:?}");
        }
    }

    #[test]
    fn the_header_is_the_base64_of_the_digest() {
        // RFC 1864's form, and the value botocore's restJson1 suite expects for the
        // compact body the client sends.
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
        assert_eq!(content_md5(br#"{"foo":"base64 encoded md5 checksum"}"#), "iB0/3YSo7maijL0IGOgA9g==");
    }
}
