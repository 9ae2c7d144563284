use super::html_to_markdown;

/// The resolver used by the tests: a few known shapes, everything else unknown.
fn resolve(name: &str) -> Option<String> {
    let path = match name {
        "ImageDetail" => "crate::types::ImageDetail",
        "PutImage" => "crate::operation::PutImage",
        "DescribeImageScanFindings" => "crate::operation::DescribeImageScanFindings",
        "ImageDetail$imageScanStatus" => "crate::types::ImageDetail::image_scan_status",
        _ => return None,
    };
    Some(path.to_string())
}

fn md(html: &str) -> String {
    html_to_markdown(html, &resolve)
}

/// Real documentation strings from `ecr-2015-09-21.json`, as fixture pairs
/// `<name>.html` (verbatim trait value) and `<name>.md` (expected output).
macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../../tests/fixtures/docs/", $name, ".html")),
            include_str!(concat!("../../../tests/fixtures/docs/", $name, ".md")),
        )
    };
}

const FIXTURES: &[(&str, &str, &str)] = &[
    // <fullname>, <a href>, <i>, 4+ space indentation.
    fixture!("ecr_service"),
    // <note> with deeply indented content.
    fixture!("ecr_batch_check_layer_availability"),
    // <ul><li><p>, <code><accountId>...</code>, `<custom>`.
    fixture!("ecr_upstream_registry_url"),
    // <a> cross references (resolved and not), <note>, <important>.
    fixture!("ecr_describe_images"),
    // `*` inside code, ` - ` inside list items.
    fixture!("ecr_signing_repository_filter"),
    // `|` in text.
    fixture!("ecr_accepted_media_types"),
];

#[test]
fn ecr_fixtures() {
    for (name, html, expected) in FIXTURES {
        assert_eq!(md(html), expected.trim_end_matches('\n'), "fixture {name}");
    }
}

/// `(input, expected)`; the expected strings are exact.
const CASES: &[(&str, &str)] = &[
    // Empty input and invisible content.
    ("", ""),
    ("  \n\t ", ""),
    ("<p></p><p> </p><code> </code><b></b><ul><li> </li></ul>", ""),
    ("<fullname>Amazon ECR</fullname>", ""),
    ("<note><p> </p></note><important></important>", ""),
    // Paragraphs and whitespace.
    ("plain text", "plain text"),
    ("<p>one</p><p>two</p>", "one\n\ntwo"),
    ("<p>a\n        b\n            c</p>\n   <p>\n    d </p>", "a b c\n\nd"),
    ("<P CLASS=\"x\">Upper <CODE>case</CODE></P>", "Upper `case`"),
    ("<div><span>a</span> <section>b</section></div>", "a\n\nb"),
    ("<p>line<br>- two<br/>3. three<br /></p>", "line\\\n\\- two\\\n3\\. three"),
    // Escaping of Markdown-special characters.
    ("<p>[INFO] and [ERROR] logs</p>", "\\[INFO\\] and \\[ERROR\\] logs"),
    ("<p>[x](y) ![i](z)</p>", "\\[x\\](y) !\\[i\\](z)"),
    ("<p>a *b* _c_ `d` ~e~ f|g #h \\i</p>", "a \\*b\\* \\_c\\_ \\`d\\` \\~e\\~ f\\|g \\#h \\\\i"),
    ("<p>SNAKE_CASE_NAME and _lead</p>", "SNAKE_CASE_NAME and \\_lead"),
    ("<p>- a</p><p>+ b</p><p>1. c</p><p>2) d</p><p>== e</p>", "\\- a\n\n\\+ b\n\n1\\. c\n\n2\\) d\n\n\\== e"),
    ("<p># h</p><p>> q</p><p>--force</p>", "\\# h\n\n\\> q\n\n\\-\\-force"),
    // Unknown tags and stray `<` are text.
    ("<p>a < b and c<d</p>", "a \\< b and c\\<d"),
    ("<p><accountId> and <region>x</region></p>", "\\<accountId\\> and \\<region\\>x\\</region\\>"),
    ("<p>x <p-y> <pre-fix> <a_b></p>", "x \\<p-y\\> \\<pre-fix\\> \\<a_b\\>"),
    ("<<p>>", "\\<\n\n\\>"),
    ("<p>a <b", "a \\<b"),
    // Entities.
    ("&lt;a&gt; &amp; &quot;q&quot; &apos;s&#39; &#65;&#x42;", "\\<a\\> & \"q\" 's' AB"),
    ("a&nbsp;b", "a\u{a0}b"),
    ("&bogus; &#xZZ; &#0; & x", "\\&bogus; \\&\\#xZZ; \\&\\#0; & x"),
    ("&amp;lt; stays", "\\&lt; stays"),
    ("<code>&lt;region&gt;</code>", "`<region>`"),
    // Inline code.
    ("<code>a`b</code>", "``a`b``"),
    ("<code>`x`</code>", "`` `x` ``"),
    ("<code>  a \n   b  </code>", "`a b`"),
    ("<code>[x] *y* <z></code>", "`[x] *y* <z>`"),
    ("x<code></code>y", "xy"),
    ("<code><accountId>.dkr.ecr.<region>.amazonaws.com</code>", "`<accountId>.dkr.ecr.<region>.amazonaws.com`"),
    // Emphasis.
    ("<i>it</i> <em>em</em> <b>b</b> <strong>s</strong>", "*it* *em* **b** **s**"),
    ("a<i> spaced </i>b", "a *spaced* b"),
    ("<i><i>twice</i></i> <b>x <i>y</i></b>", "*twice* **x *y***"),
    // Links.
    ("<a href=\"https://e.example.com/p\">Text</a>", "[Text](https://e.example.com/p)"),
    ("<a href='mailto:a@example.com'>mail</a>", "[mail](mailto:a@example.com)"),
    ("<a href=\"https://e.example.com\"><code>Code</code> doc</a>", "[`Code` doc](https://e.example.com)"),
    ("<a href=\"https://e.example.com\">https://e.example.com</a>", "<https://e.example.com>"),
    ("<a href=\"https://e.example.com/a(b)\">x</a>", "[x](<https://e.example.com/a(b)>)"),
    ("see <a href=\"#frag\">here</a> and <a href=\"../x.html\">there</a>", "see here and there"),
    ("<a href=https://e.example.com/>unquoted</a>", "[unquoted](https://e.example.com/)"),
    // Cross references.
    ("See <a>ImageDetail</a>.", "See [`ImageDetail`](crate::types::ImageDetail)."),
    (
        "See <a> PutImage </a> and <a>Unknown$member</a>",
        "See [`PutImage`](crate::operation::PutImage) and `Unknown$member`",
    ),
    ("<a><code>ImageDetail</code></a> <a></a>", "[`ImageDetail`](crate::types::ImageDetail)"),
    // Bare URLs.
    ("Go to https://e.example.com/x.", "Go to <https://e.example.com/x>."),
    ("(http://e.example.com/a_(b)), ok", "(<http://e.example.com/a_(b)>), ok"),
    ("http:// alone", "http:// alone"),
    // Lists.
    ("<ul><li>a</li><li><p>b</p></li></ul>", "- a\n- b"),
    ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
    ("<ul><li>a<li>b</ul>", "- a\n- b"),
    ("<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>", "- a\n  - b\n    1. c\n- d"),
    ("<ol><li><p>x</p><p>y</p><ul><li>z</li></ul></li></ol>", "1. x\n\n   y\n   - z"),
    ("<p>Intro:</p><ul><li>x</li></ul><p>After</p>", "Intro:\n\n- x\n\nAfter"),
    ("<ul>stray<li>a</li></ul>", "- stray\n- a"),
    // Definition lists and headings.
    ("<dl><dt>Term <code>t</code></dt><dd>Def</dd><dt>T2<dd><p>D2</p></dl>", "**Term `t`**\n\nDef\n\n**T2**\n\nD2"),
    ("<h1>Title</h1><h3>Sub</h3>text", "**Title**\n\n**Sub**\n\ntext"),
    // Notes.
    ("<note><p>one</p><p>two</p></note>", "**Note:** one\n\ntwo"),
    ("<important>Careful</important>", "**Important:** Careful"),
    ("<note><ul><li>x</li></ul></note>", "**Note:**\n\n- x"),
    // Preformatted text.
    ("<pre>\n    {\n        \"a\": 1\n    }\n</pre>", "```text\n{\n    \"a\": 1\n}\n```"),
    ("<pre><code>x &lt; y</code></pre>", "```text\nx < y\n```"),
    ("<pre>```\nfenced\n```</pre>", "````text\n```\nfenced\n```\n````"),
    ("<ul><li>run:<pre>cmd\n  arg</pre></li></ul>", "- run:\n\n  ```text\n  cmd\n    arg\n  ```"),
    ("<ol><li><pre>x</pre></li></ol>", "1. ```text\n   x\n   ```"),
    // Unclosed and misnested tags.
    ("<p>unclosed <b>bold <i>both</p><p>next", "unclosed **bold *both***\n\nnext"),
    ("<b>x <i>y</b> z</i> w", "**x *y*** z w"),
    ("</p></li>text</ul>", "text"),
    ("<a href=\"https://e.example.com\"><p>block in link</p></a>", "block in link"),
    ("<code>a <p>b</p> c</code>", "`a b c`"),
];

#[test]
fn cases() {
    for (html, expected) in CASES {
        assert_eq!(md(html), *expected, "input: {html:?}");
    }
}

/// Properties every output must have, checked on all test inputs plus some
/// adversarial ones.
#[test]
fn output_invariants() {
    let deep = format!("{}x{}", "<ul><li>".repeat(100), "</li></ul>".repeat(100));
    let extra = ["<p><i>a</i><br><br></p>", "<pre>\n\n</pre>", deep.as_str()];
    let inputs = CASES.iter().map(|c| c.0).chain(FIXTURES.iter().map(|f| f.1));
    for html in inputs.chain(extra) {
        let out = md(html);
        assert_eq!(out.trim_matches('\n'), out, "blank edge lines: {html:?}");
        assert!(!out.contains("\n\n\n"), "double blank line: {html:?}");
        let mut fence: Option<String> = None;
        let mut in_list = false;
        for line in out.lines() {
            let body = strip_marker(line.trim_start());
            if let Some(open) = &fence {
                if body == open {
                    fence = None;
                }
                continue;
            }
            if body.starts_with("```") {
                let ticks = body.len() - body.trim_start_matches('`').len();
                assert_eq!(&body[ticks..], "text", "fence must be text: {html:?}");
                fence = Some(body[..ticks].to_string());
                continue;
            }
            assert_eq!(line.trim_end(), line, "trailing space: {html:?}");
            let indent = line.len() - line.trim_start().len();
            if indent == 0 && !line.is_empty() {
                in_list = strip_marker(line) != line;
            }
            // Only list structure may indent; never an indented code block.
            assert!(indent < 4 || in_list, "indented line {line:?} in {html:?}");
        }
        assert!(fence.is_none(), "unclosed fence: {html:?}");
    }
}

/// `line` without a leading list marker (`- ` or `1. `).
fn strip_marker(line: &str) -> &str {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    match (digits, rest.strip_prefix(". "), line.strip_prefix("- ")) {
        (1.., Some(after), _) | (_, _, Some(after)) => strip_marker(after),
        _ => line,
    }
}

/// Large and pathological inputs finish quickly and do not panic.
#[test]
fn large_inputs() {
    let cases = [
        "<p>".repeat(30_000),
        "<a href=\"x".repeat(10_000),
        "<p x='".repeat(15_000),
        "&amp".repeat(20_000),
        "<i><b>".repeat(10_000),
        "</ul>".repeat(20_000),
        "http://e.example.com/".repeat(5_000) + &".".repeat(50_000),
        "<".repeat(100_000),
        format!("<p>{}</p>", "word \n    ".repeat(10_000)),
    ];
    let start = std::time::Instant::now();
    for html in &cases {
        let out = md(html);
        assert!(out.len() <= 3 * html.len() + 16);
    }
    assert!(start.elapsed().as_secs() < 20, "too slow: {:?}", start.elapsed());
}

#[test]
fn multibyte_text_and_boundaries() {
    assert_eq!(md("<p>é<b>ü</b>–ß</p>"), "é**ü**–ß");
    assert_eq!(md("<\u{e9}> <p\u{e9}> &\u{e9};"), "\\<\u{e9}\\> \\<p\u{e9}\\> &\u{e9};");
}
