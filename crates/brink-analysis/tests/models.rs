//! The analyses with brink's real models on a fixture scenario with uncertain numbers.

use brink_analysis::{simulate, McOptions, SimulateOptions};
use brink_core::{BargainingModel, ModelParams, Scenario};

fn fixture() -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/talks.toml");
    let (s, _) = brink_formats::load_scenario(path).unwrap();
    s
}

fn json(threads: usize) -> String {
    let models = brink_models::registry();
    let mut mc = McOptions::new(600, 2026);
    mc.threads = Some(threads);
    let r = simulate(
        &fixture(),
        &models,
        &ModelParams::default(),
        SimulateOptions {
            mc,
            jitter: None,
            bins: 20,
        },
    )
    .unwrap();
    serde_json::to_string_pretty(&r).unwrap()
}

#[test]
fn one_and_two_threads_give_byte_identical_json() {
    assert_eq!(json(1), json(2));
}

#[test]
fn compromise_interval_brackets_its_median() {
    let v: serde_json::Value = serde_json::from_str(&json(2)).unwrap();
    for issue in v["issues"].as_array().unwrap() {
        let m = issue["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == "compromise")
            .unwrap();
        let q = |k: &str| m[k].as_f64().unwrap();
        assert!(q("p05") < q("median") && q("median") < q("p95"), "{m}");
        assert!(q("p05") <= q("point") && q("point") <= q("p95"), "{m}");
    }
}

#[test]
fn intervals_cover_every_model_and_issue() {
    let models: Vec<&dyn BargainingModel> = brink_models::registry();
    let iv =
        brink_analysis::intervals(&fixture(), &models, &ModelParams::default(), 300, 5).unwrap();
    assert_eq!(iv.len(), 2 * models.len());
    assert!(iv.iter().all(|i| i.p05 <= i.p95));
}

#[test]
fn the_bdm_kernel_gives_what_the_bdm_model_gives_draw_by_draw() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ec_emission.toml"
    );
    let (ec, _) = brink_formats::load_scenario(path).unwrap();
    let ec = brink_analysis::sample::jittered(&ec, 0.1);
    let models: [&dyn BargainingModel; 1] = [&brink_bdm::Bdm];
    for variant in ["scholz", "textbook"] {
        let params = ModelParams {
            variant: Some(variant.into()),
            ..ModelParams::default()
        };
        let mut generic = McOptions::new(120, 3);
        generic.kernels = &[];
        let fast = McOptions::new(120, 3);
        let a = brink_analysis::montecarlo::run(&ec, &models, &params, generic).unwrap();
        let b = brink_analysis::montecarlo::run(&ec, &models, &params, fast).unwrap();
        assert_eq!(a.values, b.values, "{variant}");
        assert!(a.values.iter().all(|v| v.is_finite()));
    }
}
