//! The HTML report in a real browser: headless Chromium (Debian's
//! `/usr/bin/chromium`) loads pages written by `jdx` and `--dump-dom` reads back
//! what happened. Without Chromium every test says it skipped and passes;
//! with `JDX_BROWSER_REQUIRED=1` (set by `.ci/run`) a missing browser or
//! axe-core fails instead.
//!
//! The page itself runs no script. To look inside, a test writes a copy with
//! one script appended that records what it finds as JSON in a `<pre>`; the
//! copy's Content-Security-Policy allows inline scripts, so in the hostile
//! posting's copy only the escaping stands between the posting and the page.
//!
//! Screenshots go to `target/tmp/browser/`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const CHROMIUM: &str = "/usr/bin/chromium";
const AXE: &str = "tests/browser/node_modules/axe-core/axe.min.js";
const CORPUS_POSTING: &str = "corpus/machine-learning-engineer-fintech.md";
const HOSTILE: &str = "tests/fixtures/hostile-posting.txt";
/// How long one Chromium run may take before the test gives up on it.
const TIMEOUT: Duration = Duration::from_secs(90);
/// The CSP of the instrumented copies: the page's, plus inline scripts.
const TEST_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'";

/// Says why a test did not run, past the test harness's output capture.
fn skip(why: &str) {
    if std::env::var_os("JDX_BROWSER_REQUIRED").is_some_and(|v| v != "0") {
        panic!("{why}, and JDX_BROWSER_REQUIRED is set");
    }
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// `true` when Chromium is there; otherwise says the test skipped.
fn chromium() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    skip("chromium not installed");
    false
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("target/tmp/browser");
    dir
}

/// `jdx ARGS` → standard output.
fn jdx(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_jdx"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("jdx runs");
    assert!(out.status.success(), "jdx {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Runs headless Chromium on `page` with `extra` flags, in a fresh profile;
/// returns its standard output.
fn run_chromium(page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let stdout = tempfile::NamedTempFile::new().expect("stdout file");
    let stderr = tempfile::NamedTempFile::new().expect("stderr file");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--mute-audio",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(stdout.reopen().expect("stdout"))
        .stderr(stderr.reopen().expect("stderr"))
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium took longer than {TIMEOUT:?} on {}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = std::fs::read_to_string(stdout.path()).unwrap_or_default();
    let err = std::fs::read_to_string(stderr.path()).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{err}");
    out
}

/// Loads `page` and returns the DOM after the load event and pending timers.
fn dump_dom(page: &Path, width: u32) -> String {
    run_chromium(
        page,
        &[
            format!("--window-size={width},1000"),
            "--virtual-time-budget=15000".to_owned(),
            "--dump-dom".to_owned(),
        ],
    )
}

/// Saves a screenshot of `page` and checks it is a PNG of that size.
fn screenshot(page: &Path, png: &Path, width: u32, height: u32) {
    let _ = std::fs::remove_file(png);
    run_chromium(
        page,
        &[
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", png.display()),
        ],
    );
    let bytes = std::fs::read(png).expect("screenshot written");
    assert_eq!(&bytes[1..4], b"PNG", "{}", png.display());
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    assert_eq!((be(16), be(20)), (width, height), "{}", png.display());
    note(&format!("screenshot: {}", png.display()));
}

/// A copy of `page` with inline scripts allowed and `scripts` appended to the body.
fn instrument(page: &str, scripts: &[&str]) -> String {
    let csp = format!("content=\"{}\"", jdx::render::html::CSP);
    assert_eq!(page.matches(&csp).count(), 1, "the page carries its CSP");
    let page = page.replacen(&csp, &format!("content=\"{TEST_CSP}\""), 1);
    let body = page.rfind("</body>").expect("</body>");
    let mut copy = page[..body].to_owned();
    for script in scripts {
        copy.push_str(&format!("<script data-jdx-test>{script}</script>\n"));
    }
    copy.push_str(&page[body..]);
    copy
}

/// The JSON the test script left in `<pre id="jdx-test-result">`.
fn result(dom: &str) -> Value {
    let start = dom
        .find("<pre id=\"jdx-test-result\">")
        .unwrap_or_else(|| panic!("the test script left no result:\n{}", tail(dom)))
        + "<pre id=\"jdx-test-result\">".len();
    let end = start + dom[start..].find("</pre>").expect("</pre>");
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn tail(text: &str) -> &str {
    let cut = text.len().saturating_sub(3000);
    let cut = (cut..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[cut..]
}

/// Writes `json_expr`'s value into the page once it has loaded and timers ran.
fn report_script(body: &str) -> String {
    format!(
        r#"
window.addEventListener('load', () => setTimeout(async () => {{
  const out = {{}};
  try {{ {body} }} catch (e) {{ out.error = String(e && e.stack || e); }}
  const pre = document.createElement('pre');
  pre.id = 'jdx-test-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}}, 500));
"#
    )
}

/// What the page's highlights look like from inside: each mark's rule, text,
/// tooltip text, and the tooltip's `display` before and after focusing it.
const MARKS_JS: &str = r#"
  out.marks = [];
  for (const m of document.querySelectorAll('.posting mark.hl')) {
    const tip = document.getElementById(m.getAttribute('aria-describedby'));
    const before = tip ? getComputedStyle(tip).display : null;
    m.focus();
    const focused = document.activeElement === m;
    const after = tip ? getComputedStyle(tip).display : null;
    const rect = tip ? tip.getBoundingClientRect() : null;
    m.blur();
    out.marks.push({
      rule: m.dataset.rule,
      category: m.dataset.category,
      text: [...m.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(''),
      tip: tip ? tip.textContent : null,
      tabindex: m.getAttribute('tabindex'),
      before, after, focused,
      tipWidth: rect ? rect.width : 0,
    });
  }
"#;

/// Everything a posting could have smuggled in, counted.
const HOSTILE_JS: &str = r#"
  out.title = document.title;
  out.pwned = document.body.dataset.pwned || null;
  out.scripts = document.querySelectorAll('script:not([data-jdx-test])').length;
  out.handlers = [...document.querySelectorAll('*')]
    .flatMap(e => [...e.attributes].map(a => a.name))
    .filter(n => n.startsWith('on'));
  out.links = [...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')).filter(h => !h.startsWith('#'));
  out.foreign = document.querySelectorAll('img, iframe, object, embed, form, base, link, body svg foreignObject').length;
  out.metas = document.querySelectorAll('meta[http-equiv]').length;
  out.posting = document.querySelector('.posting').textContent;
  out.visible = getComputedStyle(document.body).display;
"#;

/// axe-core over the whole page, with one tooltip open so its colours are checked too.
const AXE_JS: &str = r#"
  const first = document.querySelector('.posting mark.hl');
  if (first) first.focus();
  const r = await axe.run(document, { resultTypes: ['violations'] });
  out.axe = r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
  }));
  out.axeVersion = axe.version;
  out.passes = r.passes ? r.passes.length : null;
"#;

/// The expected `(rule, text)` of every match, from `jdx scan --format json`.
fn expected_matches(posting: &str) -> Vec<(String, String, String, String)> {
    let json: Value =
        serde_json::from_str(&jdx(&["scan", "--format", "json", posting])).expect("json");
    json["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
            (s("rule"), s("text"), s("plain"), s("otiose"))
        })
        .collect()
}

fn check_marks(result: &Value, posting: &str, what: &str) {
    let marks = result["marks"].as_array().expect("marks");
    let expected = expected_matches(posting);
    assert_eq!(
        marks.len(),
        expected.len(),
        "{what}: one highlight per match"
    );
    for (mark, (rule, text, plain, otiose)) in marks.iter().zip(&expected) {
        let at = format!("{what}: {rule} {text:?}");
        assert_eq!(mark["rule"], rule.as_str(), "{at}");
        assert_eq!(mark["text"], text.as_str(), "{at}");
        assert_eq!(mark["tabindex"], "0", "{at}: focusable");
        let tip = mark["tip"].as_str().expect("a tooltip");
        assert!(
            tip.contains(plain.as_str()),
            "{at}: tooltip lacks plain: {tip}"
        );
        assert!(
            tip.contains(otiose.as_str()),
            "{at}: tooltip lacks otiose: {tip}"
        );
        assert_eq!(mark["before"], "none", "{at}: tooltip hidden until wanted");
        assert_eq!(mark["focused"], true, "{at}: takes focus");
        assert_eq!(mark["after"], "block", "{at}: tooltip shown on focus");
        assert!(
            mark["tipWidth"].as_f64().unwrap_or(0.0) > 100.0,
            "{at}: tooltip has room"
        );
    }
}

/// The report of a corpus posting: every highlight present with its tooltip,
/// shown on keyboard focus; axe-core finds no serious or critical violation;
/// and a screenshot.
#[test]
fn report_highlights_tooltips_and_accessibility() {
    if !chromium() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = jdx(&["translate", "--format", "html", CORPUS_POSTING]);
    let plain = dir.path().join("report.html");
    std::fs::write(&plain, &page).expect("write page");
    screenshot(&plain, &out_dir().join("report-1200.png"), 1200, 2000);

    let started = Instant::now();
    let axe = std::fs::read_to_string(AXE).ok();
    let mut script = MARKS_JS.to_owned();
    let mut scripts = Vec::new();
    match &axe {
        Some(axe) => {
            script.push_str(AXE_JS);
            scripts.push(axe.as_str());
        }
        None => skip("axe-core not installed (npm ci --prefix tests/browser)"),
    }
    let script = report_script(&script);
    scripts.push(&script);
    let instrumented = dir.path().join("report-test.html");
    std::fs::write(&instrumented, instrument(&page, &scripts)).expect("write copy");
    let result = result(&dump_dom(&instrumented, 1200));
    assert!(
        result["error"].is_null(),
        "test script: {}",
        result["error"]
    );
    check_marks(&result, CORPUS_POSTING, "report");
    if axe.is_some() {
        let violations = result["axe"].as_array().expect("axe results");
        for v in violations {
            note(&format!(
                "axe {}: {} {} {}",
                v["impact"], v["id"], v["help"], v["nodes"]
            ));
        }
        let serious: Vec<&Value> = violations
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        assert!(serious.is_empty(), "axe-core: {serious:#?}");
        note(&format!(
            "axe-core {}: {} rules passed, {} violations",
            result["axeVersion"],
            result["passes"],
            violations.len()
        ));
    }
    note(&format!("report checks in {:.1?}", started.elapsed()));
}

/// At 375 px nothing overflows horizontally, with and without a tooltip open:
/// the page is loaded, unchanged, into a 375 px frame and measured from outside.
#[test]
fn phone_width_has_no_horizontal_overflow() {
    if !chromium() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = [
        (
            "report",
            jdx(&["translate", "--format", "html", CORPUS_POSTING]),
        ),
        ("hostile", jdx(&["translate", "--format", "html", HOSTILE])),
        ("scan", jdx(&["scan", "--format", "html", CORPUS_POSTING])),
    ];
    for (name, page) in pages {
        let srcdoc = jdx::render::html::escape(&page);
        let wrapper = format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>375 px</title></head>
<body style="margin:0"><iframe id="f" title="page" style="border:0;width:375px;height:2400px" srcdoc="{srcdoc}"></iframe>
<script>
function measure(doc) {{
  const width = doc.documentElement.clientWidth;
  const over = [...doc.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5 && getComputedStyle(e).display !== 'none')
    .slice(0, 10)
    .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
  return {{ width, scrollWidth: doc.documentElement.scrollWidth, bodyScrollWidth: doc.body.scrollWidth, over }};
}}
const f = document.getElementById('f');
f.addEventListener('load', () => setTimeout(() => {{
  const doc = f.contentDocument;
  const out = {{ closed: measure(doc), open: [] }};
  for (const m of [...doc.querySelectorAll('mark.hl')].slice(-3)) {{
    m.focus();
    out.open.push(measure(doc));
    m.blur();
  }}
  const pre = document.createElement('pre');
  pre.id = 'jdx-test-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}}, 300));
</script></body></html>"#
        );
        let path = dir.path().join(format!("{name}-375.html"));
        std::fs::write(&path, wrapper).expect("write wrapper");
        let result = result(&dump_dom(&path, 600));
        let closed = &result["closed"];
        assert_eq!(closed["width"], 375, "{name}: the frame is 375 px wide");
        for m in std::iter::once(closed).chain(result["open"].as_array().expect("open")) {
            assert!(
                m["scrollWidth"].as_i64() <= m["width"].as_i64()
                    && m["bodyScrollWidth"].as_i64() <= m["width"].as_i64(),
                "{name} overflows at 375 px: {m}"
            );
            assert_eq!(m["over"].as_array().map(Vec::len), Some(0), "{name}: {m}");
        }
        if name == "report" {
            screenshot(&path, &out_dir().join("report-375.png"), 500, 2400);
        }
    }
}

/// A posting with `<script>`, `onerror=`, `javascript:` links and `</style>`:
/// nothing runs, nothing is added to the page, all of it shows as text, both
/// under the page's own CSP and with inline scripts allowed.
#[test]
fn hostile_posting_runs_nothing() {
    if !chromium() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let posting = std::fs::read_to_string(HOSTILE).expect("fixture");
    let pages = [
        (
            "translate",
            jdx(&["translate", "--format", "html", HOSTILE]),
        ),
        ("scan", jdx(&["scan", "--format", "html", HOSTILE])),
    ];
    for (name, page) in pages {
        // The page as written, under its own CSP.
        let plain = dir.path().join(format!("hostile-{name}.html"));
        std::fs::write(&plain, &page).expect("write page");
        let dom = dump_dom(&plain, 1200);
        let title = dom
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .expect("a title");
        assert!(!title.contains("pwned"), "{name}: title {title:?}");
        assert!(!dom.contains("data-pwned"), "{name}: a posting script ran");
        assert!(!dom.contains("<script") && !dom.contains("<img"), "{name}");
        assert!(
            dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
            "{name}"
        );

        // A copy that allows inline scripts: only the escaping protects it.
        let copy = dir.path().join(format!("hostile-{name}-test.html"));
        let script = format!("{MARKS_JS}{HOSTILE_JS}");
        std::fs::write(&copy, instrument(&page, &[&report_script(&script)])).expect("write copy");
        let result = result(&dump_dom(&copy, 1200));
        assert!(
            result["error"].is_null(),
            "{name}: test script: {}",
            result["error"]
        );
        assert!(
            !result["title"]
                .as_str()
                .unwrap_or("pwned")
                .contains("pwned"),
            "{name}"
        );
        assert!(
            result["pwned"].is_null(),
            "{name}: a posting script ran: {result}"
        );
        assert_eq!(
            result["scripts"], 0,
            "{name}: script elements from the posting"
        );
        assert_eq!(
            result["handlers"],
            serde_json::json!([]),
            "{name}: event handlers"
        );
        assert_eq!(result["links"], serde_json::json!([]), "{name}: links out");
        assert_eq!(
            result["foreign"], 0,
            "{name}: img/iframe/base/link elements"
        );
        assert_eq!(result["metas"], 1, "{name}: only the CSP meta");
        assert_eq!(
            result["visible"], "block",
            "{name}: the posting's CSS did not apply"
        );
        let shown = result["posting"].as_str().expect("posting text");
        for line in posting.lines().filter(|l| l.contains("<script")) {
            let tail = &line[line.find("<script").unwrap_or(0)..];
            assert!(shown.contains(tail), "{name}: {tail:?} not shown as text");
        }
        check_marks(&result, HOSTILE, name);
    }
}
