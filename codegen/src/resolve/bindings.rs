//! The protocol seam, resolved: each member's binding and wire name, each operation's
//! request line and auth.
//!
//! The RPC protocols put every member in the body and every operation on `POST /`;
//! restJson1 follows the HTTP binding traits, which are checked here against the
//! operation's URI template so that emitters can trust them.

use super::Resolver;
use crate::error::Diagnostic;
use crate::ir::{self, Auth, Binding, Location, PathSegment, Protocol, RequestLine, StructureRole, XmlLayout};
use crate::smithy::http::{AuthTrait, UriSegment};
use crate::smithy::{self, Member, Shape, ShapeKind};

impl<'m> Resolver<'m> {
    /// Where `member` of a structure playing `role` travels. Only operation inputs,
    /// outputs and errors have bindings; members of nested structures are in the body
    /// of their container.
    pub(super) fn binding(&mut self, member: &Member, role: &StructureRole) -> Option<Binding> {
        if !self.protocol.honours_http_bindings() || *role == StructureRole::Data {
            return Some(Binding::Body);
        }
        let traits = &member.traits;
        let owner = member.id.as_str();
        let input = *role == StructureRole::Input;
        let mut found = Vec::new();
        if let Some(name) = self.check(traits.http_header(owner))? {
            found.push(Binding::Header(name.to_owned()));
        }
        if let Some(prefix) = self.check(traits.http_prefix_headers(owner))? {
            found.push(Binding::PrefixHeaders(prefix.to_owned()));
        }
        if traits.http_label() && input {
            // Greediness comes from the URI template; `request_line` sets it.
            found.push(Binding::Label { greedy: false });
        }
        if let Some(name) = self.check(traits.http_query(owner))?.filter(|_| input) {
            found.push(Binding::Query(name.to_owned()));
        }
        if traits.http_query_params() && input {
            found.push(Binding::QueryParams);
        }
        if traits.http_payload() {
            found.push(Binding::Payload);
        }
        if traits.http_response_code() && *role == StructureRole::Output {
            found.push(Binding::ResponseCode);
        }
        match found.len() {
            0 => Some(Binding::Body),
            1 => found.pop(),
            _ => {
                self.diagnostics.push(Diagnostic::new(owner, "has more than one HTTP binding trait"));
                None
            }
        }
    }

    /// The name of a body member on the wire, as the protocol reads member names.
    pub(super) fn wire_name(&mut self, member: &Member, model_name: &str) -> Option<String> {
        let owner = member.id.as_str();
        let renamed = if self.protocol.names_by_xml() {
            self.check(member.traits.xml_name(owner))?
        } else {
            self.check(member.traits.json_name(owner))?
        };
        Some(renamed.unwrap_or(model_name).to_owned())
    }

    /// How `member`'s value nests in XML and query forms: `@xmlFlattened` on the member,
    /// and the `@xmlName`s of its collection's items, down through nested collections
    /// (which are never flattened themselves).
    pub(super) fn xml_layout(&mut self, member: &Member) -> Option<XmlLayout> {
        self.collection_layout(&member.target, member.traits.xml_flattened())
    }

    fn collection_layout(&mut self, target: &str, flattened: bool) -> Option<XmlLayout> {
        let Some(shape) = self.model.shape(target) else { return Some(XmlLayout::Value) };
        let named = |this: &mut Self, name: &str, fallback: &str| -> Option<(String, String)> {
            let part = shape.members.get(name)?;
            let renamed = this.check(part.traits.xml_name(&part.id))?;
            Some((renamed.unwrap_or(fallback).to_owned(), part.target.clone()))
        };
        match shape.kind {
            ShapeKind::List => {
                let (item, element) = named(self, "member", "member")?;
                let element = Box::new(self.collection_layout(&element, false)?);
                Some(XmlLayout::List { flattened, item, element })
            }
            ShapeKind::Map => {
                let (key, _) = named(self, "key", "key")?;
                let (value, value_target) = named(self, "value", "value")?;
                let value_layout = Box::new(self.collection_layout(&value_target, false)?);
                Some(XmlLayout::Map { flattened, key, value, value_layout })
            }
            _ => Some(XmlLayout::Value),
        }
    }

    /// Where a value bound this way sits, for its timestamp format.
    pub(super) fn location(binding: &Binding) -> Location {
        match binding {
            Binding::Header(_) | Binding::PrefixHeaders(_) => Location::Header,
            Binding::Label { .. } | Binding::Query(_) | Binding::QueryParams => Location::Uri,
            Binding::Body | Binding::Payload | Binding::ResponseCode => Location::Body,
        }
    }

    /// The request line of `operation`, fixing the greediness of `input`'s labels.
    /// REST operations need `@http`; each `{label}` must name a required `@httpLabel`
    /// member and each such member a label.
    pub(super) fn request_line(
        &mut self,
        operation: &Shape,
        service_name: &str,
        input: &mut ir::Structure,
    ) -> Option<RequestLine> {
        let id = operation.id.as_str();
        let name = smithy::shape_name(id);
        let rpc = |target: String| RequestLine {
            method: "POST".to_owned(),
            path: Vec::new(),
            trailing_slash: false,
            literal_query: Vec::new(),
            target: Some(target),
            success_code: 200,
        };
        match self.protocol {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => return Some(rpc(format!("{service_name}.{name}"))),
            Protocol::AwsQuery => return Some(rpc(name.to_owned())),
            Protocol::RestJson1 => {}
        }
        let Some(http) = self.check(operation.traits.http(id))? else {
            self.diagnostics.push(Diagnostic::new(id, "has no @http trait, which restJson1 operations need"));
            return None;
        };
        let mut path = Vec::new();
        for segment in &http.uri.segments {
            path.push(match segment {
                UriSegment::Literal(text) => PathSegment::Literal(text.clone()),
                UriSegment::Label(label) | UriSegment::GreedyLabel(label) => {
                    let greedy = matches!(segment, UriSegment::GreedyLabel(_));
                    let Some(member) = input.members.iter_mut().find(|m| m.model_name == *label) else {
                        self.diagnostics
                            .push(Diagnostic::new(id, format!("URI label `{{{label}}}` names no input member")));
                        return None;
                    };
                    if !matches!(member.binding, Binding::Label { .. }) {
                        self.diagnostics.push(Diagnostic::new(
                            id,
                            format!("URI label `{{{label}}}` names input member `{label}`, which lacks @httpLabel"),
                        ));
                        return None;
                    }
                    member.binding = Binding::Label { greedy };
                    PathSegment::Label { field: member.field.clone(), greedy }
                }
            });
        }
        let labelled: Vec<&str> = http.uri.labels().map(|(label, _)| label).collect();
        for member in &input.members {
            if matches!(member.binding, Binding::Label { .. }) && !labelled.contains(&member.model_name.as_str()) {
                self.diagnostics.push(Diagnostic::new(
                    id,
                    format!("input member `{}` has @httpLabel but the URI has no `{{{0}}}`", member.model_name),
                ));
            }
        }
        Some(RequestLine {
            method: http.method,
            path,
            trailing_slash: http.uri.trailing_slash,
            literal_query: http.uri.query,
            target: None,
            success_code: http.code,
        })
    }

    /// Checks what a structure's bindings allow together: at most one payload, and no
    /// body members beside it.
    pub(super) fn check_bindings(&mut self, structure: &ir::Structure) {
        let payloads = structure.members.iter().filter(|m| m.binding == Binding::Payload).count();
        let in_body = structure.members.iter().filter(|m| m.binding == Binding::Body).count();
        if payloads > 1 {
            self.diagnostics.push(Diagnostic::new(&structure.shape_id, "has more than one @httpPayload member"));
        } else if payloads == 1 && in_body > 0 {
            self.diagnostics.push(Diagnostic::new(
                &structure.shape_id,
                "has an @httpPayload member and members without a binding; they cannot share the body",
            ));
        }
    }

    /// How an operation's requests are authenticated: `@auth([])` and `@optionalAuth`
    /// on the operation (else on the service) relax the service's SigV4.
    pub(super) fn auth(&mut self, operation: &Shape, signed: bool) -> Auth {
        if !signed {
            return Auth::None;
        }
        let own = self.check(operation.traits.auth(&operation.id)).flatten();
        let relaxed = match own {
            Some(relaxed) => Some(relaxed),
            None if operation.traits.has("smithy.api#auth") => None,
            None => self.check(self.service.traits.auth(&self.service.id)).flatten(),
        };
        match relaxed {
            Some(AuthTrait::None) => Auth::None,
            Some(AuthTrait::Optional) => Auth::Optional,
            None => Auth::SigV4,
        }
    }
}
