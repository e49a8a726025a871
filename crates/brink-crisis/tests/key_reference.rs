//! docs/crisis.md's key reference lists exactly the keys the `[crisis]` section accepts.

use brink_crisis::GameKind;
use std::collections::BTreeSet;

#[test]
fn the_doc_lists_every_key_the_code_accepts_and_no_other() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/crisis.md"))
        .expect("docs/crisis.md");
    let section = doc
        .split("## Every `[crisis]` key")
        .nth(1)
        .expect("docs/crisis.md has the key reference");
    let documented: BTreeSet<String> = section
        .lines()
        .take_while(|l| !l.starts_with("###"))
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect();
    let mut accepted: BTreeSet<String> = BTreeSet::new();
    for kind in GameKind::ALL.into_iter().chain([GameKind::UserEfg]) {
        accepted.extend(kind.accepted_keys().into_iter().map(str::to_string));
    }
    assert_eq!(documented, accepted);
}
