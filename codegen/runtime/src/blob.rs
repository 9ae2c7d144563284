//! [`Blob`], the byte-string type behind Smithy `blob` members, sent in
//! awsJson as a base64 string.

use std::fmt;

use ::serde::de::{self, Deserialize, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};

/// A binary value, serialized as standard base64 text with padding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Blob {
    bytes: Vec<u8>,
}

impl Blob {
    /// A blob holding `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Blob {
        Blob { bytes: bytes.into() }
    }

    /// The bytes, consuming the blob.
    pub fn into_inner(self) -> Vec<u8> {
        self.bytes
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Blob {
        Blob { bytes }
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Blob {
        Blob::new(bytes)
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Blob {
        Blob::new(text.as_bytes())
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Blob {
        Blob::new(text.into_bytes())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Vec<u8> {
        blob.bytes
    }
}

impl Serialize for Blob {
    /// Writes the bytes as a standard base64 string with padding.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::base64::encode(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for Blob {
    /// Reads a standard base64 string, with or without padding.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Blob, D::Error> {
        deserializer.deserialize_str(BlobVisitor)
    }
}

struct BlobVisitor;

impl Visitor<'_> for BlobVisitor {
    type Value = Blob;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64-encoded string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Blob, E> {
        crate::base64::decode(v).map(Blob::from).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        let blob = Blob::new("hi");
        assert_eq!(blob.as_ref(), b"hi");
        assert_eq!(Blob::from("hi"), blob);
        assert_eq!(Blob::from(&b"hi"[..]), blob);
        assert_eq!(Blob::from(vec![b'h', b'i']), blob);
        assert_eq!(Blob::from(String::from("hi")), blob);
        assert_eq!(Vec::from(blob.clone()), b"hi");
        assert_eq!(blob.into_inner(), b"hi");
        assert_eq!(Blob::default().as_ref(), b"");
    }

    #[test]
    fn serde() {
        let blob = Blob::new([0xfb_u8, 0xff, b'f', b'o']);
        assert_eq!(serde_json::to_string(&blob).unwrap(), "\"+/9mbw==\"");
        assert_eq!(serde_json::from_str::<Blob>("\"+/9mbw==\"").unwrap(), blob);
        assert_eq!(serde_json::from_str::<Blob>("\"+/9mbw\"").unwrap(), blob);
        assert_eq!(serde_json::from_str::<Blob>("\"\"").unwrap(), Blob::default());
        let err = serde_json::from_str::<Blob>("\"Zm9v!\"").unwrap_err();
        assert!(err.to_string().contains("unexpected character '!' at offset 4"), "{err}");
        assert!(serde_json::from_str::<Blob>("[1,2]").is_err());
        assert!(serde_json::from_str::<Blob>("null").is_err());
        let owned: Blob = serde_json::from_value(serde_json::json!("Zm9vYmFy")).unwrap();
        assert_eq!(owned, Blob::from("foobar"));
    }
}
