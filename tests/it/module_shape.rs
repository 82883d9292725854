//! The crate's shape, read from its source: no library module uses one that uses it back
//! (file by file, from `crate::` and `super::` paths), no source file over 400 lines and no
//! function over 80 lines — unless a comment `shape: …` right above says why. Test code
//! (`tests.rs` files, `tests/` folders, inline `mod tests`) is not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 400;
const MAX_FN_LINES: usize = 80;

/// A source file of the crate: its path, its module path and its code without tests.
struct SourceFile {
    path: PathBuf,
    module: Vec<String>,
    code: String,
    /// Part of the binary (`main.rs` and the modules it declares), not the library.
    binary: bool,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "tests") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The code before an inline `#[cfg(test)] mod tests {` (test modules close a file).
fn without_tests(text: &str) -> &str {
    let mut search = 0;
    while let Some(at) = text[search..].find("#[cfg(test)]") {
        let start = search + at;
        let rest = text[start + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod ") && rest.split('\n').next().is_some_and(|l| l.contains('{')) {
            return &text[..start];
        }
        search = start + 1;
    }
    text
}

fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src_dir()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn source_files() -> Vec<SourceFile> {
    let mut paths = Vec::new();
    rust_files(&src_dir(), &mut paths);
    let main = std::fs::read_to_string(src_dir().join("main.rs")).unwrap();
    let binary_modules: BTreeSet<String> = main
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let module = module_path(&path);
            let binary = module.is_empty() && path.ends_with("main.rs")
                || module.first().is_some_and(|m| binary_modules.contains(m));
            SourceFile {
                code: without_tests(&text).to_string(),
                path,
                module,
                binary,
            }
        })
        .collect()
}

/// Code with comments, strings and character literals blanked out (newlines kept), so
/// that braces and paths are only counted where the compiler sees them.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && matches!(next, Some('"' | '#')) && !prev_is_ident(&chars, i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            i += hashes + 2;
            while i < chars.len() {
                let closes = chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes;
                if closes {
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&skipped) = chars.get(i) {
                    out.push(blank(skipped));
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{…}'.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Every path a use-tree or expression names after `crate::` or `super::`, as segments
/// from the crate root.
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let bytes: Vec<char> = code.chars().collect();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if prev_is_ident(&bytes, i) {
            i += 1;
            continue;
        }
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let base = if rest.starts_with("crate::") {
            i += "crate::".len();
            Some(Vec::new())
        } else if rest.starts_with("super::") {
            let mut up = 0;
            while bytes[i..].iter().take(7).collect::<String>() == "super::" {
                up += 1;
                i += "super::".len();
            }
            Some(module[..module.len().saturating_sub(up)].to_vec())
        } else {
            None
        };
        match base {
            Some(base) => i = use_tree(&bytes, i, base, &mut paths),
            None => i += 1,
        }
    }
    paths
}

/// Reads `a::b::{c, d::e}` from `i`, pushing each full path; returns where it stopped.
fn use_tree(
    chars: &[char],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if chars.get(i) == Some(&'{') {
            i += 1;
            loop {
                while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    i += 1;
                }
                match chars.get(i) {
                    None => return i,
                    Some('}') => return i + 1,
                    _ => {
                        let before = i;
                        i = use_tree(chars, i, prefix.clone(), out);
                        if i == before {
                            i += 1;
                        }
                    }
                }
            }
        }
        let start = i;
        while chars
            .get(i)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        match word.as_str() {
            "" | "self" => {}
            _ => prefix.push(word),
        }
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            out.push(prefix);
            return i;
        }
    }
}

#[test]
fn no_library_module_uses_one_that_uses_it_back() {
    let files: Vec<SourceFile> = source_files().into_iter().filter(|f| !f.binary).collect();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let mut uses: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let targets = uses.entry(file.module.clone()).or_default();
        for path in named_paths(&code_only(&file.code), &file.module) {
            let owner = (0..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains(p));
            if let Some(owner) = owner.filter(|o| !o.is_empty() && *o != file.module) {
                targets.insert(owner);
            }
        }
    }
    // The pipeline uses the store; the store does not use the pipeline: the check sees it.
    assert!(uses[&vec!["pipeline".to_string()]].contains(&vec!["store".to_string()]));
    let mut cycles = Vec::new();
    for (module, targets) in &uses {
        for target in targets {
            if reaches(&uses, target, module) {
                cycles.push(format!("{} -> {}", module.join("::"), target.join("::")));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that use each other (each edge lies on a cycle):\n{}",
        cycles.join("\n")
    );
}

fn reaches(
    uses: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    from: &[String],
    to: &[String],
) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_vec()];
    while let Some(m) = stack.pop() {
        if m == to {
            return true;
        }
        if seen.insert(m.clone()) {
            stack.extend(uses.get(&m).into_iter().flatten().cloned());
        }
    }
    false
}

/// Whether the lines right above `line` (attributes and doc comments included) hold a
/// `shape:` comment giving the reason for its length.
fn excused(lines: &[&str], line: usize) -> bool {
    lines[..line]
        .iter()
        .rev()
        .take_while(|l| {
            let t = l.trim_start();
            t.starts_with("//") || t.starts_with("#[")
        })
        .any(|l| l.contains("shape:"))
}

#[test]
fn no_source_file_over_400_lines() {
    let long: Vec<String> = source_files()
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(&f.path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            (lines.len() > MAX_FILE_LINES && !lines.iter().take(5).any(|l| l.contains("shape:")))
                .then(|| format!("{} ({} lines)", f.path.display(), lines.len()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these along a seam of the data flow: {long:?}"
    );
}

#[test]
fn no_function_over_80_lines() {
    let mut long = Vec::new();
    for file in source_files() {
        let code = code_only(&file.code);
        let code_lines: Vec<&str> = code.lines().collect();
        let text_lines: Vec<&str> = file.code.lines().collect();
        for (start, line) in code_lines.iter().enumerate() {
            let Some(name) = fn_name(line) else { continue };
            let length = body_length(&code_lines[start..]);
            if length > MAX_FN_LINES && !excused(&text_lines, start) {
                long.push(format!(
                    "{}:{} {name} ({length} lines)",
                    file.path.display(),
                    start + 1
                ));
            }
        }
    }
    assert!(long.is_empty(), "functions to split: {long:#?}");
}

/// The name of a function defined on this line, if one is.
fn fn_name(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "fn")?;
    let leading = words[..at].iter().all(|w| {
        matches!(*w, "pub" | "async" | "const" | "unsafe" | "extern") || w.starts_with("pub(")
    });
    let name: String = words
        .get(at + 1)?
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (leading && !name.is_empty()).then_some(name)
}

/// Lines from a function's signature to its closing brace (1 for a declaration).
fn body_length(lines: &[&str]) -> usize {
    let mut depth = 0i32;
    let mut opened = false;
    for (n, line) in lines.iter().enumerate() {
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                ';' if !opened && depth == 0 => return n + 1,
                _ => {}
            }
        }
        if opened && depth <= 0 {
            return n + 1;
        }
    }
    lines.len()
}

#[test]
fn the_shape_checks_see_what_they_are_meant_to_see() {
    let code = code_only("fn a() {\n    let s = \"}\"; // }\n    let c = '}';\n}\nfn b();\n");
    let lines: Vec<&str> = code.lines().collect();
    assert_eq!(fn_name(lines[0]).as_deref(), Some("a"));
    assert_eq!(body_length(&lines), 4);
    assert_eq!(body_length(&lines[4..]), 1);
    let module = vec!["http".to_string(), "feeds".to_string()];
    let paths = named_paths(
        &code_only(
            "use crate::store::{self, items::{get, list}};\nuse super::cache::Etag;\n// crate::app\n",
        ),
        &module,
    );
    let names: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        names,
        [
            "store",
            "store::items::get",
            "store::items::list",
            "http::cache::Etag"
        ]
    );
}
