//! Validation against the DEU III half in ../shared (Arregui & Perarnaud 2021, via
//! blksv/predictioneers_game): the known figures of ../shared/reference/README.md.

use brink_analysis::validate;
use brink_core::{BargainingModel, ModelParams};
use brink_formats::deu::{self, Capability, DeuOptions};

fn score(capability: Capability, model: &str) -> Option<(f64, usize)> {
    let Some(shared) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("DEU III validation figures");
        return None;
    };
    let path = shared.join("reference/deu3/deu3_dev.tsv");
    let text = std::fs::read_to_string(path).expect("deu3_dev.tsv is readable");
    let dataset = deu::parse_with(&text, "deu3_dev.tsv", DeuOptions { capability }).unwrap();
    let models: Vec<&dyn BargainingModel> = vec![brink_models::by_name(model).unwrap()];
    let report = validate(&dataset, &models, &ModelParams::default(), 0).unwrap();
    Some((report.models[0].mae, report.models[0].n))
}

#[test]
fn compromise_mae_with_salience_times_gdp_is_20_48() {
    let Some((mae, n)) = score(Capability::Gdp, "compromise") else {
        return;
    };
    assert_eq!(n, 180);
    assert!((mae - 20.48).abs() < 0.01, "{mae}");
}

#[test]
fn compromise_mae_with_salience_only_is_21_39() {
    let Some((mae, n)) = score(Capability::Equal, "compromise") else {
        return;
    };
    assert_eq!(n, 180);
    assert!((mae - 21.39).abs() < 0.01, "{mae}");
}

#[test]
fn constant_midpoint_mae_is_27_71() {
    let Some((mae, _)) = score(Capability::Gdp, "midpoint") else {
        return;
    };
    assert!((mae - 27.71).abs() < 0.01, "{mae}");
}
