//! The runtime's one XML reader: a forward-only walk over elements, for the
//! response parsers the generator writes (awsQuery today, restXml next) and for
//! the STS answers of the credential providers.
//!
//! Tokens come from `xmlparser`, which checks the syntax of each token and
//! borrows from the input; this module adds what a tokenizer leaves out: end
//! tags must match their start tags, references in text and attribute values
//! are decoded, and a document type declaration is refused (AWS never sends
//! one, and entity definitions are a way to make a reader do unbounded work).
//!
//! A parser walks the tree with [`XmlReader::next_child`], which steps over
//! whatever part of the previous child was not read, so unknown elements cost
//! nothing to skip, and reads leaves with [`XmlReader::text`] or
//! [`XmlReader::parse`]:
//!
//! ```
//! use aws_client_runtime::xml::XmlReader;
//! let mut reader = XmlReader::new("<a><skip><x/></skip><b>1 &amp; 2</b></a>");
//! let root = reader.root().unwrap();
//! let mut found = None;
//! while let Some(child) = reader.next_child(&root).unwrap() {
//!     if child.name() == "b" {
//!         found = Some(reader.text(&child).unwrap());
//!     }
//! }
//! assert_eq!(found.as_deref(), Some("1 & 2"));
//! ```
//!
//! Wrapped lists are an element whose children are the members
//! (`<List><member>…</member></List>`), flattened lists repeat the member's own
//! element among its parent's children, and maps are `entry` elements (or the
//! flattened map's own name) each with a `key` and a `value` child: all three
//! are loops over [`XmlReader::next_child`]. Every error names the element path
//! where it was found (`/AssumeRoleResponse/AssumeRoleResult`); the reader
//! never panics on any input.

mod text;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use xmlparser::{ElementEnd, Token, Tokenizer};

/// The deepest nesting accepted: far beyond any AWS response, and a bound on the
/// recursion of parsers that descend one call per element.
pub const MAX_DEPTH: usize = 100;

/// A malformed document, or one whose structure is not what the parser expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    path: String,
    message: String,
}

impl XmlError {
    /// An error at `path` (element names joined by `/`).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        XmlError { path: path.into(), message: message.into() }
    }

    /// The element path where the problem was found, such as `/a/b` (`/` for
    /// the document level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "XML at {}: {}", self.path, self.message)
    }
}

impl std::error::Error for XmlError {}

/// An element the reader has entered: its name and attributes. Its content is read
/// with [`XmlReader::next_child`] or [`XmlReader::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element<'a> {
    prefix: &'a str,
    name: &'a str,
    attributes: Vec<(&'a str, Cow<'a, str>)>,
    /// Number of open elements when this one is open, itself included.
    depth: usize,
    /// Distinguishes this element from a later sibling at the same depth.
    id: u64,
    /// `<name/>`: already closed, no content.
    empty: bool,
}

impl<'a> Element<'a> {
    /// The local name (without a namespace prefix).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The namespace prefix, empty when there is none.
    pub fn prefix(&self) -> &'a str {
        self.prefix
    }

    /// The decoded value of the attribute with this local name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(local, _)| *local == name).map(|(_, value)| value.as_ref())
    }
}

/// A forward-only reader over one document (see the [module](self) documentation).
pub struct XmlReader<'a> {
    tokens: Tokenizer<'a>,
    /// The open elements, outermost first: qualified name as written, and id.
    open: Vec<(&'a str, &'a str, u64)>,
    next_id: u64,
    /// Set by the first error: the reader stops there, as the token stream may be
    /// out of step with the elements.
    failed: bool,
}

impl<'a> XmlReader<'a> {
    /// A reader at the start of `document`.
    pub fn new(document: &'a str) -> Self {
        XmlReader { tokens: Tokenizer::from(document), open: Vec::new(), next_id: 0, failed: false }
    }

    /// Enters the root element, past the XML declaration, comments and processing
    /// instructions before it.
    pub fn root(&mut self) -> Result<Element<'a>, XmlError> {
        if self.next_id != 0 {
            return Err(self.error("the root element was already read"));
        }
        loop {
            match self.token()? {
                Some(Token::ElementStart { prefix, local, .. }) => {
                    return self.open_element(prefix.as_str(), local.as_str());
                }
                Some(Token::Text { text }) if text.as_str().trim().is_empty() => {}
                Some(Token::Text { .. } | Token::Cdata { .. }) => {
                    return Err(self.fail("text before the root element"));
                }
                Some(_) => {}
                None => return Err(self.fail("the document has no root element")),
            }
        }
    }

    /// The next child element of `parent`, or `None` once `parent` is closed.
    /// Any content of the previous child that was not read is skipped, and text
    /// between children is ignored.
    pub fn next_child(&mut self, parent: &Element<'a>) -> Result<Option<Element<'a>>, XmlError> {
        if !self.is_open(parent) {
            return Ok(None);
        }
        while self.open.len() > parent.depth {
            self.skip_token()?;
        }
        loop {
            match self.token()? {
                Some(Token::ElementStart { prefix, local, .. }) => {
                    return self.open_element(prefix.as_str(), local.as_str()).map(Some);
                }
                Some(Token::ElementEnd { end: ElementEnd::Close(prefix, local), .. }) => {
                    self.close(prefix.as_str(), local.as_str())?;
                    return Ok(None);
                }
                Some(Token::Text { text }) => {
                    // Text between elements is ignored, but must be well-formed.
                    if let Err(message) = text::decode(text.as_str()) {
                        return Err(self.fail(&message));
                    }
                }
                Some(_) => {}
                None => return Err(self.fail("the document ends inside this element")),
            }
        }
    }

    /// The decoded text content of `element`, which must have just been entered;
    /// reads through its end tag. A child element inside is an error. The text is
    /// borrowed from the document when it needs no decoding (the common case).
    pub fn text(&mut self, element: &Element<'a>) -> Result<Cow<'a, str>, XmlError> {
        if element.empty {
            return Ok(Cow::Borrowed(""));
        }
        if !self.is_open(element) || self.open.len() != element.depth {
            return Err(self.error(&format!("the text of <{}> was asked for after its content was read", element.name)));
        }
        let mut out: Option<Cow<'a, str>> = None;
        loop {
            let piece = match self.token()? {
                Some(Token::Text { text }) => match text::decode(text.as_str()) {
                    Ok(decoded) => decoded,
                    Err(message) => return Err(self.fail(&message)),
                },
                Some(Token::Cdata { text, .. }) => Cow::Borrowed(text.as_str()),
                Some(Token::ElementStart { local, .. }) => {
                    let message = format!("element <{}> where text was expected", local.as_str());
                    return Err(self.fail(&message));
                }
                Some(Token::ElementEnd { end: ElementEnd::Close(prefix, local), .. }) => {
                    self.close(prefix.as_str(), local.as_str())?;
                    return Ok(out.unwrap_or(Cow::Borrowed("")));
                }
                Some(_) => continue,
                None => return Err(self.fail("the document ends inside this element")),
            };
            out = Some(match out {
                None => piece,
                Some(before) => Cow::Owned(before.into_owned() + &piece),
            });
        }
    }

    /// The text of `element` parsed as `T` (numbers, booleans); the error names
    /// the element and quotes the text. Surrounding whitespace is not accepted,
    /// as AWS never sends it around a value.
    pub fn parse<T: FromStr>(&mut self, element: &Element<'a>, what: &str) -> Result<T, XmlError> {
        let text = self.text(element)?;
        text.parse().map_err(|_| XmlError {
            path: format!("{}/{}", self.path(), element.name),
            message: format!("`{}` is not {what}", text.chars().take(40).collect::<String>()),
        })
    }

    /// The text of `element` decoded from base64 (an empty element is no bytes).
    pub fn blob(&mut self, element: &Element<'a>) -> Result<crate::Blob, XmlError> {
        let text = self.text(element)?;
        crate::base64::decode(text.trim().as_bytes()).map(crate::Blob::new).map_err(|error| XmlError {
            path: format!("{}/{}", self.path(), element.name),
            message: format!("not base64: {error}"),
        })
    }

    /// The text of `element` as a timestamp in `format`.
    pub fn timestamp(&mut self, element: &Element<'a>, format: crate::Format) -> Result<crate::DateTime, XmlError> {
        let text = self.text(element)?;
        crate::DateTime::parse(text.trim(), format)
            .map_err(|error| XmlError { path: format!("{}/{}", self.path(), element.name), message: error.to_string() })
    }

    /// Reads through the end of `element`, skipping its content.
    pub fn skip(&mut self, element: &Element<'a>) -> Result<(), XmlError> {
        while self.is_open(element) {
            self.skip_token()?;
        }
        Ok(())
    }

    /// Checks the rest of the document once the root was read: only comments,
    /// processing instructions and whitespace may follow it. A parser that read
    /// everything it needs calls this so that a truncated or doubled document
    /// is not taken for a whole one.
    pub fn finish(&mut self) -> Result<(), XmlError> {
        while let Some((_, name, id)) = self.open.first().copied() {
            let root = Element { prefix: "", name, attributes: Vec::new(), depth: 1, id, empty: false };
            self.skip(&root)?;
        }
        if self.next_id == 0 {
            return Err(self.error("the document has no root element"));
        }
        loop {
            match self.token()? {
                None => return Ok(()),
                Some(Token::Text { text }) if text.as_str().trim().is_empty() => {}
                Some(Token::Comment { .. } | Token::ProcessingInstruction { .. }) => {}
                Some(_) => return Err(self.fail("content after the root element")),
            }
        }
    }

    /// An error at the reader's current element path, for a parser to report
    /// content it cannot use (an unexpected root element, a bad value).
    pub fn error(&self, message: &str) -> XmlError {
        XmlError { path: self.path(), message: message.to_owned() }
    }

    fn path(&self) -> String {
        if self.open.is_empty() {
            return "/".to_owned();
        }
        self.open.iter().fold(String::new(), |path, (_, local, _)| path + "/" + local)
    }

    fn fail(&mut self, message: &str) -> XmlError {
        self.failed = true;
        self.error(message)
    }

    fn is_open(&self, element: &Element<'a>) -> bool {
        !element.empty && self.open.get(element.depth - 1).is_some_and(|(_, _, id)| *id == element.id)
    }

    /// The next token; a tokenizer error or a document type declaration is an error.
    fn token(&mut self) -> Result<Option<Token<'a>>, XmlError> {
        if self.failed {
            return Err(self.error("the document was already found malformed"));
        }
        match self.tokens.next() {
            None => Ok(None),
            Some(Err(error)) => Err(self.fail(&format!("malformed: {error}"))),
            Some(Ok(Token::DtdStart { .. } | Token::EmptyDtd { .. } | Token::EntityDeclaration { .. })) => {
                Err(self.fail("a document type declaration is not accepted"))
            }
            Some(Ok(token)) => Ok(Some(token)),
        }
    }

    /// Processes one token of content that is being skipped.
    fn skip_token(&mut self) -> Result<(), XmlError> {
        match self.token()? {
            Some(Token::ElementStart { prefix, local, .. }) => {
                self.open_element(prefix.as_str(), local.as_str())?;
            }
            Some(Token::ElementEnd { end: ElementEnd::Close(prefix, local), .. }) => {
                self.close(prefix.as_str(), local.as_str())?;
            }
            Some(Token::Text { text }) => {
                // Skipped text must still be well-formed.
                if let Err(message) = text::decode(text.as_str()) {
                    return Err(self.fail(&message));
                }
            }
            Some(_) => {}
            None => return Err(self.fail("the document ends inside this element")),
        }
        Ok(())
    }

    /// Reads the attributes after an element's start and whether it is empty.
    fn open_element(&mut self, prefix: &'a str, name: &'a str) -> Result<Element<'a>, XmlError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.fail(&format!("elements nested deeper than {MAX_DEPTH}")));
        }
        let mut attributes = Vec::new();
        let empty = loop {
            match self.token()? {
                Some(Token::Attribute { local, value, .. }) => match text::decode(value.as_str()) {
                    Ok(decoded) => attributes.push((local.as_str(), decoded)),
                    Err(message) => return Err(self.fail(&format!("attribute `{}`: {message}", local.as_str()))),
                },
                Some(Token::ElementEnd { end: ElementEnd::Open, .. }) => break false,
                Some(Token::ElementEnd { end: ElementEnd::Empty, .. }) => break true,
                _ => return Err(self.fail(&format!("the start tag of <{name}> is not closed"))),
            }
        };
        self.next_id += 1;
        let id = self.next_id;
        if !empty {
            self.open.push((prefix, name, id));
        }
        Ok(Element { prefix, name, attributes, depth: self.open.len() + usize::from(empty), id, empty })
    }

    fn close(&mut self, prefix: &'a str, name: &'a str) -> Result<(), XmlError> {
        match self.open.last() {
            Some((open_prefix, open_name, _)) if *open_prefix == prefix && *open_name == name => {
                self.open.pop();
                Ok(())
            }
            Some(_) => Err(self.fail(&format!("the end tag </{}> does not match", qualified(prefix, name)))),
            None => Err(self.fail(&format!("an end tag </{}> outside any element", qualified(prefix, name)))),
        }
    }
}

fn qualified(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}:{name}") }
}

/// The text of the element reached by `path`: the first name matches the root or,
/// failing that, the first element of that name anywhere below it; each further name
/// a child of the previous match. `Ok(None)` when there is no such element.
pub fn find_text(document: &str, path: &[&str]) -> Result<Option<String>, XmlError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(None);
    };
    let mut reader = XmlReader::new(document);
    let root = reader.root()?;
    let mut current = if root.name == *first { Some(root) } else { find_descendant(&mut reader, &root, first)? };
    for name in rest {
        let Some(parent) = current.take() else {
            return Ok(None);
        };
        while let Some(child) = reader.next_child(&parent)? {
            if child.name == *name {
                current = Some(child);
                break;
            }
        }
    }
    match current {
        Some(element) => reader.text(&element).map(|text| Some(text.into_owned())),
        None => Ok(None),
    }
}

/// The first element named `name` below `parent`, in document order.
fn find_descendant<'a>(
    reader: &mut XmlReader<'a>,
    parent: &Element<'a>,
    name: &str,
) -> Result<Option<Element<'a>>, XmlError> {
    while let Some(child) = reader.next_child(parent)? {
        if child.name == name {
            return Ok(Some(child));
        }
        if let Some(found) = find_descendant(reader, &child, name)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests;
