//! Game files at the extremes (issue 12, item 7): sizes checked before anything is built, a
//! 100,000-deep tree read, checked and described in linear time without deep recursion, and an
//! absent-minded player located at the node.

use brink_games::MAX_PAYOFF_ENTRIES;
use brink_games::{parse_game, read_efg, read_nfg, AnyGame};

#[test]
fn a_51_byte_nfg_declaring_50_million_profiles_is_refused_before_allocating() {
    let text = "NFG 1 R \"\" { \"A\" \"B\" \"C\" } { 1000 1000 50 }\n";
    let e = read_nfg("big.nfg", text).unwrap_err();
    assert_eq!(
        (e.location.unwrap().line, e.location.unwrap().col),
        (1, 40),
        "{e}"
    );
    assert!(e.message.contains("too large"), "{e}");
    assert!(e.message.contains(&MAX_PAYOFF_ENTRIES.to_string()), "{e}");
}

#[test]
fn three_hundred_players_with_a_million_strategies_each_build_no_labels() {
    // 300 × 10⁶ labels would be 3·10⁸ strings: the product is checked as each count is read.
    let players: Vec<String> = (0..300).map(|i| format!("\"p{i}\"")).collect();
    let text = format!(
        "NFG 1 R \"\" {{ {} }} {{ {} }}\n",
        players.join(" "),
        vec!["1000000"; 300].join(" ")
    );
    let e = read_nfg("huge.nfg", &text).unwrap_err();
    assert!(e.message.contains("too large"), "{e}");
    // Counts that overflow usize, and labels lists, take the same road.
    let text = "NFG 1 R \"\" { \"A\" \"B\" } { 18446744073709551615 18446744073709551615 }\n";
    assert!(read_nfg("o.nfg", text)
        .unwrap_err()
        .message
        .contains("too large"));
}

#[test]
fn a_payoff_table_shorter_than_declared_is_reported_not_reserved() {
    // 2 × 3 000 × 1 000 = 6·10⁶ payoffs declared (under the cap), 2 given.
    let text = "NFG 1 R \"\" { \"A\" \"B\" } { 3000 1000 }\n1 2\n";
    let e = read_nfg("short.nfg", text).unwrap_err();
    assert!(e.message.contains("expected 6000000"), "{e}");
    assert!(e.message.contains("found 2"), "{e}");
}

/// A chain of `n` alternating decisions ("go" continues, "stop" ends the game).
fn chain(n: usize) -> String {
    let mut s = String::from("EFG 2 R \"chain\" { \"A\" \"B\" }\n\"\"\n");
    for i in 0..n {
        s += &format!(
            "p \"\" {} {} \"\" {{ \"go\" \"stop\" }} 0\nt \"\" {} \"\" {{ 1, 0 }}\n",
            1 + i % 2,
            i + 1,
            i + 1
        );
    }
    s += &format!("t \"\" {} \"end\" {{ 0, 1 }}\n", n + 1);
    s
}

#[test]
fn a_100000_deep_chain_is_read_checked_and_described() {
    // Reading used to be quadratic in depth (the absent-minded check walked every ancestor of
    // every node: 133 s); `game info` traced every own-move path (minutes) and recursed once per
    // information set. On the test harness's 2 MB stack any deep recursion would abort here.
    let tree = read_efg("chain.efg", &chain(100_000)).unwrap();
    assert_eq!(tree.nodes().len(), 200_001);
    let info = brink_games::output::info_text(&AnyGame::Extensive(tree.clone()));
    assert!(info.contains("nodes: 200001"), "{}", &info[..200]);
    let e = brink_games::reduced_plans(&tree).unwrap_err();
    assert!(e.to_string().contains("game too large"), "{e}");
}

#[test]
fn an_absent_minded_player_is_located_at_the_second_node() {
    let text = "EFG 2 R \"absent\" { \"A\" }\n\"\"\n\np \"\" 1 1 \"x\" { \"a\" \"b\" } 0\np \"\" 1 1 0\nt \"\" 1 \"o1\" { 1 }\nt \"\" 2 \"o2\" { 2 }\nt \"\" 3 \"o3\" { 3 }\n";
    let e = match parse_game("absent.efg", text) {
        Err(e) => e,
        Ok(_) => panic!("an absent-minded tree was accepted"),
    };
    assert_eq!(
        (e.location.unwrap().line, e.location.unwrap().col),
        (5, 1),
        "{e}"
    );
    assert!(e.message.contains("absent-minded"), "{e}");
    // Deep in a chain, too: the node is found without walking every ancestor of every node.
    let deep = chain(50_000).replacen(
        "p \"\" 1 49999 \"\" { \"go\" \"stop\" } 0",
        "p \"\" 1 1 0",
        1,
    );
    let e = match parse_game("deep.efg", &deep) {
        Err(e) => e,
        Ok(_) => panic!("an absent-minded chain was accepted"),
    };
    assert_eq!(e.location.unwrap().line, 3 + 2 * 49_998, "{e}");
}

#[test]
fn control_characters_in_labels_are_escaped_in_messages() {
    let text = "NFG 1 R \"\u{1b}[2J\" { \"A\" } { 2 }\n1\n";
    let e = read_nfg("c\u{7}.nfg", text).unwrap_err();
    let shown = e.to_string();
    assert!(!shown.contains('\u{7}'), "{shown:?}");
    assert!(shown.starts_with("c\\u{7}.nfg:"), "{shown:?}");
}
