use super::{MAX_DEPTH, XmlReader, find_text};

/// Reads a whole document into a line per leaf (`/a/b=text`), the way a generated
/// parser visits it, to test the walk; elements with children are descended into.
fn leaves(document: &str) -> Result<Vec<String>, super::XmlError> {
    fn walk<'a>(
        reader: &mut XmlReader<'a>,
        element: &super::Element<'a>,
        path: &str,
        out: &mut Vec<String>,
    ) -> Result<(), super::XmlError> {
        let path = format!("{path}/{}", element.name());
        // A leaf is named `v`, `key`, `value` or `member` in these tests.
        if matches!(element.name(), "v" | "key" | "value" | "member") {
            out.push(format!("{path}={}", reader.text(element)?));
            return Ok(());
        }
        while let Some(child) = reader.next_child(element)? {
            walk(reader, &child, &path, out)?;
        }
        Ok(())
    }
    let mut reader = XmlReader::new(document);
    let root = reader.root()?;
    let mut out = Vec::new();
    walk(&mut reader, &root, "", &mut out)?;
    reader.finish()?;
    Ok(out)
}

#[test]
fn walks_lists_maps_and_skips_unknown_content() {
    let document = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- before -->
<r xmlns="urn:x" a="1">
  <list><member>a</member><member><![CDATA[<b>]]></member><member/></list>
  <flat><v>1</v></flat><flat><v>2</v></flat>
  <map><entry><key>k&amp;1</key><value>v&#x31;</value></entry></map>
  <?pi ignored?>
</r>"#;
    let got = leaves(document).unwrap();
    assert_eq!(
        got,
        [
            "/r/list/member=a",
            "/r/list/member=<b>",
            "/r/list/member=",
            "/r/flat/v=1",
            "/r/flat/v=2",
            "/r/map/entry/key=k&1",
            "/r/map/entry/value=v1",
        ]
    );

    // Children not read are stepped over by the next `next_child`.
    let mut reader = XmlReader::new(document);
    let root = reader.root().unwrap();
    assert_eq!(root.attribute("a"), Some("1"));
    let mut names = Vec::new();
    while let Some(child) = reader.next_child(&root).unwrap() {
        names.push(child.name());
    }
    assert_eq!(names, ["list", "flat", "flat", "map"]);
    assert_eq!(reader.next_child(&root).unwrap(), None, "a closed parent stays closed");
}

#[test]
fn parses_values_and_names_the_element_on_error() {
    let mut reader = XmlReader::new("<a><n>42</n><b>true</b><f>x1</f></a>");
    let root = reader.root().unwrap();
    let n = reader.next_child(&root).unwrap().unwrap();
    assert_eq!(reader.parse::<i32>(&n, "an integer").unwrap(), 42);
    let b = reader.next_child(&root).unwrap().unwrap();
    assert!(reader.parse::<bool>(&b, "a boolean").unwrap());
    let f = reader.next_child(&root).unwrap().unwrap();
    let error = reader.parse::<f64>(&f, "a number").unwrap_err();
    assert_eq!(error.to_string(), "XML at /a/f: `x1` is not a number");
}

#[test]
fn malformed_documents_are_errors_naming_the_path() {
    let cases = [
        ("", "/"),
        ("text", "/"),
        ("<a><b>x</c></a>", "/a/b"),
        ("<a><b>x</b>", "/a"),
        ("<a><b>x &bogus; y</b></a>", "/a/b"),
        ("<a><v>x<c/></v></a>", "/a/v"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>", "/"),
        ("<a b='&#0;'/>", "/"),
        ("<a></a><b/>", "/"),
        ("<a><b", "/a"),
    ];
    for (document, path) in cases {
        let error = leaves(document).expect_err(document);
        assert_eq!(error.path(), path, "{document}: {error}");
    }
    let deep = "<a>".repeat(MAX_DEPTH + 1);
    assert!(leaves(&deep).unwrap_err().message().contains("nested deeper"));
}

#[test]
fn finds_text_by_path() {
    let document = "<ErrorResponse><Error><Code>C</Code><Message>m &lt;1&gt;</Message></Error></ErrorResponse>";
    assert_eq!(find_text(document, &["Error", "Code"]).unwrap().as_deref(), Some("C"));
    assert_eq!(find_text(document, &["ErrorResponse", "Error", "Message"]).unwrap().as_deref(), Some("m <1>"));
    assert_eq!(find_text(document, &["Error", "Type"]).unwrap(), None);
    assert_eq!(find_text(document, &["Nothing"]).unwrap(), None);
    assert!(find_text("<a><Error><Code>C</Code>", &["Error", "Code"]).unwrap().is_some(), "reads no further");
    assert!(find_text("<a><Error><Code>C<x/></Code></Error></a>", &["Error", "Code"]).is_err());
}

/// Bounded fuzzing: every prefix of a few documents, and a few thousand random
/// byte-level mutations of them, must give a result or an error, never a panic,
/// and never loop (each call consumes input).
#[test]
fn fuzzed_documents_never_panic() {
    let seeds = [
        "<?xml version=\"1.0\"?><r a=\"&amp;\"><l><member>1</member></l><m><entry><key>k</key><value>v</value></entry></m></r>",
        "<ErrorResponse><Error><Type>Sender</Type><Code>C</Code><Message>&#x41;<![CDATA[x]]></Message></Error><RequestId>id</RequestId></ErrorResponse>",
    ];
    let alphabet = b"<>/&;#x!?[]=\"' abvCDATA-:";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut random = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut documents = Vec::new();
    for seed in seeds {
        for end in 0..=seed.len() {
            documents.push(seed.as_bytes()[..end].to_vec());
        }
        for _ in 0..2000 {
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..1 + random(4) {
                let at = random(bytes.len());
                match random(3) {
                    0 => bytes[at] = alphabet[random(alphabet.len())],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, alphabet[random(alphabet.len())]),
                }
            }
            documents.push(bytes);
        }
    }
    let mut errors = 0;
    for bytes in &documents {
        let Ok(document) = std::str::from_utf8(bytes) else { continue };
        if leaves(document).is_err() {
            errors += 1;
        }
        let _ = find_text(document, &["Error", "Code"]);
    }
    assert!(errors > documents.len() / 4, "most mutations are malformed: {errors} of {}", documents.len());
}

#[test]
fn blobs_and_timestamps_are_read_from_text_with_the_path_in_errors() {
    let instant = crate::DateTime::from_secs(1_398_796_238);
    let document = "<r><b>dmFsdWU=</b><e/><t>2014-04-29T18:30:38Z</t><s>1398796238</s><bad>%%</bad></r>";
    let mut reader = XmlReader::new(document);
    let root = reader.root().unwrap();
    let child = reader.next_child(&root).unwrap().unwrap();
    assert_eq!(reader.blob(&child).unwrap().as_ref(), b"value");
    let child = reader.next_child(&root).unwrap().unwrap();
    assert!(reader.blob(&child).unwrap().as_ref().is_empty());
    let child = reader.next_child(&root).unwrap().unwrap();
    assert_eq!(reader.timestamp(&child, crate::Format::DateTime).unwrap(), instant);
    let child = reader.next_child(&root).unwrap().unwrap();
    assert_eq!(reader.timestamp(&child, crate::Format::EpochSeconds).unwrap(), instant);
    let child = reader.next_child(&root).unwrap().unwrap();
    let error = reader.blob(&child).unwrap_err();
    assert_eq!(error.path(), "/r/bad");
    assert!(error.message().starts_with("not base64"), "{error}");

    let mut reader = XmlReader::new("<r><late>soon</late></r>");
    let root = reader.root().unwrap();
    let child = reader.next_child(&root).unwrap().unwrap();
    let error = reader.timestamp(&child, crate::Format::DateTime).unwrap_err();
    assert_eq!(error.path(), "/r/late");
}
