//! The import graph of `src/`, checked: no file imports a file that imports it back (directly or
//! round a longer loop), the core never imports the service around it nor uses a platform
//! crate, and every import points down the layers ARCHITECTURE.md draws (core, then config /
//! metrics / store, app, announcer / watch / chat, the platforms, the server).
//!
//! Files are found from `src/lib.rs` by their `mod` declarations; an edge is a `use crate::…`,
//! `use super::…` or an inline `crate::…`/`super::…` path, resolved to the file of the longest
//! module prefix (`crate::commands::specs` → `src/commands/mod.rs`). A `mod.rs` naming its own
//! children (`pub use complete::complete`) is no edge, and test code (`#[cfg(test)] mod …` and
//! the files only it declares) is left out: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The pure core: what a command or an announcement is, and how it is answered.
const CORE: &[&str] = &[
    "corpus", "search", "archive", "reply", "router", "commands", "announce", "calendar", "synth",
    "rsvp",
];

/// What the core must never import: configuration, the app and its transports, state.
const ABOVE_THE_CORE: &[&str] = &[
    "config",
    "app",
    "server",
    "store",
    "discord",
    "slack",
    "chat",
    "announcer",
    "watch",
    "metrics",
    "leader",
    "logs",
];

/// One source file and the module path it defines (`["commands", "talk"]`).
struct File {
    path: PathBuf,
    module: Vec<String>,
    text: String,
}

/// `text` without comments and without the test module at its end.
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim_start() == "#[cfg(test)]" {
            let next = lines[i + 1..]
                .iter()
                .find(|l| !l.trim_start().starts_with("#["))
                .copied()
                .unwrap_or_default();
            if next.trim_start().starts_with("mod ") {
                break;
            }
        }
        let code = match line.find("//") {
            // A `//` inside a string ("https://…") is not a comment.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The files of the crate, found from `src/lib.rs` by `mod name;` declarations.
fn files(src: &Path) -> Vec<File> {
    let mut found = Vec::new();
    let mut queue = vec![(src.join("lib.rs"), Vec::<String>::new())];
    while let Some((path, module)) = queue.pop() {
        let raw = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let text = production_code(&raw);
        let dir = path.parent().expect("a directory").to_owned();
        let is_root = matches!(
            path.file_name().and_then(|n| n.to_str()),
            Some("lib.rs" | "mod.rs")
        );
        let mut attribute_path: Option<String> = None;
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("#[path = \"") {
                attribute_path = rest.split('"').next().map(str::to_owned);
                continue;
            }
            let declared = line
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ")
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'));
            let Some(name) = declared.filter(|n| n.chars().all(is_ident)) else {
                if !line.starts_with("#[") {
                    attribute_path = None;
                }
                continue;
            };
            let child = match attribute_path.take() {
                Some(p) => dir.join(p),
                None => {
                    let base = if is_root {
                        dir.clone()
                    } else {
                        dir.join(path.file_stem().expect("a name"))
                    };
                    let flat = base.join(format!("{name}.rs"));
                    if flat.is_file() {
                        flat
                    } else {
                        base.join(name).join("mod.rs")
                    }
                }
            };
            let mut child_module = module.clone();
            child_module.push(name.to_owned());
            queue.push((child, child_module));
        }
        found.push(File { path, module, text });
    }
    found
}

/// `prefix::{a, b::{c, self}}` → `prefix::a`, `prefix::b::c`, `prefix::b`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree.trim_end_matches("::self").to_owned()];
    };
    let prefix = tree[..open].trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            expand(p).into_iter().map(move |rest| match rest.as_str() {
                "self" => prefix.to_owned(),
                _ => format!("{prefix}::{rest}"),
            })
        })
        .collect()
}

/// Every `crate::…` or `super::…` path in the code, `use` trees expanded.
fn paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest_of_code = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("use ") {
        let starts_word = at == 0 || !rest[..at].ends_with(is_ident);
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        rest_of_code.push_str(&rest[..at]);
        if starts_word {
            let tree = rest[at + 4..end].trim();
            if tree.starts_with("crate::") || tree.starts_with("super::") {
                out.extend(expand(tree));
            }
            rest = &rest[end..];
        } else {
            rest_of_code.push_str("use ");
            rest = &rest[at + 4..];
        }
    }
    rest_of_code.push_str(rest);
    let code = rest_of_code.as_str();
    for root in ["crate::", "super::"] {
        for (at, _) in code.match_indices(root) {
            if at > 0 && (code[..at].ends_with(is_ident) || code[..at].ends_with("::")) {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| is_ident(*c) || *c == ':')
                .collect();
            out.push(path.trim_end_matches(':').to_owned());
        }
    }
    out
}

/// The module a path names from inside `module`: `super` and `crate` resolved, items kept.
fn absolute(path: &str, module: &[String]) -> Vec<String> {
    let mut segments = path.split("::").filter(|s| !s.is_empty());
    let mut base: Vec<String> = Vec::new();
    let mut first = true;
    for segment in segments.by_ref() {
        match segment {
            "crate" if first => base.clear(),
            "super" => {
                if first {
                    base = module.to_vec();
                }
                // `super` in a.rs or in a/mod.rs is a's parent either way.
                base.pop();
            }
            other => {
                base.push(other.to_owned());
                break;
            }
        }
        first = false;
    }
    base.extend(segments.map(str::to_owned));
    base
}

/// The file defining the longest prefix of `target` that is a module.
fn resolve<'a>(target: &[String], modules: &'a BTreeMap<Vec<String>, PathBuf>) -> &'a Path {
    (0..=target.len())
        .rev()
        .find_map(|n| modules.get(&target[..n]))
        .expect("the crate root is a module")
}

type Graph = BTreeMap<PathBuf, BTreeSet<PathBuf>>;

fn graph(src: &Path) -> Graph {
    let files = files(src);
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (f.module.clone(), f.path.clone()))
        .collect();
    let mut graph = Graph::new();
    for file in &files {
        let edges = graph.entry(file.path.clone()).or_default();
        if file.module.is_empty() {
            continue; // lib.rs only declares modules.
        }
        for path in paths(&file.text) {
            let target = absolute(&path, &file.module);
            let to = resolve(&target, &modules);
            if to != file.path && !to.ends_with("lib.rs") {
                edges.insert(to.to_owned());
            }
        }
    }
    graph
}

fn short(path: &Path) -> String {
    let text = path.display().to_string();
    text.rfind("/src/")
        .map_or(text.clone(), |at| text[at + 1..].to_owned())
}

/// A cycle in the graph, as the files round it, or `None`.
fn cycle(graph: &Graph) -> Option<Vec<PathBuf>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &Path,
        graph: &Graph,
        marks: &mut BTreeMap<PathBuf, Mark>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = stack.iter().position(|p| p == node).expect("on the stack");
                let mut round = stack[from..].to_vec();
                round.push(node.to_owned());
                return Some(round);
            }
            None => {}
        }
        marks.insert(node.to_owned(), Mark::Open);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(round) = visit(next, graph, marks, stack) {
                return Some(round);
            }
        }
        stack.pop();
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}

/// The top-level module a file belongs to: `src/commands/talk.rs` → "commands".
fn top(path: &Path) -> String {
    let text = short(path);
    let rest = text.trim_start_matches("src/");
    rest.split(['/', '.']).next().unwrap_or_default().to_owned()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let graph = graph(&src());
    if let Some(round) = cycle(&graph) {
        let names: Vec<String> = round.iter().map(|p| short(p)).collect();
        panic!("import cycle: {}", names.join(" → "));
    }
}

#[test]
fn the_core_imports_nothing_above_it() {
    let graph = graph(&src());
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        if !CORE.contains(&top(from).as_str()) {
            continue;
        }
        for to in tos {
            if ABOVE_THE_CORE.contains(&top(to).as_str()) || !CORE.contains(&top(to).as_str()) {
                wrong.push(format!("{} → {}", short(from), short(to)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the core (corpus, search, archive, reply, router, commands, announce) imports upward:\n  {}",
        wrong.join("\n  ")
    );
}

/// The layers above the core, lowest first; a file may import its own layer or lower ones,
/// never a higher one, and the two platforms never import each other.
const LAYERS: &[&[&str]] = &[
    &["config", "metrics", "store", "logs"],
    &["app"],
    &["announcer", "watch", "chat", "leader"],
    &["discord", "slack"],
    &["server", "http_limits"],
];

/// The layer of a top-level module: 0 for the core, then [`LAYERS`] from 1.
fn layer(module: &str) -> usize {
    if CORE.contains(&module) {
        return 0;
    }
    LAYERS
        .iter()
        .position(|names| names.contains(&module))
        .map_or_else(
            || panic!("src/{module} is in no layer: add it to LAYERS"),
            |at| at + 1,
        )
}

#[test]
fn imports_point_down_the_layers() {
    let graph = graph(&src());
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        if from.ends_with("lib.rs") {
            continue;
        }
        let (from_top, from_layer) = (top(from), layer(&top(from)));
        for to in tos {
            let to_top = top(to);
            let platforms = ["discord", "slack"];
            let sideways = from_top != to_top
                && platforms.contains(&from_top.as_str())
                && platforms.contains(&to_top.as_str());
            if layer(&to_top) > from_layer || sideways {
                wrong.push(format!("{} → {}", short(from), short(to)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up (or from one platform to the other):\n  {}",
        wrong.join("\n  ")
    );
}

/// Crates of the transports, the network and the disk: the core uses none of them.
const PLATFORM_CRATES: &[&str] = &[
    "serenity",
    "slack_morphism",
    "axum",
    "hyper",
    "tokio",
    "rusqlite",
    "notify",
];

#[test]
fn the_core_uses_no_platform_crate() {
    let mut wrong = Vec::new();
    for file in files(&src()) {
        if !CORE.contains(&top(&file.path).as_str()) {
            continue;
        }
        for name in PLATFORM_CRATES {
            let used = file
                .text
                .match_indices(&format!("{name}::"))
                .any(|(at, _)| {
                    at == 0 || !file.text[..at].ends_with(|c: char| is_ident(c) || c == ':')
                });
            if used {
                wrong.push(format!("{} uses {name}", short(&file.path)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the core uses platform crates:\n  {}",
        wrong.join("\n  ")
    );
}

/// The checker itself: a loop and an upward edge planted in a scratch crate are found.
#[test]
fn the_checker_finds_a_planted_cycle_and_resolves_paths() {
    let scratch = std::env::temp_dir().join(format!("emcee-layers-{}", std::process::id()));
    let dir = scratch.join("src");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(dir.join("announce")).expect("a scratch dir");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("written");
    write(
        "lib.rs",
        "pub mod announce;\npub mod server;\npub mod reply;\n",
    );
    write(
        "announce/mod.rs",
        "//! x\nmod run;\npub use run::Announcer;\nuse crate::reply::{self, Reply};\n",
    );
    write(
        "announce/run.rs",
        "use super::{Channel, store::{Log}};\nfn f() { crate::server::App::new(); }\n\
         #[cfg(test)]\nmod tests { use crate::reply::Reply; }\n",
    );
    write(
        "server.rs",
        "// crate::reply::x\nuse crate::announce::run::Announcer;\n",
    );
    write("reply.rs", "pub struct Reply;\n");
    let graph = graph(&dir);
    let edges = |file: &str| -> Vec<String> {
        graph[&dir.join(file)]
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect()
    };
    assert_eq!(edges("announce/mod.rs"), ["reply.rs"]);
    assert_eq!(edges("announce/run.rs"), ["announce/mod.rs", "server.rs"]);
    assert_eq!(edges("server.rs"), ["announce/run.rs"]);
    let round = cycle(&graph).expect("the planted cycle");
    assert!(round.len() >= 3, "{round:?}");
    assert_eq!(top(&dir.join("announce/run.rs")), "announce");
    let _ = std::fs::remove_dir_all(&scratch);
}
