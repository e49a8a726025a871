//! Any bytes through the `.efg`/`.nfg` readers: never a panic; whatever parses writes back to
//! text that reads as the same game.
#![no_main]

use brink_games::{parse_game, write_efg, write_nfg, AnyGame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(game) = parse_game("fuzz", &text) {
        let again = match &game {
            AnyGame::Extensive(t) => parse_game("rewritten", &write_efg(t)),
            AnyGame::Strategic(g) => parse_game("rewritten", &write_nfg(g)),
        };
        assert_eq!(again.as_ref().ok(), Some(&game), "a written game must read back the same");
    }
});
