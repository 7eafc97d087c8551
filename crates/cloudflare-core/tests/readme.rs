//! The README's operations table is generated from the catalogue; this test keeps them in sync.
//! Run with `UPDATE_README=1` to rewrite the table.

use cloudflare_core::catalogue::{catalogue, rust_item};

const START: &str = "<!-- operations:start -->";
const END: &str = "<!-- operations:end -->";

fn table() -> String {
    let mut out =
        String::from("| # | Method | Path | Rust item | Pagination |\n|---|---|---|---|---|\n");
    for (i, info) in catalogue().iter().enumerate() {
        let item = rust_item(info.name).unwrap_or("?");
        let deprecated = if info.deprecated { " (deprecated)" } else { "" };
        out.push_str(&format!(
            "| {} | {} | `{}` | `{}`{} | {} |\n",
            i + 1,
            info.method,
            info.path,
            item,
            deprecated,
            info.pagination.as_str()
        ));
    }
    out
}

#[test]
fn readme_operations_table_matches_the_catalogue() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = match (readme.find(START), readme.find(END)) {
        (Some(s), Some(e)) if s < e => (s + START.len(), e),
        _ => panic!("README.md lacks the {START} ... {END} markers"),
    };
    let expected = format!("\n{}", table());
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..start], expected, &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        expected,
        "README operations table is stale: run UPDATE_README=1 cargo test -p cloudflare-core --test readme"
    );
}
