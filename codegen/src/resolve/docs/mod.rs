//! Conversion of Smithy documentation HTML (the `smithy.api#documentation`
//! trait) into rustdoc Markdown.
//!
//! AWS models use a small, loosely written HTML dialect: `<p>`, `<code>`,
//! `<a>` (with an `href`, or without one as a cross reference to another
//! shape), lists, `<note>`/`<important>` call-outs, `<fullname>` and a few
//! more. [`html_to_markdown`] turns such a string into Markdown that rustdoc
//! renders without warnings:
//!
//! * only the tags in `TAGS` (and their synonyms) are markup; any other
//!   `<...>`, such as `<accountId>` inside a code element, is literal text;
//! * whitespace is collapsed, so model indentation never becomes an indented
//!   code block, and `<pre>` becomes a fenced `text` block (never a doctest);
//! * Markdown-special characters in text are backslash-escaped, bare URLs
//!   become `<url>` autolinks, and no raw HTML reaches the output.
//!
//! It works in two stages: a tolerant tree builder that recovers from
//! unclosed and misnested tags, then a renderer from the tree to Markdown
//! blocks (paragraphs, lists, code blocks). It never panics, nesting is capped
//! at `MAX_DEPTH`, and the work is linear in the input size.

#[cfg(test)]
mod tests;

/// Deepest element nesting that is kept; deeper start tags are ignored (their
/// text is kept). Bounds recursion and per-level copying.
const MAX_DEPTH: usize = 64;

/// Converts one documentation HTML string to rustdoc Markdown.
///
/// `resolve_ref` receives the trimmed text of an `<a>` element without `href`
/// (a cross reference such as `ImageDetail` or `Shape$member`) and returns an
/// intra-doc path for it, if known. Resolved references become
/// ``[`Text`](path)``, unresolved ones plain inline code `` `Text` ``.
///
/// The result has one paragraph per line, blank lines between blocks, no
/// leading or trailing blank lines and no trailing newline; it is empty when
/// the input has no visible content.
pub fn html_to_markdown(html: &str, resolve_ref: &dyn Fn(&str) -> Option<String>) -> String {
    let mut lines = Vec::new();
    render(&Conv(resolve_ref).blocks(&parse(html)), false, &mut lines);
    lines.join("\n")
}

// --- Tree building ---------------------------------------------------------

/// The known tags, by canonical name (see [`known_tag`] for synonyms).
const TAGS: &str = "p br code pre a i b ul ol li dl dt dd note important fullname h div span";

/// Known tags that form blocks of their own.
const BLOCKS: &str = "p pre ul ol li dl dt dd note important h div";

/// Named entities that are decoded; other names are left as they are.
#[rustfmt::skip]
const ENTITIES: &[(&str, char)] = &[
    ("lt", '<'), ("gt", '>'), ("amp", '&'), ("quot", '"'), ("apos", '\''), ("nbsp", '\u{a0}'),
    ("ndash", '\u{2013}'), ("mdash", '\u{2014}'), ("hellip", '\u{2026}'), ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'), ("ldquo", '\u{201c}'), ("rdquo", '\u{201d}'), ("copy", '\u{a9}'),
    ("reg", '\u{ae}'), ("trade", '\u{2122}'),
];

/// Canonical name of a known tag, in any case; `None` for anything else.
fn known_tag(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    let name = match name.as_str() {
        "em" => "i",
        "strong" => "b",
        "section" => "div",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "h",
        other => other,
    };
    TAGS.split(' ').find(|t| *t == name)
}

enum Node {
    Text(String),
    Elem(Elem),
}

struct Elem {
    /// Canonical tag name; `""` for the root.
    tag: &'static str,
    href: Option<String>,
    children: Vec<Node>,
    /// Whether some descendant is a block element.
    has_block: bool,
}

impl Elem {
    fn new(tag: &'static str, href: Option<String>) -> Self {
        let children = Vec::new();
        Elem { tag, href, children, has_block: false }
    }

    fn is_block(&self) -> bool {
        BLOCKS.split(' ').any(|t| t == self.tag)
    }
}

/// A known tag found in the input: the element it opens (or closes), whether
/// it is an end tag, whether it is self-closing, and the offset after `>`.
type TagTok = (Elem, bool, bool, usize);

/// Reads a known tag at the `<` at byte `i`. The tag ends at the next `>`;
/// hitting a `<` first means it is text. Each attempt scans only up to the
/// next `<` or `>`, which keeps parsing linear.
fn parse_tag(s: &str, i: usize) -> Option<TagTok> {
    let b = s.as_bytes();
    let close = b.get(i + 1) == Some(&b'/');
    let start = i + 1 + usize::from(close);
    if !b.get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    let tag = known_tag(&s[start..start + name_len])?;
    let rest = &s[start + name_len..];
    let end = rest.find(['<', '>'])?;
    let delimited = rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/');
    if !delimited || rest.as_bytes()[end] != b'>' {
        return None; // e.g. `<p-x>` or `<p <b>`
    }
    let attrs = &rest[..end];
    // `<br/>` or `<p />`, but not an unquoted value ending in `/` (`href=x/`).
    let slash = attrs.trim_end().strip_suffix('/');
    let self_close = slash.is_some_and(|a| a.is_empty() || a.ends_with([' ', '\t', '\n', '"', '\'']));
    let href = if close { None } else { href_attr(attrs) };
    let end = start + name_len + end + 1;
    Some((Elem::new(tag, href), close, self_close, end))
}

/// The entity-decoded `href` attribute value in a tag's attribute text.
fn href_attr(attrs: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase(); // same byte offsets as `attrs`
    let k = lower.match_indices("href").map(|(k, _)| k + 4).find(|&k| {
        k > 4 && lower.as_bytes()[k - 5].is_ascii_whitespace() && attrs[k..].trim_start().starts_with('=')
    })?;
    let value = attrs[k..].trim_start()[1..].trim_start();
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].split(q).next(),
        _ => value.split(|c: char| c.is_ascii_whitespace()).next(),
    };
    Some(decode_entities(value.unwrap_or_default()))
}

/// Decodes one entity body (the text between `&` and `;`).
fn entity(body: &str) -> Option<char> {
    let c = match body.strip_prefix('#') {
        Some(num) => {
            let (digits, radix) = num.strip_prefix(['x', 'X']).map_or((num, 10), |h| (h, 16));
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            char::from_u32(u32::from_str_radix(digits, radix).ok()?)?
        }
        None => ENTITIES.iter().find(|(name, _)| *name == body)?.1,
    };
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')).then_some(c)
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let semi = rest.bytes().take(40).position(|c| c == b';');
        let decoded = semi.and_then(|n| Some((entity(&rest[1..n])?, n + 1)));
        let (c, len) = decoded.unwrap_or(('&', 1)); // unknown: keep the `&`
        out.push(c);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// Parses into a tree with HTML-like error recovery: end tags without an
/// open element are ignored, and anything left open is closed at the end.
fn parse(s: &str) -> Vec<Node> {
    let mut stack = vec![Elem::new("", None)];
    let (mut i, mut run) = (0, 0);
    while let Some(k) = s[i..].find('<') {
        let at = i + k;
        i = at + 1;
        if let Some(t) = parse_tag(s, at) {
            add(&mut stack, Node::Text(decode_entities(&s[run..at])));
            (i, run) = (t.3, t.3);
            apply_tag(&mut stack, t);
        }
    }
    add(&mut stack, Node::Text(decode_entities(&s[run..])));
    close_to(&mut stack, 1);
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// Appends a node to the innermost open element, merging adjacent text.
fn add(stack: &mut [Elem], node: Node) {
    let Some(top) = stack.last_mut() else { return };
    match (node, top.children.last_mut()) {
        (Node::Text(t), Some(Node::Text(prev))) => prev.push_str(&t),
        (Node::Text(t), _) if t.is_empty() => {}
        (node, _) => {
            if let Node::Elem(e) = &node {
                top.has_block |= e.has_block || e.is_block();
            }
            top.children.push(node);
        }
    }
}

/// Closes open elements until `len` remain; the root is never closed.
fn close_to(stack: &mut Vec<Elem>, len: usize) {
    while stack.len() > len.max(1) {
        if let Some(e) = stack.pop() {
            add(stack, Node::Elem(e));
        }
    }
}

fn apply_tag(stack: &mut Vec<Elem>, (elem, close, self_close, _): TagTok) {
    if elem.tag == "br" {
        return add(stack, Node::Elem(elem));
    }
    if close {
        if let Some(k) = stack.iter().rposition(|e| e.tag == elem.tag) {
            close_to(stack, k);
        }
        return;
    }
    // A new item implicitly closes the open item of the same list.
    let (items, lists): (&[&str], &[&str]) = match elem.tag {
        "li" => (&["li"], &["ul", "ol"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        _ => (&[], &[]),
    };
    let open = stack.iter().rposition(|e| items.contains(&e.tag) || lists.contains(&e.tag));
    if let Some(k) = open.filter(|&k| items.contains(&stack[k].tag)) {
        close_to(stack, k);
    }
    if stack.len() <= MAX_DEPTH {
        stack.push(elem);
        if self_close {
            close_to(stack, stack.len() - 1);
        }
    }
}

// --- Rendering -------------------------------------------------------------

enum Block {
    /// Finished Markdown lines of one paragraph (several only after `<br>`).
    Para(Vec<String>),
    /// Verbatim content of a fenced `text` block.
    Code(String),
    /// Whether ordered, and the items (each a non-empty block sequence).
    List(bool, Vec<Vec<Block>>),
}

/// Inline context flags: inside emphasis (no nesting of the same kind) or
/// inside link text (no nested links or autolinks).
const ITALIC: u8 = 1;
const BOLD: u8 = 2;
const LINK: u8 = 4;

/// Block flow under construction: pending inline Markdown, finished blocks.
#[derive(Default)]
struct Flow {
    cur: String,
    out: Vec<Block>,
}

impl Flow {
    fn flush(&mut self) {
        if let Some(lines) = para_lines(&std::mem::take(&mut self.cur)) {
            self.out.push(Block::Para(lines));
        }
    }
}

/// The converter, holding the cross-reference resolver.
struct Conv<'r>(&'r dyn Fn(&str) -> Option<String>);

impl Conv<'_> {
    fn blocks(&self, nodes: &[Node]) -> Vec<Block> {
        let mut flow = Flow::default();
        self.walk(nodes, &mut flow);
        flow.flush();
        flow.out
    }

    /// Walks nodes in block context.
    fn walk(&self, nodes: &[Node], flow: &mut Flow) {
        for node in nodes {
            let e = match node {
                Node::Elem(e) if e.is_block() || e.has_block => e,
                _ => {
                    self.inline(std::slice::from_ref(node), 0, &mut flow.cur);
                    continue;
                }
            };
            if e.is_block() {
                flow.flush();
            }
            match e.tag {
                "ul" | "ol" | "li" => {
                    let items = match e.tag {
                        "li" => vec![self.blocks(&e.children)],
                        _ => self.list_items(&e.children),
                    };
                    let items: Vec<_> = items.into_iter().filter(|i| !i.is_empty()).collect();
                    if !items.is_empty() {
                        flow.out.push(Block::List(e.tag == "ol", items));
                    }
                }
                "dt" | "h" => {
                    let mut s = String::new();
                    self.inline(&e.children, BOLD, &mut s);
                    wrap(&mut flow.cur, &s, "**", "**");
                }
                "note" | "important" => {
                    let mut inner = self.blocks(&e.children);
                    let label = if e.tag == "note" { "Note" } else { "Important" };
                    let label = format!("**{label}:**");
                    match inner.first_mut() {
                        None => {}
                        Some(Block::Para(lines)) => lines[0] = format!("{label} {}", lines[0]),
                        Some(_) => inner.insert(0, Block::Para(vec![label])),
                    }
                    flow.out.extend(inner);
                }
                "pre" => flow.out.extend(pre_text(&e.children).map(Block::Code)),
                "fullname" => {}
                "code" => self.inline(std::slice::from_ref(node), 0, &mut flow.cur),
                // p, div, dl, dd, and inline elements holding blocks (whose
                // formatting cannot survive) are transparent.
                _ => self.walk(&e.children, flow),
            }
            if e.is_block() {
                flow.flush();
            }
        }
    }

    /// Items of a `<ul>`/`<ol>`; runs of stray non-`<li>` content form items too.
    fn list_items(&self, children: &[Node]) -> Vec<Vec<Block>> {
        let mut items = Vec::new();
        let mut start = 0;
        for (k, child) in children.iter().enumerate() {
            if let Node::Elem(e) = child
                && e.tag == "li"
            {
                items.push(self.blocks(&children[start..k]));
                items.push(self.blocks(&e.children));
                start = k + 1;
            }
        }
        items.push(self.blocks(&children[start..]));
        items
    }

    /// Renders nodes in inline context, appending Markdown to `out`.
    fn inline(&self, nodes: &[Node], ctx: u8, out: &mut String) {
        for node in nodes {
            let e = match node {
                Node::Text(t) => {
                    push_text(out, t, ctx & LINK != 0);
                    continue;
                }
                Node::Elem(e) => e,
            };
            let mut inner = String::new();
            match e.tag {
                "br" => out.push('\n'),
                "fullname" => {}
                "code" | "pre" => out.push_str(&code_span(&collapse(&plain(&e.children)))),
                "a" => self.link(e, ctx, out),
                "i" if ctx & ITALIC == 0 => {
                    self.inline(&e.children, ctx | ITALIC, &mut inner);
                    wrap(out, &inner, "*", "*");
                }
                "b" if ctx & BOLD == 0 => {
                    self.inline(&e.children, ctx | BOLD, &mut inner);
                    wrap(out, &inner, "**", "**");
                }
                _ => {
                    let sep = if e.is_block() { " " } else { "" };
                    out.push_str(sep);
                    self.inline(&e.children, ctx, out);
                    out.push_str(sep);
                }
            }
        }
    }

    fn link(&self, e: &Elem, ctx: u8, out: &mut String) {
        let text = collapse(&plain(&e.children));
        let Some(href) = &e.href else {
            // A cross reference to another shape.
            let code = code_span(&text);
            match (ctx & LINK == 0 && !text.is_empty()).then(|| (self.0)(&text)) {
                Some(Some(path)) => out.push_str(&format!("[{code}]({path})")),
                _ => out.push_str(&code),
            }
            return;
        };
        let url = href.trim().replace(['\t', '\n', '\r'], ""); // as browsers do
        let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        let absolute = matches!(scheme.as_deref(), Some("http" | "https" | "mailto"));
        if ctx & LINK != 0 || !absolute || url.contains(['<', '>', '\\']) || url.contains(char::is_control) {
            return self.inline(&e.children, ctx, out); // relative, nested or odd: text only
        }
        if (text.is_empty() || text == url) && !url.contains(' ') {
            return out.push_str(&format!("<{url}>"));
        }
        let paren = url.contains(['(', ')', ' ']);
        let dest = if paren { format!("<{url}>") } else { url };
        let mut inner = String::new();
        self.inline(&e.children, ctx | LINK, &mut inner);
        wrap(out, &inner, "[", &format!("]({dest})"));
    }
}

/// Appends `open + s + close`, moving whitespace (or hard breaks) at the
/// edges of `s` outside the delimiters: emphasis must not start or end with
/// a space. Only that whitespace is appended when `s` is blank.
fn wrap(out: &mut String, s: &str, open: &str, close: &str) {
    let ws = [' ', '\n'];
    let edge = |part: &str| match part {
        "" => "",
        _ if part.contains('\n') => "\n",
        _ => " ",
    };
    let t = s.trim_matches(ws);
    if t.is_empty() {
        return out.push_str(edge(s));
    }
    let lead = edge(&s[..s.len() - s.trim_start_matches(ws).len()]);
    let trail = edge(&s[s.trim_end_matches(ws).len()..]);
    out.push_str(&format!("{lead}{open}{t}{close}{trail}"));
}

/// Concatenated text of `nodes`: tags dropped, `<br>` and blocks as newlines.
fn plain(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) if e.tag == "br" => out.push('\n'),
            Node::Elem(e) if e.tag == "fullname" => {}
            Node::Elem(e) if e.is_block() => out.push_str(&format!("\n{}\n", plain(&e.children))),
            Node::Elem(e) => out.push_str(&plain(&e.children)),
        }
    }
    out
}

/// Collapses runs of ASCII whitespace to one space and trims.
fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Inline code for (collapsed) `text`; empty for empty text.
fn code_span(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    let tick = text.starts_with('`') || text.ends_with('`');
    let pad = if tick { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// `<pre>` content: verbatim lines without common indentation, trailing
/// whitespace and leading/trailing blank lines; `None` if blank.
fn pre_text(nodes: &[Node]) -> Option<String> {
    let raw = plain(nodes).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let lines = &lines[first..=last];
    let indent = |l: &&str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = lines.iter().filter(|l| !l.is_empty()).map(indent).min().unwrap_or(0);
    let body: Vec<&str> = lines.iter().map(|l| l.get(common..).unwrap_or("")).collect();
    Some(body.join("\n"))
}

/// Appends text (entities already decoded) with whitespace collapsed,
/// Markdown-special characters escaped and bare URLs turned into autolinks.
fn push_text(out: &mut String, text: &str, in_link: bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_whitespace() {
            out.push(' ');
            while chars.get(i).is_some_and(char::is_ascii_whitespace) {
                i += 1;
            }
            continue;
        }
        if !in_link
            && matches!(c, 'h' | 'H')
            && let Some(len) = url_len(&chars[i..])
        {
            out.push('<');
            out.extend(&chars[i..i + len]);
            out.push('>');
            i += len;
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => true,
            // Intraword `_` cannot start emphasis; keeps `SNAKE_CASE` readable.
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            '&' => entity_like(&chars[i + 1..]),
            // `--` would become a dash under rustdoc's smart punctuation.
            '-' => prev == Some('-') || next == Some('-'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
}

/// Whether `rest` (following a `&`) would be read as an entity by Markdown.
fn entity_like(rest: &[char]) -> bool {
    let body = rest.strip_prefix(&['#']).unwrap_or(rest);
    let end = body.iter().position(|c| !c.is_ascii_alphanumeric());
    end.is_some_and(|n| n > 0 && body[n] == ';')
}

/// Length in chars of a bare `http(s)://` URL at the start of `s`, if any.
/// Trailing punctuation and unbalanced `)` are not part of it.
fn url_len(s: &[char]) -> Option<usize> {
    let head: String = s.iter().take(8).collect::<String>().to_ascii_lowercase();
    let scheme = ["https://", "http://"].into_iter().find(|p| head.starts_with(p))?.len();
    let stop = |c: &char| !c.is_ascii_graphic() || "<>\"'`{}|\\^[]".contains(*c);
    let mut n = s.iter().position(stop).unwrap_or(s.len());
    let open = s[..n].iter().filter(|&&c| c == '(').count();
    let mut close = s[..n].iter().filter(|&&c| c == ')').count();
    loop {
        match s[n - 1] {
            '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' => n -= 1,
            ')' if close > open => (n, close) = (n - 1, close - 1),
            _ => break,
        }
    }
    (n > scheme).then_some(n)
}

/// Finishes a paragraph: splits at hard breaks, collapses spaces, escapes
/// block markers at line starts. `None` when nothing visible remains.
fn para_lines(s: &str) -> Option<Vec<String>> {
    let mut lines: Vec<String> =
        s.split('\n').map(|l| escape_line_start(collapse(l))).filter(|l| !l.is_empty()).collect();
    let n = lines.len();
    for line in lines.iter_mut().take(n.saturating_sub(1)) {
        line.push('\\'); // hard line break
    }
    (n > 0).then_some(lines)
}

/// Escapes what would start a list item, setext underline or thematic break.
fn escape_line_start(line: String) -> String {
    let b = line.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if matches!(b.first(), Some(b'-' | b'+' | b'=')) {
        format!("\\{line}")
    } else if digits > 0 && matches!(b.get(digits), Some(b'.' | b')')) {
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        line
    }
}

/// Renders blocks to lines: blank lines between blocks, except before a list
/// that follows a paragraph inside a list item (keeps nested lists tight).
fn render(blocks: &[Block], in_item: bool, lines: &mut Vec<String>) {
    for (k, block) in blocks.iter().enumerate() {
        let tight = in_item && k > 0 && matches!((&blocks[k - 1], block), (Block::Para(_), Block::List(..)));
        if k > 0 && !tight {
            lines.push(String::new());
        }
        match block {
            Block::Para(para) => lines.extend(para.iter().cloned()),
            Block::Code(code) => {
                let fence = "`".repeat(3.max(longest_backtick_run(code) + 1));
                lines.push(format!("{fence}text"));
                lines.extend(code.split('\n').map(String::from));
                lines.push(fence);
            }
            Block::List(ordered, items) => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}. ", n + 1) } else { "- ".to_string() };
                    let mut sub = Vec::new();
                    render(item, true, &mut sub);
                    for (j, line) in sub.into_iter().enumerate() {
                        lines.push(match j {
                            0 => format!("{marker}{line}"),
                            _ if line.is_empty() => line,
                            _ => format!("{:w$}{line}", "", w = marker.len()),
                        });
                    }
                }
            }
        }
    }
}
