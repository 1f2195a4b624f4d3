//! The statement as printed: the HTML statement of the demo's busiest employee (004590, October
//! 2025, every page a union representative might print: the contract in force and the scenario,
//! Italian and English) printed to PDF by headless Chromium, as `scripts/render-statement.sh
//! --pdf` does, fits on at most two A4 pages.
//!
//! Needs the Debian `chromium` package (`.ci/run` installs it, with the fonts the page names).
//! Without it the test prints a note and passes: nothing else in the suite needs a browser.
//! Chromium runs with a profile of its own in a temporary folder, no network and no sandbox (a
//! container has none to offer), and is stopped if it has not printed within two minutes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The demo's busiest employee.
const EMPLOYEE: &str = "004590";
/// The most pages the statement may take.
const MAX_PAGES: usize = 2;

/// Chromium, if installed: the first `chromium` on the `PATH`.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("chromium")).find(|p| p.is_file())
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`, the tree above them), and the
/// `/Count` of that tree when it says.
fn pages(pdf: &[u8]) -> (usize, Option<usize>) {
    let mut n = 0;
    let mut at = 0;
    while let Some(i) = find(&pdf[at..], b"/Type") {
        let rest = &pdf[at + i + 5..];
        let rest = &rest[rest.iter().take_while(|c| c.is_ascii_whitespace()).count()..];
        if rest.starts_with(b"/Page") && !rest.get(5).is_some_and(|c| c.is_ascii_alphanumeric()) {
            n += 1;
        }
        at += i + 5;
    }
    let count = find(pdf, b"/Type /Pages").and_then(|i| {
        let rest = &pdf[i..];
        let c = find(rest, b"/Count")?;
        let digits: String = rest[c + 6..]
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take_while(|b| b.is_ascii_digit())
            .map(|&b| char::from(b))
            .collect();
        digits.parse().ok()
    });
    (n, count)
}

/// The width and height of the first page's `/MediaBox [0 0 w h]`, in points.
fn media_box(pdf: &[u8]) -> Option<(f64, f64)> {
    let at = find(pdf, b"/MediaBox")?;
    let rest = &pdf[at..];
    let open = rest.iter().position(|&c| c == b'[')?;
    let close = rest.iter().position(|&c| c == b']')?;
    let inside = std::str::from_utf8(rest.get(open + 1..close)?).ok()?;
    let n: Vec<f64> = inside.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    match n.as_slice() {
        [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
        _ => None,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Prints `html` to `pdf` with Chromium, as the README says; gives its output when it fails.
fn print(browser: &Path, html: &Path, pdf: &Path, profile: &Path) -> Result<(), String> {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", browser.display()))?;
    let started = Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(_) => break,
            None if started.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("Chromium did not finish within two minutes".into());
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    match std::fs::metadata(pdf) {
        Ok(m) if m.len() > 0 => Ok(()),
        _ => Err(format!("Chromium wrote no {}", pdf.display())),
    }
}

#[test]
fn the_busiest_statement_prints_on_at_most_two_a4_pages() {
    let Some(browser) = chromium() else {
        eprintln!("statement_pdf: chromium is not installed, the print test is skipped (.ci/run installs it)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("sportello-statement-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    for ruleset in [None, Some("scenario-remote-2025")] {
        for lang in ["it", "en"] {
            let name = format!("{EMPLOYEE}-{}-{lang}", ruleset.unwrap_or("in-force"));
            let html = dir.join(format!("{name}.html"));
            let mut explain = Command::new(env!("CARGO_BIN_EXE_sportello"));
            explain.args(["explain", "--employee", EMPLOYEE, "--month", "2025-10", "--data", "fixtures/demo"]);
            explain.args(["--format", "html", "--lang", lang, "--issued", "2025-11-05", "--quiet", "--out"]);
            explain.arg(&html);
            if let Some(r) = ruleset {
                explain.args(["--ruleset", r]);
            }
            let out = explain.output().expect("the binary runs");
            assert_eq!(out.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&out.stderr));
            let pdf = dir.join(format!("{name}.pdf"));
            let profile = dir.join(format!("{name}-profile"));
            if let Err(e) = print(&browser, &html, &pdf, &profile) {
                panic!("{name}: {e}");
            }
            let bytes = std::fs::read(&pdf).expect("the PDF");
            let (n, count) = pages(&bytes);
            assert!((1..=MAX_PAGES).contains(&n), "{name}: {n} pages, at most {MAX_PAGES} wanted");
            assert!(count.is_none_or(|c| c == n), "{name}: {n} page objects but /Count {count:?}");
            // A4 is 595 × 842 points (Chromium writes 594.96 × 841.92).
            let (w, h) = media_box(&bytes).unwrap_or_else(|| panic!("{name}: no /MediaBox"));
            assert!((590.0..600.0).contains(&w) && (837.0..847.0).contains(&h), "{name}: {w} × {h} is not A4");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pages_are_counted_as_page_objects_not_the_page_tree() {
    let pdf = b"1 0 obj <</Type /Page /Parent 3 0 R>> 2 0 obj <</Type/Page>> 3 0 obj <</Type /Pages\n/Count 2 /Kids [1 0 R 2 0 R]>> 4 0 obj <</Type /PageLabel>>";
    assert_eq!(pages(pdf), (2, Some(2)));
    assert_eq!(pages(b"no pages"), (0, None));
    assert_eq!(media_box(b"<</MediaBox [0 0 594.95996 841.91998] /Type /Page>>"), Some((594.95996, 841.91998)));
}
