//! The top-level modules form a DAG that reads as the pipeline: vocabulary at the bottom
//! (`catalog`, `inventory`), then findings, checks, the registry, the report and its renderers, and
//! the command line at the top. This test reads the sources and fails when a module imports one it
//! may not, so the direction cannot drift back into a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module and the crate modules its non-test code may name. `app` ties every layer
/// together and may name any of them.
const LAYERS: &[(&str, &[&str])] = &[
    ("catalog", &[]),
    ("compliance", &[]),
    ("filter_pattern", &[]),
    ("inventory", &[]),
    ("policy", &[]),
    ("finding", &["catalog", "inventory"]),
    ("network", &["inventory"]),
    ("check", &["catalog", "finding", "inventory"]),
    (
        "checks",
        &[
            "catalog",
            "check",
            "filter_pattern",
            "finding",
            "inventory",
            "network",
            "policy",
        ],
    ),
    ("registry", &["catalog", "check", "checks", "compliance"]),
    ("responsibility", &["catalog", "finding", "inventory"]),
    (
        "report",
        &["catalog", "finding", "inventory", "responsibility"],
    ),
    ("mutelist", &["finding", "inventory"]),
    // Collection knows the inventory it fills and parses policy text into it; never a check.
    ("collect", &["inventory", "policy"]),
    ("accounts", &["collect", "inventory", "output"]),
    (
        "output",
        &[
            "catalog",
            "check",
            "compliance",
            "finding",
            "inventory",
            "report",
            "responsibility",
        ],
    ),
    ("baseline", &["finding", "output"]),
    (
        "merge",
        &["finding", "inventory", "output", "registry", "report"],
    ),
    ("learn", &["catalog", "finding", "output", "report"]),
    (
        "cli",
        &[
            "accounts",
            "catalog",
            "collect",
            "compliance",
            "finding",
            "output",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules: every file and directory under `src/` but the crate roots, the test-only
/// `hostile_input`, and the snapshots folder.
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(src()).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a UTF-8 name")
            .to_string();
        if ["lib", "main", "snapshots", "hostile_input"].contains(&name.as_str()) {
            continue;
        }
        let files = if path.is_dir() {
            rust_files(&path)
        } else {
            vec![path]
        };
        modules.insert(name, files);
    }
    modules
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("a readable module directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The crate modules a file's non-test code names as `crate::<module>`. Test modules come last in
/// every file, so everything from the first `#[cfg(test)]` on is left out.
fn imports(text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.match_indices("crate::")
        .filter_map(|(at, _)| {
            let rest = &code[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            known.contains(&name).then_some(name)
        })
        .collect()
}

#[test]
fn each_layer_imports_only_what_it_may() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let layers: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, files) in &modules {
        if module == "app" {
            continue;
        }
        let Some(allowed) = layers.get(module.as_str()) else {
            wrong.push(format!("{module} is not placed in LAYERS"));
            continue;
        };
        for file in files {
            let text = fs::read_to_string(file).expect("a readable source file");
            for import in imports(&text, &known) {
                if import != *module && !allowed.contains(&import.as_str()) {
                    wrong.push(format!("{} imports crate::{import}", file.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_layers_form_a_dag() {
    let layers: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        module: &'a str,
        layers: &BTreeMap<&'a str, &'a [&'a str]>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(module) {
            return;
        }
        assert!(
            !path.contains(&module),
            "cycle: {} -> {module}",
            path.join(" -> ")
        );
        path.push(module);
        for dependency in layers.get(module).copied().unwrap_or_default() {
            visit(dependency, layers, path, done);
        }
        path.pop();
        done.insert(module);
    }
    let mut done = BTreeSet::new();
    for module in layers.keys() {
        visit(module, &layers, &mut Vec::new(), &mut done);
    }
    assert_eq!(done.len(), LAYERS.len(), "every named layer is placed");
}

#[test]
fn the_check_finding_inventory_knot_stays_untied() {
    // The cycle the layers replaced: vocabulary must not reach back up the pipeline.
    let layers: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    for leaf in ["catalog", "inventory"] {
        assert!(layers[leaf].is_empty(), "{leaf} is a leaf");
    }
    assert!(!layers["finding"].contains(&"check"));
    assert!(!layers["finding"].contains(&"responsibility"));
    assert!(!layers["responsibility"].contains(&"check"));
}

#[test]
fn imports_are_read_from_code_not_tests() {
    let known: BTreeSet<String> = ["check", "finding"].map(String::from).into();
    let text =
        "use crate::finding::Finding;\n#[cfg(test)]\nmod tests { use crate::check::Settings; }";
    assert_eq!(imports(text, &known), ["finding".to_string()].into());
}
