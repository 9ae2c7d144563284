//! awsQuery responses: the success envelope and the error document.

use crate::ErrorMetadata;
use crate::xml::{Element, XmlError, XmlReader};

/// Reads a successful response, `<{operation}Response>` holding
/// `<{operation}Result>` (the output members) and
/// `<ResponseMetadata><RequestId>`. `read` is called with the reader and the
/// result element, or with `None` when the response has none (an operation
/// without output members; an empty body is such a response). Returns what
/// `read` returned and the request id.
pub fn read_response<'a, T>(
    body: &'a [u8],
    operation: &str,
    read: impl FnOnce(&mut XmlReader<'a>, Option<&Element<'a>>) -> Result<T, XmlError>,
) -> Result<(T, Option<String>), XmlError> {
    let text =
        std::str::from_utf8(body).map_err(|error| XmlError::new("/", format!("the body is not UTF-8: {error}")))?;
    let mut reader = XmlReader::new(text);
    if text.trim().is_empty() {
        return Ok((read(&mut reader, None)?, None));
    }
    let root = reader.root()?;
    let response = format!("{operation}Response");
    if root.name() != response {
        return Err(reader.error(&format!("the root element is <{}>, not <{response}>", root.name())));
    }
    let result = format!("{operation}Result");
    let mut output = None;
    let mut read = Some(read);
    let mut request_id = None;
    while let Some(child) = reader.next_child(&root)? {
        if child.name() == result {
            if let Some(read) = read.take() {
                output = Some(read(&mut reader, Some(&child))?);
            }
        } else if child.name() == "ResponseMetadata" {
            request_id = child_text(&mut reader, &child, "RequestId")?;
        }
    }
    reader.finish()?;
    let output = match (output, read) {
        (Some(output), _) => output,
        (None, Some(read)) => read(&mut reader, None)?,
        (None, None) => unreachable_output()?,
    };
    Ok((output, request_id))
}

/// `read` is taken exactly when an output is produced, so this is never reached;
/// it is an error rather than a panic all the same.
fn unreachable_output<T>() -> Result<T, XmlError> {
    Err(XmlError::new("/", "the result was read without an output"))
}

/// The text of the first child of `parent` named `name`, reading `parent` to its end.
fn child_text<'a>(reader: &mut XmlReader<'a>, parent: &Element<'a>, name: &str) -> Result<Option<String>, XmlError> {
    let mut found = None;
    while let Some(child) = reader.next_child(parent)? {
        if child.name() == name && found.is_none() {
            found = Some(reader.text(&child)?.into_owned());
        }
    }
    Ok(found)
}

/// What an awsQuery error document says: `<ErrorResponse><Error>` with `Type`
/// (`Sender` or `Receiver`), `Code` and `Message`, and `<RequestId>` beside
/// `<Error>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryError {
    /// `Sender` or `Receiver`, when given.
    pub error_type: Option<String>,
    /// The code as sent: a modeled error's name or its `@awsQueryError` code.
    pub code: Option<String>,
    /// The message, when given.
    pub message: Option<String>,
    /// The request id, when given.
    pub request_id: Option<String>,
}

impl QueryError {
    /// As the runtime's common [`ErrorMetadata`], with the response's status.
    pub fn into_metadata(self, status: u16) -> ErrorMetadata {
        ErrorMetadata::new(self.code, self.message, self.request_id, Some(status))
    }
}

/// Reads an error response. `member` is called for each child of `<Error>`
/// other than `Type`, `Code` and `Message`, so a generated parser can read
/// a modeled error's members there; pass `|_, _| Ok(())` to skip them. (Such
/// children come after the code in AWS's answers, but any order works: the
/// parser may collect them and decide once the code is known.)
pub fn read_error<'a>(
    body: &'a [u8],
    mut member: impl FnMut(&mut XmlReader<'a>, &Element<'a>) -> Result<(), XmlError>,
) -> Result<QueryError, XmlError> {
    let text =
        std::str::from_utf8(body).map_err(|error| XmlError::new("/", format!("the body is not UTF-8: {error}")))?;
    let mut reader = XmlReader::new(text);
    let root = reader.root()?;
    if root.name() != "ErrorResponse" {
        return Err(reader.error(&format!("the root element is <{}>, not <ErrorResponse>", root.name())));
    }
    let mut error = QueryError::default();
    while let Some(child) = reader.next_child(&root)? {
        match child.name() {
            "Error" => {
                while let Some(field) = reader.next_child(&child)? {
                    match field.name() {
                        "Type" => error.error_type = Some(reader.text(&field)?.into_owned()),
                        "Code" => error.code = Some(reader.text(&field)?.into_owned()),
                        "Message" => error.message = Some(reader.text(&field)?.into_owned()),
                        _ => member(&mut reader, &field)?,
                    }
                }
            }
            "RequestId" => error.request_id = Some(reader.text(&child)?.into_owned()),
            _ => {}
        }
    }
    reader.finish()?;
    Ok(error)
}

/// The modeled error a code names. `table` pairs each code the service sends
/// with the error shape's name: the `@awsQueryError` code for errors that have
/// one, the shape's own name otherwise (the generator writes it from the model).
///
/// ```
/// use aws_client_runtime::protocol::query::modeled_error;
/// let table = [("Customized", "CustomCodeError"), ("InvalidGreeting", "InvalidGreeting")];
/// assert_eq!(modeled_error("Customized", &table), Some("CustomCodeError"));
/// assert_eq!(modeled_error("CustomCodeError", &table), None);
/// ```
pub fn modeled_error<'t>(code: &str, table: &[(&str, &'t str)]) -> Option<&'t str> {
    table.iter().find(|(wire, _)| *wire == code).map(|(_, shape)| *shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_envelope_and_request_id() {
        let body = b"<OpResponse xmlns=\"urn:x\"><OpResult><a>1</a></OpResult>\
            <ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></OpResponse>";
        let (a, id) = read_response(body, "Op", |reader, result| {
            let result = result.expect("a result");
            let child = reader.next_child(result)?.expect("a child");
            reader.parse::<i32>(&child, "an integer")
        })
        .unwrap();
        assert_eq!((a, id.as_deref()), (1, Some("rid")));
        let (none, id) = read_response(b"", "Op", |_, result| Ok(result.is_none())).unwrap();
        assert!(none && id.is_none());
        let (none, _) = read_response(b"<OpResponse/>", "Op", |_, result| Ok(result.is_none())).unwrap();
        assert!(none);
        let error = read_response(b"<Other/>", "Op", |_, _| Ok(())).unwrap_err();
        assert_eq!(error.to_string(), "XML at /: the root element is <Other>, not <OpResponse>");
        let error = read_response(b"<OpResponse><OpResult>", "Op", |_, _| Ok(())).unwrap_err();
        assert_eq!(error.path(), "/OpResponse/OpResult");
        assert!(read_response(b"\xff", "Op", |_, _| Ok(())).is_err());
    }

    #[test]
    fn reads_errors_with_members() {
        let body = b"<ErrorResponse><Error><Type>Sender</Type><Code>Customized</Code><Message>Hi &amp; bye</Message>\
            <Extra>x</Extra></Error><RequestId>foo-id</RequestId></ErrorResponse>";
        let mut extra = Vec::new();
        let error = read_error(body, |reader, field| {
            extra.push((field.name().to_owned(), reader.text(field)?.into_owned()));
            Ok(())
        })
        .unwrap();
        assert_eq!(error.error_type.as_deref(), Some("Sender"));
        assert_eq!(error.code.as_deref(), Some("Customized"));
        assert_eq!(extra, [("Extra".to_owned(), "x".to_owned())]);
        let metadata = error.into_metadata(402);
        assert_eq!(metadata.message(), Some("Hi & bye"));
        assert_eq!(metadata.request_id(), Some("foo-id"));
        assert_eq!(metadata.status(), Some(402));
        assert!(read_error(b"<Error/>", |_, _| Ok(())).is_err());
        assert!(read_error(b"<ErrorResponse><Error>", |_, _| Ok(())).is_err());
    }
}
